package io.packops.compat.upgrade;

import java.util.List;

/**
 * A tile or KPI with errors. Broken by the upgrade: {@code problems} are its errors after it, each explained by the
 * diff, and {@code addedByUpgrade} is empty. Already broken before it: {@code problems} are its errors before, and
 * {@code addedByUpgrade} the errors the upgrade adds to them (explained).
 */
public record BrokenItem(QueryItem item, List<UpgradeProblem> problems, List<UpgradeProblem> addedByUpgrade) {
    public BrokenItem {
        problems = List.copyOf(problems);
        addedByUpgrade = List.copyOf(addedByUpgrade);
    }
}
