package io.packops.alerting.compat;

import io.packops.alerting.compat.CompatService.ReportProblem;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One pack version against one current schema fingerprint, per warehouse that has it: the same columns can compile on
 * one warehouse's SQL dialect and not on another's, so the accounts a break reaches are those of its warehouses only.
 * {@code byWarehouse} maps each warehouse ({@code ""} when unknown) to its problems.
 */
public record FingerprintVerdict(SchemaGroup group, Map<String, List<ReportProblem>> byWarehouse) {

    /** The warehouses to resolve a fingerprint for: those that have it, or {@code ""} (unknown) when none is known. */
    public static List<String> warehousesOf(SchemaGroup g) {
        return g.warehouses() == null || g.warehouses().isEmpty() ? List.of("") : g.warehouses().stream().sorted().toList();
    }

    /** How many of the fingerprint's accounts are on {@code warehouse} (all of them when ingest did not split them). */
    public static long accountsOn(SchemaGroup g, String warehouse) {
        if (g.accountsByWarehouse() != null && g.accountsByWarehouse().containsKey(warehouse)) {
            return g.accountsByWarehouse().get(warehouse);
        }
        return g.accounts();
    }

    public boolean compatible() {
        return brokenWarehouses().isEmpty();
    }

    /** The warehouses with at least one error, sorted. */
    public List<String> brokenWarehouses() {
        List<String> out = new ArrayList<>();
        byWarehouse.forEach((w, problems) -> {
            if (problems.stream().anyMatch(ReportProblem::isError)) {
                out.add(w);
            }
        });
        return out.stream().sorted().toList();
    }

    /** The accounts on a broken warehouse. */
    public long brokenAccounts() {
        List<String> broken = brokenWarehouses();
        if (broken.size() == byWarehouse.size()) {
            return group.accounts();
        }
        return broken.stream().mapToLong(w -> accountsOn(group, w)).sum();
    }

    /** The accounts of {@code warehouses} (a problem's). */
    public long accountsOf(List<String> warehouses) {
        if (warehouses == null || warehouses.size() == byWarehouse.size()) {
            return group.accounts();
        }
        return warehouses.stream().mapToLong(w -> accountsOn(group, w)).sum();
    }

    /** Each problem once, with the warehouses it occurs on (named ones only: {@code ""} is left out). */
    public List<ReportProblem> problems() {
        Map<String, ReportProblem> first = new LinkedHashMap<>();
        Map<String, TreeSet<String>> where = new LinkedHashMap<>();
        byWarehouse.forEach((w, problems) -> {
            for (ReportProblem p : problems) {
                String key = p.identity();
                first.putIfAbsent(key, p);
                TreeSet<String> on = where.computeIfAbsent(key, k -> new TreeSet<>());
                if (!w.isEmpty()) {
                    on.add(w);
                }
            }
        });
        List<ReportProblem> out = new ArrayList<>();
        first.forEach((key, p) -> out.add(p.on(where.get(key).isEmpty() ? null : List.copyOf(where.get(key)))));
        return out;
    }
}
