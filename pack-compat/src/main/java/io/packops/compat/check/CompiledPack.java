package io.packops.compat.check;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.manifest.Dashboard;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.Kpi;
import io.packops.compat.manifest.Tile;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import io.packops.compat.sql.TemplateExpander;
import io.packops.compat.sql.dialect.DialectRules;
import io.packops.compat.sql.dialect.SqlUsage;
import io.packops.compat.sql.dialect.UsageScanner;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pack version with every tile and KPI parsed once, and judged once per warehouse dialect (functions,
 * types, syntax). Parsing costs far more than resolving, and does not depend on the schema, so one
 * CompiledPack is resolved against every fingerprint. A query that uses dbt's cross-database macros is
 * parsed once per distinct expansion. Immutable and safe to share between threads.
 */
public final class CompiledPack {

    /**
     * One query of the pack and where it sits. Exactly one of {@code tile}/{@code kpi} is set. {@code parsed}
     * is its parse for PostgreSQL (and for every warehouse when it uses no dbt macro); {@code byDialect} the
     * parse per warehouse; {@code dialectFindings} what each warehouse's catalogue says about its SQL.
     */
    public record Query(String dashboard, String tile, String kpi, int sqlLine, ParsedQuery parsed, Kpi kpiSpec,
                        NarrativeTemplate.Parsed narrative, Map<Dialect, ParsedQuery> byDialect,
                        Map<Dialect, List<Finding>> dialectFindings) {

        public ParsedQuery parsed(Dialect dialect) {
            return byDialect.getOrDefault(dialect, parsed);
        }

        public List<Finding> dialectFindings(Dialect dialect) {
            return dialectFindings.getOrDefault(dialect, List.of());
        }

        /** Whether the warehouse changes its parsed SQL (dbt macros expand differently). */
        public boolean expandsPerDialect() {
            return byDialect.values().stream().anyMatch(p -> p != parsed);
        }
    }

    private final DashboardPack pack;
    private final List<Query> queries;

    private CompiledPack(DashboardPack pack, List<Query> queries) {
        this.pack = pack;
        this.queries = List.copyOf(queries);
    }

    public static CompiledPack compile(DashboardPack pack) {
        List<Query> queries = new ArrayList<>();
        SqlCompiler.Budget budget = new SqlCompiler.Budget();
        for (Dashboard d : pack.dashboards()) {
            for (Tile t : d.tiles()) {
                queries.add(query(d.id(), t.id(), null, t.sqlLine(), t.sql(), null, budget));
            }
        }
        for (Kpi k : pack.kpis()) {
            queries.add(query(null, null, k.id(), k.sqlLine(), k.sql(), k, budget));
        }
        return new CompiledPack(pack, queries);
    }

    private static Query query(String dashboard, String tile, String kpi, int sqlLine, String sql, Kpi spec,
                               SqlCompiler.Budget budget) {
        ParsedQuery base = SqlCompiler.compile(sql, budget, Dialect.POSTGRES);
        Map<Dialect, ParsedQuery> byDialect = new EnumMap<>(Dialect.class);
        for (Dialect d : Dialect.ALL) {
            byDialect.put(d, base);
            if (d != Dialect.POSTGRES && base.expanded().macros()) {
                TemplateExpander.Expanded e = TemplateExpander.expand(sql, d);
                ParsedQuery same = null;
                for (ParsedQuery p : byDialect.values()) {
                    same = same == null && p.expanded().sql().equals(e.sql()) ? p : same;
                }
                byDialect.put(d, same != null ? same : SqlCompiler.compile(sql, e, budget));
            }
        }
        Map<ParsedQuery, SqlUsage> usage = new IdentityHashMap<>();
        Map<Dialect, List<Finding>> findings = new EnumMap<>(Dialect.class);
        for (Dialect d : Dialect.ALL) {
            ParsedQuery p = byDialect.get(d);
            findings.put(d, List.copyOf(DialectRules.check(usage.computeIfAbsent(p, UsageScanner::scan), d)));
        }
        return new Query(dashboard, tile, kpi, sqlLine, base, spec,
                spec == null ? null : NarrativeTemplate.parse(spec.narrative()), Map.copyOf(byDialect), Map.copyOf(findings));
    }

    public DashboardPack pack() {
        return pack;
    }

    public List<Query> queries() {
        return queries;
    }
}
