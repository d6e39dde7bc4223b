package io.packops.compat.check;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.problem.Severity;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.Dialect;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.resolve.QueryResolver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks pack versions against warehouse schemas. {@link #check} answers for one schema;
 * {@link #checkFleet} resolves each distinct fingerprint once and says how many schemas,
 * accounts and warehouses each covers. Stateless and thread-safe.
 */
public final class CompatChecker {

    public CompatReport check(DashboardPack pack, WarehouseSchema schema) {
        return check(CompiledPack.compile(pack), schema);
    }

    public CompatReport check(CompiledPack compiled, WarehouseSchema schema) {
        List<Problem> problems = problems(compiled, schema).problems();
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
        List<FleetReport.Entry> entries = new ArrayList<>();
        boolean compatible = true;
        for (Map.Entry<String, List<WarehouseSchema>> group : byFingerprint.entrySet()) {
            List<WarehouseSchema> members = group.getValue();
            TreeSet<String> accounts = new TreeSet<>();
            TreeSet<String> warehouses = new TreeSet<>();
            // Same relations and families; only select-alias scoping differs by dialect, so resolve once and
            // again per other dialect only when the pack's SQL made a dialect-dependent decision.
            Map<Dialect, WarehouseSchema> perDialect = new LinkedHashMap<>();
            for (WarehouseSchema s : members) {
                if (s.accountId() != null) {
                    accounts.add(s.accountId());
                }
                if (s.warehouse() != null) {
                    warehouses.add(s.warehouse());
                }
                perDialect.putIfAbsent(Dialect.of(s.warehouse()), s);
            }
            Set<Problem> merged = new LinkedHashSet<>();
            boolean sensitive = false;
            for (WarehouseSchema representative : perDialect.values()) {
                Checked checked = problems(compiled, representative);
                merged.addAll(checked.problems());
                sensitive |= checked.dialectSensitive();
                if (!sensitive) {
                    break;
                }
            }
            List<Problem> problems = new ArrayList<>(merged);
            boolean ok = problems.stream().noneMatch(Problem::isError);
            compatible &= ok;
            CompatReport report = new CompatReport(compiled.pack().name(), compiled.pack().version(), group.getKey(), ok,
                    problems);
            entries.add(new FleetReport.Entry(group.getKey(), members.size(), accounts, warehouses, report));
        }
        return new FleetReport(compiled.pack().name(), compiled.pack().version(), schemas.size(), compatible, entries);
    }

    private record Checked(List<Problem> problems, boolean dialectSensitive) {
    }

    private Checked problems(CompiledPack compiled, WarehouseSchema schema) {
        List<Problem> problems = new ArrayList<>();
        boolean sensitive = false;
        String connector = compiled.pack().connector();
        if (schema.connector() != null && connector != null && !schema.connector().equalsIgnoreCase(connector)) {
            problems.add(new Problem(Severity.WARNING, ProblemCode.CONNECTOR_MISMATCH, null, null, null, null, null,
                    null, null, "schema is a " + schema.connector() + " schema but the pack is for " + connector));
        }
        for (CompiledPack.Query q : compiled.queries()) {
            QueryResolver.Resolution r = QueryResolver.resolve(q.parsed(), schema);
            sensitive |= r.dialectSensitive();
            for (Finding f : r.findings()) {
                problems.add(problem(q, f));
            }
            if (q.kpiSpec() != null && q.parsed().parsed()) {
                narrative(q, r, problems);
            }
        }
        return new Checked(problems, sensitive);
    }

    private static void narrative(CompiledPack.Query q, QueryResolver.Resolution r, List<Problem> problems) {
        NarrativeTemplate.Parsed parsed = q.narrative();
        int base = q.kpiSpec().narrativeLine();
        for (NarrativeTemplate.Invalid bad : parsed.invalid()) {
            problems.add(new Problem(Severity.ERROR, ProblemCode.NARRATIVE_PLACEHOLDER, null, null, q.kpi(), null, null,
                    bad.line(), base > 0 ? base + bad.line() - 1 : null, bad.detail()));
        }
        Set<String> reported = new java.util.HashSet<>();
        for (NarrativeTemplate.Placeholder p : parsed.placeholders()) {
            if (!r.openOutputs() && !r.hasOutput(p.name()) && reported.add(p.name().toLowerCase(java.util.Locale.ROOT))) {
                List<String> outputs = r.outputs().stream().map(c -> c.name()).toList();
                problems.add(new Problem(Severity.ERROR, ProblemCode.NARRATIVE_PLACEHOLDER, null, null, q.kpi(), null,
                        p.name(), p.line(), base > 0 ? base + p.line() - 1 : null,
                        "narrative placeholder {{ " + p.name() + " }} is not an output column of the KPI's SQL"
                                + " (outputs: " + String.join(", ", outputs) + ")"));
            }
        }
    }

    private static Problem problem(CompiledPack.Query q, Finding f) {
        Integer fileLine = q.sqlLine() > 0 ? q.sqlLine() + f.line() - 1 : null;
        return new Problem(f.severity(), f.code(), q.dashboard(), q.tile(), q.kpi(), f.relation(), f.column(), f.line(),
                fileLine, f.detail());
    }
}
