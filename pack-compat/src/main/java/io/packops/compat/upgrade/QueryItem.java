package io.packops.compat.upgrade;

import io.packops.compat.check.Problem;

/** A tile ({@code dashboard}, {@code tile}) or a KPI ({@code kpi}) of a pack. */
public record QueryItem(String dashboard, String tile, String kpi) {

    static QueryItem of(Problem p) {
        return new QueryItem(p.dashboard(), p.tile(), p.kpi());
    }

    /** {@code revenue/gross_volume_daily} for a tile, {@code kpis/mrr} for a KPI, as in the manifest. */
    public String label() {
        return kpi != null ? "kpis/" + kpi : dashboard + "/" + tile;
    }
}
