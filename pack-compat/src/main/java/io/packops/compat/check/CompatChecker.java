package io.packops.compat.check;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.problem.Severity;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.resolve.QueryResolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks pack versions against warehouse schemas. {@link #check} answers for one schema;
 * {@link #checkFleet} resolves each distinct fingerprint once and says how many schemas,
 * accounts and warehouses each covers, with a verdict per warehouse. Stateless and thread-safe.
 */
public final class CompatChecker {

    public CompatReport check(DashboardPack pack, WarehouseSchema schema) {
        return check(CompiledPack.compile(pack), schema);
    }

    public CompatReport check(CompiledPack compiled, WarehouseSchema schema) {
        List<Problem> problems = resolve(compiled, schema).problems(compiled, schema.warehouse());
        DashboardPack pack = compiled.pack();
        return new CompatReport(pack.name(), pack.version(), schema.fingerprint(),
                problems.stream().noneMatch(Problem::isError), problems);
    }

    public FleetReport checkFleet(DashboardPack pack, Collection<WarehouseSchema> schemas) {
        return checkFleet(CompiledPack.compile(pack), schemas);
    }

    public FleetReport checkFleet(CompiledPack compiled, Collection<WarehouseSchema> schemas) {
        Map<String, List<WarehouseSchema>> byFingerprint = new LinkedHashMap<>();
        for (WarehouseSchema s : schemas) {
            byFingerprint.computeIfAbsent(s.fingerprint(), k -> new ArrayList<>()).add(s);
        }
        boolean perDialectSql = compiled.queries().stream().anyMatch(CompiledPack.Query::expandsPerDialect);
        List<FleetReport.Entry> entries = new ArrayList<>();
        boolean compatible = true;
        Map<String, List<List<Problem>>> dialectProblems = new java.util.HashMap<>(); // by warehouse, for every group
        for (Map.Entry<String, List<WarehouseSchema>> group : byFingerprint.entrySet()) {
            FleetReport.Entry entry = entry(compiled, group.getKey(), group.getValue(), perDialectSql, dialectProblems);
            compatible &= entry.report().compatible();
            entries.add(entry);
        }
        return new FleetReport(compiled.pack().name(), compiled.pack().version(), schemas.size(), compatible, entries);
    }

    /**
     * One fingerprint group. Same relations and families: resolution differs by dialect only in alias scoping
     * (and for SQL whose dbt macros expand per warehouse), so it runs once, and again per other dialect only when
     * the first run made a dialect-dependent decision. The dialect's own findings come from the compiled pack.
     */
    private FleetReport.Entry entry(CompiledPack compiled, String fingerprint, List<WarehouseSchema> members,
                                    boolean perDialectSql, Map<String, List<List<Problem>>> dialectProblems) {
        TreeSet<String> accounts = new TreeSet<>();
        TreeSet<String> warehouses = new TreeSet<>();
        Map<String, List<WarehouseSchema>> byWarehouse = new LinkedHashMap<>();
        for (WarehouseSchema s : members) {
            if (s.accountId() != null) {
                accounts.add(s.accountId());
            }
            if (s.warehouse() != null) {
                warehouses.add(s.warehouse());
            }
            byWarehouse.computeIfAbsent(s.warehouse() == null ? null : s.warehouse().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(s);
        }
        Map<Dialect, Resolved> resolved = new LinkedHashMap<>();
        Resolved first = null;
        Set<Problem> merged = new LinkedHashSet<>();
        List<FleetReport.WarehouseVerdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<WarehouseSchema>> w : byWarehouse.entrySet()) {
            Dialect dialect = Dialect.of(w.getKey());
            Resolved r = resolved.get(dialect);
            if (r == null) {
                boolean again = first == null || first.anySensitive() || perDialectSql;
                // resolve(...) reuses every query whose parse and verdict do not depend on the dialect
                r = again ? resolve(compiled, w.getValue().get(0), List.copyOf(resolved.values())) : first;
                resolved.put(dialect, r);
                first = first == null ? r : first;
            }
            List<Problem> problems = r.problems(dialectProblems.computeIfAbsent(w.getKey() == null ? "" : w.getKey(),
                    k -> dialectProblems(compiled, w.getKey())));
            merged.addAll(problems);
            TreeSet<String> ids = new TreeSet<>();
            for (WarehouseSchema s : w.getValue()) {
                if (s.accountId() != null) {
                    ids.add(s.accountId());
                }
            }
            verdicts.add(new FleetReport.WarehouseVerdict(w.getKey(), w.getValue().size(), ids,
                    problems.stream().noneMatch(Problem::isError), problems));
        }
        List<Problem> problems = new ArrayList<>(merged);
        CompatReport report = new CompatReport(compiled.pack().name(), compiled.pack().version(), fingerprint,
                problems.stream().noneMatch(Problem::isError), problems);
        return new FleetReport.Entry(fingerprint, members.size(), accounts, warehouses, report, verdicts);
    }

    /**
     * What resolution against one schema found, per query (for the dialect of that schema's warehouse), before
     * each warehouse's dialect findings are added.
     */
    private record Resolved(Dialect dialect, Problem connector, List<List<Problem>> perQuery, boolean[] sensitive) {

        boolean anySensitive() {
            for (boolean b : sensitive) {
                if (b) {
                    return true;
                }
            }
            return false;
        }

        /** The report's problems for a schema of {@code warehouse}: each query's resolution, then its dialect findings. */
        List<Problem> problems(CompiledPack compiled, String warehouse) {
            return problems(dialectProblems(compiled, warehouse));
        }

        /** As above, with the warehouse's dialect problems per query already made ({@link #dialectProblems}). */
        List<Problem> problems(List<List<Problem>> dialectProblems) {
            List<Problem> out = new ArrayList<>();
            if (connector != null) {
                out.add(connector);
            }
            for (int i = 0; i < perQuery.size(); i++) {
                out.addAll(perQuery.get(i));
                out.addAll(dialectProblems.get(i));
            }
            return out;
        }
    }

    /** Each query's dialect findings on {@code warehouse} as report problems: the same for every schema of it. */
    private static List<List<Problem>> dialectProblems(CompiledPack compiled, String warehouse) {
        Dialect dialect = Dialect.of(warehouse);
        String name = warehouse == null ? dialect.wireName() : warehouse.toLowerCase(Locale.ROOT);
        List<List<Problem>> out = new ArrayList<>();
        for (CompiledPack.Query q : compiled.queries()) {
            List<Problem> problems = new ArrayList<>();
            for (Finding f : q.dialectFindings(dialect)) {
                problems.add(problem(q, f, name, warehouse == null));
            }
            out.add(problems);
        }
        return out;
    }

    private Resolved resolve(CompiledPack compiled, WarehouseSchema schema) {
        return resolve(compiled, schema, List.of());
    }

    /**
     * Resolves each query against {@code schema} for its warehouse's dialect. A query whose parse is one that a
     * {@code known} resolution (same schema body, another dialect) resolved without a dialect-dependent decision is
     * not resolved again: it gets the same answer.
     */
    private Resolved resolve(CompiledPack compiled, WarehouseSchema schema, List<Resolved> known) {
        Problem connectorProblem = null;
        String connector = compiled.pack().connector();
        if (schema.connector() != null && connector != null && !schema.connector().equalsIgnoreCase(connector)) {
            connectorProblem = new Problem(Severity.WARNING, ProblemCode.CONNECTOR_MISMATCH, null, null, null, null, null,
                    null, null, "schema is a " + schema.connector() + " schema but the pack is for " + connector);
        }
        Dialect dialect = Dialect.of(schema.warehouse());
        List<CompiledPack.Query> queries = compiled.queries();
        List<List<Problem>> perQuery = new ArrayList<>(queries.size());
        boolean[] sensitive = new boolean[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            CompiledPack.Query q = queries.get(i);
            List<Problem> reused = null;
            for (Resolved k : known) {
                if (reused == null && !k.sensitive[i] && q.parsed(dialect) == q.parsed(k.dialect)) {
                    reused = k.perQuery.get(i);
                }
            }
            if (reused != null) {
                perQuery.add(reused);
                continue;
            }
            List<Problem> problems = new ArrayList<>();
            QueryResolver.Resolution r = QueryResolver.resolve(q.parsed(dialect), schema);
            sensitive[i] = r.dialectSensitive();
            for (Finding f : r.findings()) {
                problems.add(problem(q, f, null, false));
            }
            if (q.kpiSpec() != null && q.parsed(dialect).parsed()) {
                narrative(q, r, problems);
            }
            perQuery.add(problems);
        }
        return new Resolved(dialect, connectorProblem, perQuery, sensitive);
    }

    private static void narrative(CompiledPack.Query q, QueryResolver.Resolution r, List<Problem> problems) {
        NarrativeTemplate.Parsed parsed = q.narrative();
        int base = q.kpiSpec().narrativeLine();
        for (NarrativeTemplate.Invalid bad : parsed.invalid()) {
            problems.add(new Problem(Severity.ERROR, ProblemCode.NARRATIVE_PLACEHOLDER, null, null, q.kpi(), null, null,
                    bad.line(), base > 0 ? base + bad.line() - 1 : null, bad.detail()));
        }
        Set<String> reported = new HashSet<>();
        for (NarrativeTemplate.Placeholder p : parsed.placeholders()) {
            if (!r.openOutputs() && !r.hasOutput(p.name()) && reported.add(p.name().toLowerCase(Locale.ROOT))) {
                List<String> outputs = r.outputs().stream().map(c -> c.name()).toList();
                problems.add(new Problem(Severity.ERROR, ProblemCode.NARRATIVE_PLACEHOLDER, null, null, q.kpi(), null,
                        p.name(), p.line(), base > 0 ? base + p.line() - 1 : null,
                        "narrative placeholder {{ " + p.name() + " }} is not an output column of the KPI's SQL"
                                + " (outputs: " + String.join(", ", outputs) + ")"));
            }
        }
    }

    /** {@code assumed}: the schema names no warehouse, so PostgreSQL's rules were applied; the detail says so. */
    private static Problem problem(CompiledPack.Query q, Finding f, String warehouse, boolean assumed) {
        Integer fileLine = q.sqlLine() > 0 ? q.sqlLine() + f.line() - 1 : null;
        String detail = assumed ? f.detail() + " (the schema names no warehouse, so PostgreSQL's rules apply;"
                + " name its warehouse to check another)" : f.detail();
        return new Problem(f.severity(), f.code(), q.dashboard(), q.tile(), q.kpi(), f.relation(), f.column(), f.line(),
                fileLine, detail, warehouse);
    }
}
