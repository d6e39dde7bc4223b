package io.packops.compat;

/** Manifest text shared by tests that build packs on the fly. */
public final class TestManifests {
    private TestManifests() {
    }

    /** A stripe pack {@code name} 1.0.0 with one dashboard {@code d}, up to its {@code tiles:} key (tiles follow at 6 spaces). */
    public static String oneDashboard(String name) {
        return "apiVersion: packops/v1\nkind: DashboardPack\nname: " + name + "\nversion: 1.0.0\nconnector: stripe\n"
                + "dashboards:\n  - id: d\n    title: D\n    tiles:\n";
    }
}
