package io.packops.alerting.compat;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * What the release gate adds about the coming releases of the connector's dbt packages ({@code comingReleases}):
 * implemented by {@code upgrades}, which uses compat, so compat declares what it needs here (no package cycle). A
 * coming release does not block the publish (the pack compiles today); it tells the author to fix the pack before the
 * package ships.
 */
public interface ComingReleases {

    /** {@code pack} (a version about to be published, {@code compiled}) against every coming release of its connector. */
    List<ComingRelease> check(DashboardPack pack, CompiledPack compiled);

    /** One coming release: the package, its version and the one before it, and what it breaks for this version. */
    @RegisterForReflection
    @Schema(name = "ComingRelease")
    record ComingRelease(String dbtPackage, String version, String from, boolean breaks, long accounts,
                         Map<String, Long> accountsByWarehouse, List<Tile> brokenTiles) {
    }

    /** A tile or KPI ({@code revenue/gross_volume_daily}, {@code kpis/mrr}) and why an upgrade breaks it. */
    @RegisterForReflection
    @Schema(name = "UpgradeBrokenTile")
    record Tile(String item, List<Issue> problems) {
    }

    /** One error the upgrade causes: pack-compat's code and place, the cause, and the rename suggested, if any. */
    @RegisterForReflection
    @Schema(name = "UpgradeIssue")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Issue(String code, String relation, String column, Integer fileLine, String detail, String cause,
                 String didYouMean) {
    }
}
