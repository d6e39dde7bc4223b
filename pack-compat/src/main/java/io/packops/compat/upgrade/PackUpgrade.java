package io.packops.compat.upgrade;

/**
 * One pack version against one schema and its upgrade: the fingerprints before and after, how many tiles and KPIs
 * the pack has, and what the upgrade does to them.
 */
public record PackUpgrade(String pack, String version, String warehouse, String fingerprint, String fingerprintAfter,
                          int items, UpgradeOutcome outcome) {

    /** True when the upgrade breaks a tile or KPI that compiled before it. */
    public boolean breaks() {
        return outcome.breaks();
    }
}
