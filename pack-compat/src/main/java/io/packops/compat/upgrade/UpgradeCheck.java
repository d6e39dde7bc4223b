package io.packops.compat.upgrade;

import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.FleetReport;
import io.packops.compat.schema.WarehouseSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which tiles and KPIs of a pack an upgrade of its dbt package breaks: the pack is checked against a schema before
 * and after the upgrade ({@link UpgradeDiff#applyTo}) and the two reports compared tile by tile. For a fleet, the
 * diff is applied once per distinct fingerprint ({@link UpgradeDiff#applyToFleet}) and each side is one
 * {@link CompatChecker#checkFleet}: a compiled pack is resolved once per fingerprint and dialect on each side.
 * Stateless and thread-safe.
 */
public final class UpgradeCheck {

    private final CompatChecker checker = new CompatChecker();

    /** {@code pack} against {@code before} (a schema under the old release) and {@code before} upgraded by {@code diff}. */
    public PackUpgrade check(CompiledPack pack, WarehouseSchema before, UpgradeDiff diff) {
        WarehouseSchema after = diff.applyTo(before);
        CompatReport was = checker.check(pack, before);
        CompatReport now = checker.check(pack, after);
        return new PackUpgrade(pack.pack().name(), pack.pack().version(), before.warehouse(), was.fingerprint(),
                now.fingerprint(), pack.queries().size(), UpgradeOutcome.of(pack, was.problems(), now.problems(), diff));
    }

    /** {@code pack} against every schema of an upgraded fleet: the blast radius of the upgrade for this pack version. */
    public FleetUpgrade checkFleet(CompiledPack pack, UpgradedFleet fleet) {
        FleetReport was = checker.checkFleet(pack, fleet.before());
        FleetReport now = checker.checkFleet(pack, fleet.after());
        Map<String, FleetReport.Entry> nowByFingerprint = new HashMap<>();
        now.fingerprints().forEach(e -> nowByFingerprint.put(e.fingerprint(), e));
        List<FleetUpgrade.Entry> entries = new ArrayList<>();
        for (FleetReport.Entry before : was.fingerprints()) {
            String fingerprintAfter = fleet.fingerprints().get(before.fingerprint());
            Map<String, FleetReport.WarehouseVerdict> afterByWarehouse = new HashMap<>();
            nowByFingerprint.get(fingerprintAfter).verdicts().forEach(v -> afterByWarehouse.put(key(v.warehouse()), v));
            List<FleetUpgrade.WarehouseOutcome> outcomes = new ArrayList<>();
            for (FleetReport.WarehouseVerdict v : before.verdicts()) {
                // the after group may hold more accounts (fingerprints the upgrade merges); its problems are the same
                FleetReport.WarehouseVerdict a = afterByWarehouse.get(key(v.warehouse()));
                outcomes.add(new FleetUpgrade.WarehouseOutcome(v.warehouse(), v.schemas(), v.accounts(),
                        UpgradeOutcome.of(pack, v.problems(), a.problems(), fleet.diff())));
            }
            entries.add(new FleetUpgrade.Entry(before.fingerprint(), fingerprintAfter, before.schemas(),
                    before.accounts(), outcomes));
        }
        return new FleetUpgrade(pack.pack().name(), pack.pack().version(), fleet.before().size(), entries);
    }

    private static String key(String warehouse) {
        return warehouse == null ? "" : warehouse.toLowerCase(Locale.ROOT);
    }
}
