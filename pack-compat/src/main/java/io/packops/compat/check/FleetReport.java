package io.packops.compat.check;

import java.util.List;
import java.util.SortedSet;

/**
 * One pack version against a fleet: one entry per distinct schema fingerprint, each checked once (and once
 * more per warehouse dialect only where the pack's SQL makes the dialect matter).
 */
public record FleetReport(String pack, String version, int schemas, boolean compatible, List<Entry> fingerprints) {

    public FleetReport {
        fingerprints = List.copyOf(fingerprints);
    }

    /**
     * {@code accounts} lists the account ids it covers (where schemas carry one). {@code report} merges the
     * problems of every warehouse in the group (compatible only when every warehouse is); {@code verdicts}
     * gives each warehouse's own verdict, schemas and accounts, so a pack broken on one warehouse shows exactly
     * that one in its blast radius.
     */
    public record Entry(String fingerprint, int schemas, SortedSet<String> accounts, SortedSet<String> warehouses,
                       CompatReport report, List<WarehouseVerdict> verdicts) {

        public Entry {
            verdicts = List.copyOf(verdicts);
        }

        public Entry(String fingerprint, int schemas, SortedSet<String> accounts, SortedSet<String> warehouses,
                     CompatReport report) {
            this(fingerprint, schemas, accounts, warehouses, report, List.of());
        }
    }

    /**
     * One warehouse within a fingerprint group: {@code warehouse} as the schemas name it ({@code null} for schemas
     * that name none, checked with PostgreSQL's rules), how many schemas and which accounts, and its own problems.
     */
    public record WarehouseVerdict(String warehouse, int schemas, SortedSet<String> accounts, boolean compatible,
                                   List<Problem> problems) {
        public WarehouseVerdict {
            problems = List.copyOf(problems);
        }
    }

    public int incompatibleSchemas() {
        return fingerprints.stream().filter(e -> !e.report().compatible()).mapToInt(Entry::schemas).sum();
    }

    /** Schemas on a warehouse whose own verdict is incompatible (a pack broken on one warehouse counts only those). */
    public int incompatibleWarehouseSchemas() {
        return fingerprints.stream().flatMap(e -> e.verdicts().stream()).filter(v -> !v.compatible())
                .mapToInt(WarehouseVerdict::schemas).sum();
    }
}
