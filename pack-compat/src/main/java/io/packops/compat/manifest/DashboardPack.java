package io.packops.compat.manifest;

import java.util.List;

/** A validated {@code packops/v1} DashboardPack manifest. */
public record DashboardPack(
        String apiVersion,
        String kind,
        String name,
        String version,
        String connector,
        String description,
        List<Dashboard> dashboards,
        List<Kpi> kpis) {

    public DashboardPack {
        dashboards = List.copyOf(dashboards);
        kpis = List.copyOf(kpis);
    }
}
