package io.packops.alerting.upgrades;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.packops.alerting.service.CompatService.GateReport;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * The release gate's answer: the gate's report on the current fleet (its fields, unchanged) and
 * {@code comingReleases}, what each registered coming release of the connector's dbt packages would do to this pack
 * version when accounts upgrade. A coming release does not block the publish (the pack compiles today); it tells the
 * author to fix the pack before the package ships.
 */
@RegisterForReflection
public record GateAnswer(@JsonUnwrapped GateReport gate, List<ComingRelease> comingReleases) {

    /** One coming release: the package, its version and the one before it, and what it breaks for this version. */
    @RegisterForReflection
    public record ComingRelease(String dbtPackage, String version, String from, boolean breaks, long accounts,
                                Map<String, Long> accountsByWarehouse, List<UpgradeReport.Tile> brokenTiles) {

        public static ComingRelease of(UpgradeReport r) {
            UpgradeReport.PackResult p = r.packs().get(0);
            return new ComingRelease(r.packageName(), r.version(), r.fromVersion(), p.breaks(), p.accounts(),
                    p.accountsByWarehouse(), p.brokenTiles());
        }
    }
}
