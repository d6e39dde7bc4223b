package io.packops.cli.check;

import io.packops.compat.check.Problem;
import io.packops.compat.manifest.Dashboard;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.Kpi;
import io.packops.compat.manifest.Tile;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tiles and KPIs of a pack in manifest order, with their lines: orders problems by item (dashboards
 * and their tiles, then KPIs), names the item a problem belongs to, and counts items.
 */
public final class PackLayout {

    private final Map<String, Integer> order = new HashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();

    public PackLayout(DashboardPack pack) {
        for (Dashboard d : pack.dashboards()) {
            for (Tile t : d.tiles()) {
                add(key(d.id(), t.id(), null), t.line());
            }
        }
        for (Kpi k : pack.kpis()) {
            add(key(null, null, k.id()), k.line());
        }
    }

    private void add(String key, int line) {
        order.putIfAbsent(key, order.size());
        lines.putIfAbsent(key, line);
    }

    /** How many tiles and KPIs the pack has. */
    public int items() {
        return order.size();
    }

    /** {@code revenue/gross_volume_daily} for a tile, {@code kpis/mrr} for a KPI (as in the manifest). */
    public static String label(Problem p) {
        if (p.kpi() != null) {
            return "kpis/" + p.kpi();
        }
        if (p.tile() != null) {
            return p.dashboard() + "/" + p.tile();
        }
        return p.dashboard();
    }

    /** The problem's line in the manifest file, else its tile's or KPI's line; 0 when neither is known. */
    public int fileLine(Problem p) {
        if (p.fileLine() != null) {
            return p.fileLine();
        }
        return lines.getOrDefault(key(p), 0);
    }

    /** Problems grouped by tile/KPI in manifest order, each group by line; stable otherwise. */
    public List<Problem> ordered(List<Problem> problems) {
        return problems.stream()
                .sorted(Comparator.comparingInt((Problem p) -> order.getOrDefault(key(p), -1))
                        .thenComparingInt(this::fileLine))
                .toList();
    }

    /** How many distinct tiles/KPIs these problems are in. */
    long itemsAffected(List<Problem> problems) {
        return problems.stream().map(PackLayout::key).distinct().count();
    }

    private static String key(Problem p) {
        return key(p.dashboard(), p.tile(), p.kpi());
    }

    private static String key(String dashboard, String tile, String kpi) {
        // Not the label: a dashboard may well be called "kpis".
        return kpi != null ? "kpi\u0000" + kpi : "tile\u0000" + Objects.toString(dashboard) + "\u0000" + tile;
    }
}
