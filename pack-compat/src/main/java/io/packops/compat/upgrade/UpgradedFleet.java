package io.packops.compat.upgrade;

import io.packops.compat.schema.WarehouseSchema;

import java.util.List;
import java.util.Map;

/**
 * A fleet's schemas before and after an upgrade ({@link UpgradeDiff#applyToFleet}): {@code after.get(i)} is
 * {@code before.get(i)} upgraded, with the same envelope. {@code fingerprints} maps each distinct fingerprint before
 * to its fingerprint after (the diff was applied once per entry).
 */
public record UpgradedFleet(UpgradeDiff diff, List<WarehouseSchema> before, List<WarehouseSchema> after,
                            Map<String, String> fingerprints) {
    public UpgradedFleet {
        before = List.copyOf(before);
        after = List.copyOf(after);
        fingerprints = Map.copyOf(fingerprints);
    }
}
