package io.packops.alerting.upgrades;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.alerting.compat.ComingReleases.Tile;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a coming release of a connector's dbt package does to the fleet's packs: the diff from the release before it
 * (what accounts run now), and per served or held pack version the accounts that break when they upgrade (by
 * warehouse and by the package version their snapshots say), and the tiles with their causes and renames.
 * {@code verdict}: {@code breaks}, {@code clean}, or {@code baseline} (no earlier release registered to diff from).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UpgradeReport(long releaseId, String connector, String packageName, String version, String fromVersion,
                            String verdict, Diff diff, long totalAccounts, int fingerprints, List<PackResult> packs,
                            Instant checkedAt) {

    public static final String BREAKS = "breaks";
    public static final String CLEAN = "clean";
    public static final String BASELINE = "baseline";

    /** The diff's counts and its rename suggestions ({@code model.column → new}), never applied. */
    @RegisterForReflection
    public record Diff(int modelsRemoved, int modelsAdded, int columnsRemoved, int columnsAdded, int columnsRetyped,
                       List<String> removed, List<String> renames) {
    }

    /**
     * One pack version: {@code served} (what installers get) or held; {@code accounts} that break when they upgrade,
     * split by warehouse and by package version ({@code ""} unknown); the tiles the upgrade breaks; how many tiles
     * were already broken before it on some fingerprint (not blamed on it).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PackResult(String pack, String version, boolean served, boolean breaks, long accounts,
                             Map<String, Long> accountsByWarehouse, Map<String, Long> accountsByPackageVersion,
                             List<String> fingerprints, List<Tile> brokenTiles, List<String> alreadyBroken) {
    }

    public boolean breaks() {
        return BREAKS.equals(verdict);
    }

    /** The same report checked at {@code time} (null: the result alone, to compare two checks). */
    public UpgradeReport at(Instant time) {
        return new UpgradeReport(releaseId, connector, packageName, version, fromVersion, verdict, diff, totalAccounts,
                fingerprints, packs, time);
    }
}
