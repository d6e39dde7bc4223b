package io.packops.compat.upgrade;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One pack version against a fleet and an upgrade of its dbt package: per distinct fingerprint before the upgrade,
 * its fingerprint after, and per warehouse of the group what the upgrade does to the pack there. The blast radius of
 * the upgrade is the accounts of the outcomes that break ({@link #breakingAccountsByWarehouse}).
 */
public record FleetUpgrade(String pack, String version, int schemas, List<Entry> fingerprints) {

    public FleetUpgrade {
        fingerprints = List.copyOf(fingerprints);
    }

    public record Entry(String fingerprint, String fingerprintAfter, int schemas, SortedSet<String> accounts,
                        List<WarehouseOutcome> byWarehouse) {
        public Entry {
            byWarehouse = List.copyOf(byWarehouse);
        }

        public boolean breaks() {
            return byWarehouse.stream().anyMatch(w -> w.outcome().breaks());
        }
    }

    /** {@code warehouse} as the schemas name it (null: none named, checked with PostgreSQL's rules). */
    public record WarehouseOutcome(String warehouse, int schemas, SortedSet<String> accounts, UpgradeOutcome outcome) {
    }

    /** True when the upgrade breaks the pack for some schema of the fleet. */
    public boolean breaks() {
        return fingerprints.stream().anyMatch(Entry::breaks);
    }

    /** How many schemas the upgrade breaks the pack for. */
    public int breakingSchemas() {
        return fingerprints.stream().flatMap(e -> e.byWarehouse().stream()).filter(w -> w.outcome().breaks())
                .mapToInt(WarehouseOutcome::schemas).sum();
    }

    /** The accounts the upgrade breaks the pack for, by warehouse (sorted; schemas naming none under {@code ""}). */
    public Map<String, SortedSet<String>> breakingAccountsByWarehouse() {
        Map<String, SortedSet<String>> out = new TreeMap<>();
        for (Entry e : fingerprints) {
            for (WarehouseOutcome w : e.byWarehouse()) {
                if (w.outcome().breaks()) {
                    out.computeIfAbsent(w.warehouse() == null ? "" : w.warehouse(), k -> new TreeSet<>())
                            .addAll(w.accounts());
                }
            }
        }
        return out;
    }

    /** Each tile and KPI the upgrade breaks somewhere, once, with its problems where first found. */
    public List<BrokenItem> brokenItems() {
        Map<QueryItem, BrokenItem> items = new LinkedHashMap<>();
        for (Entry e : fingerprints) {
            for (WarehouseOutcome w : e.byWarehouse()) {
                w.outcome().broken().forEach(b -> items.putIfAbsent(b.item(), b));
            }
        }
        return List.copyOf(items.values());
    }
}
