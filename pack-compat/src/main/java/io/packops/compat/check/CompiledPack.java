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
import io.packops.compat.sql.dialect.UsageScanner;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A pack version whose tiles and KPIs are parsed once per warehouse dialect they are checked for, and judged once
 * per dialect (functions, types, syntax). Parsing costs far more than resolving, and does not depend on the schema,
 * so one CompiledPack is resolved against every fingerprint. Templates are expanded for the five warehouses up
 * front (cheap); a query is parsed when a warehouse first needs it, and once only for warehouses whose expansions
 * are the same text (every warehouse, for SQL without dbt macros). Safe to share between threads.
 */
public final class CompiledPack {

    /**
     * One query of the pack and where it sits. Exactly one of {@code tile}/{@code kpi} is set; {@code sqlLine} is the
     * manifest line its SQL starts on (0 when unknown).
     */
    public record Query(String dashboard, String tile, String kpi, int sqlLine, Kpi kpiSpec,
                        NarrativeTemplate.Parsed narrative, PerDialect dialects) {

        /** The query parsed as PostgreSQL (and every warehouse, when it uses no dbt macro) sees it. */
        public ParsedQuery parsed() {
            return dialects.parsed(Dialect.POSTGRES);
        }

        /** The query parsed with its dbt macros expanded for {@code dialect}. */
        public ParsedQuery parsed(Dialect dialect) {
            return dialects.parsed(dialect);
        }

        /** What {@code dialect}'s catalogue says about this query's functions, types and syntax. */
        public List<Finding> dialectFindings(Dialect dialect) {
            return dialects.findings(dialect);
        }

        /** Whether the warehouse changes its SQL (dbt macros that expand differently). */
        public boolean expandsPerDialect() {
            return dialects.differ();
        }
    }

    /** A query's expansion per warehouse, and its parse and dialect findings once a check needs them. */
    public static final class PerDialect {
        private final String sql;
        private final Map<Dialect, TemplateExpander.Expanded> expansions;
        private final CompiledPack owner;
        /** Guarded by {@code owner} (whose parse budget they share). */
        private final Map<Dialect, ParsedQuery> parsed = new EnumMap<>(Dialect.class);
        private final Map<Dialect, List<Finding>> findings = new EnumMap<>(Dialect.class);

        private PerDialect(CompiledPack owner, String sql) {
            this.owner = owner;
            this.sql = sql;
            Map<Dialect, TemplateExpander.Expanded> e = new EnumMap<>(Dialect.class);
            TemplateExpander.Expanded base = TemplateExpander.expand(sql, Dialect.POSTGRES);
            for (Dialect d : Dialect.ALL) {
                e.put(d, d == Dialect.POSTGRES || !base.macros() ? base : TemplateExpander.expand(sql, d));
            }
            this.expansions = Map.copyOf(e);
        }

        ParsedQuery parsed(Dialect dialect) {
            synchronized (owner) {
                ParsedQuery p = parsed.get(dialect);
                if (p == null) {
                    TemplateExpander.Expanded e = expansions.get(dialect);
                    for (Map.Entry<Dialect, ParsedQuery> done : parsed.entrySet()) {
                        if (expansions.get(done.getKey()).sql().equals(e.sql())) {
                            p = done.getValue();
                        }
                    }
                    p = p != null ? p : SqlCompiler.compile(sql, e, owner.budget);
                    parsed.put(dialect, p);
                }
                return p;
            }
        }

        List<Finding> findings(Dialect dialect) {
            ParsedQuery p = parsed(dialect);
            synchronized (owner) {
                return findings.computeIfAbsent(dialect, d -> List.copyOf(DialectRules.check(UsageScanner.scan(p), d)));
            }
        }

        boolean differ() {
            String base = expansions.get(Dialect.POSTGRES).sql();
            return expansions.values().stream().anyMatch(e -> !e.sql().equals(base));
        }
    }

    private final DashboardPack pack;
    private final List<Query> queries;
    private final SqlCompiler.Budget budget = new SqlCompiler.Budget();

    private CompiledPack(DashboardPack pack) {
        this.pack = pack;
        List<Query> qs = new ArrayList<>();
        for (Dashboard d : pack.dashboards()) {
            for (Tile t : d.tiles()) {
                qs.add(new Query(d.id(), t.id(), null, t.sqlLine(), null, null, new PerDialect(this, t.sql())));
            }
        }
        for (Kpi k : pack.kpis()) {
            qs.add(new Query(null, null, k.id(), k.sqlLine(), k, NarrativeTemplate.parse(k.narrative()),
                    new PerDialect(this, k.sql())));
        }
        this.queries = List.copyOf(qs);
    }

    /** Expands every query's templates and parses it as PostgreSQL sees it; other dialects are parsed when first needed. */
    public static CompiledPack compile(DashboardPack pack) {
        CompiledPack compiled = new CompiledPack(pack);
        for (Query q : compiled.queries) {
            q.parsed();
        }
        return compiled;
    }

    public DashboardPack pack() {
        return pack;
    }

    public List<Query> queries() {
        return queries;
    }
}
