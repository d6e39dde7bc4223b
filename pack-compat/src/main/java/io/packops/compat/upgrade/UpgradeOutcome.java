package io.packops.compat.upgrade;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upgrade does to one pack version on one schema, tile by tile, judged on errors only (warnings never decide
 * compatibility): {@code broken}, the tiles and KPIs that compile before and not after (what the upgrade breaks);
 * {@code alreadyBroken}, those with errors before (not blamed on the upgrade); {@code fixed}, those with errors
 * before and none after. All in the pack's order.
 */
public record UpgradeOutcome(List<BrokenItem> broken, List<BrokenItem> alreadyBroken, List<QueryItem> fixed) {

    public UpgradeOutcome {
        broken = List.copyOf(broken);
        alreadyBroken = List.copyOf(alreadyBroken);
        fixed = List.copyOf(fixed);
    }

    /** True when the upgrade breaks a tile or KPI that compiled before it. */
    public boolean breaks() {
        return !broken.isEmpty();
    }

    static UpgradeOutcome of(CompiledPack pack, List<Problem> before, List<Problem> after, UpgradeDiff diff) {
        Map<QueryItem, List<Problem>> was = errorsByItem(pack, before);
        Map<QueryItem, List<Problem>> now = errorsByItem(pack, after);
        List<BrokenItem> broken = new ArrayList<>();
        List<BrokenItem> alreadyBroken = new ArrayList<>();
        List<QueryItem> fixed = new ArrayList<>();
        Set<QueryItem> items = new LinkedHashSet<>(was.keySet());
        items.addAll(now.keySet());
        for (QueryItem item : items) {
            List<Problem> b = was.getOrDefault(item, List.of());
            List<Problem> a = now.getOrDefault(item, List.of());
            if (b.isEmpty() && !a.isEmpty()) {
                broken.add(new BrokenItem(item, a.stream().map(diff::explain).toList(), List.of()));
            } else if (!b.isEmpty() && !a.isEmpty()) {
                List<UpgradeProblem> then = b.stream().map(p -> new UpgradeProblem(p, null, null)).toList();
                List<UpgradeProblem> added = a.stream().filter(p -> !b.contains(p)).map(diff::explain).toList();
                alreadyBroken.add(new BrokenItem(item, then, added));
            } else if (!b.isEmpty()) {
                fixed.add(item);
            }
        }
        return new UpgradeOutcome(broken, alreadyBroken, fixed);
    }

    /** Every tile and KPI of the pack (and any other item a problem names), in order, with its errors. */
    private static Map<QueryItem, List<Problem>> errorsByItem(CompiledPack pack, List<Problem> problems) {
        Map<QueryItem, List<Problem>> byItem = new LinkedHashMap<>();
        for (CompiledPack.Query q : pack.queries()) {
            byItem.put(new QueryItem(q.dashboard(), q.tile(), q.kpi()), new ArrayList<>());
        }
        for (Problem p : problems) {
            if (p.isError()) {
                byItem.computeIfAbsent(QueryItem.of(p), k -> new ArrayList<>()).add(p);
            }
        }
        return byItem;
    }
}
