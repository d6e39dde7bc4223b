package io.packops.compat.check;

import io.packops.compat.manifest.Dashboard;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.Kpi;
import io.packops.compat.manifest.Tile;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;

import java.util.ArrayList;
import java.util.List;

/**
 * A pack version with every tile and KPI parsed once. Parsing costs far more than resolving, and
 * does not depend on the schema, so one CompiledPack is resolved against every fingerprint.
 * Immutable and safe to share between threads.
 */
public final class CompiledPack {

    /** One query of the pack and where it sits. Exactly one of {@code tile}/{@code kpi} is set. */
    public record Query(String dashboard, String tile, String kpi, int sqlLine, ParsedQuery parsed, Kpi kpiSpec,
                        NarrativeTemplate.Parsed narrative) {
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
                queries.add(new Query(d.id(), t.id(), null, t.sqlLine(), SqlCompiler.compile(t.sql(), budget), null, null));
            }
        }
        for (Kpi k : pack.kpis()) {
            queries.add(new Query(null, null, k.id(), k.sqlLine(), SqlCompiler.compile(k.sql(), budget), k,
                    NarrativeTemplate.parse(k.narrative())));
        }
        return new CompiledPack(pack, queries);
    }

    public DashboardPack pack() {
        return pack;
    }

    public List<Query> queries() {
        return queries;
    }
}
