package io.packops.compat.check;

import java.util.List;
import java.util.SortedSet;

/**
 * One pack version against a fleet: one entry per distinct schema fingerprint, each checked once.
 */
public record FleetReport(String pack, String version, int schemas, boolean compatible, List<Entry> fingerprints) {

    public FleetReport {
        fingerprints = List.copyOf(fingerprints);
    }

    /** {@code accounts} lists the account ids it covers (where schemas carry one). */
    public record Entry(String fingerprint, int schemas, SortedSet<String> accounts, SortedSet<String> warehouses,
                        CompatReport report) {
    }

    public int incompatibleSchemas() {
        return fingerprints.stream().filter(e -> !e.report().compatible()).mapToInt(Entry::schemas).sum();
    }
}
