package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.ColumnRename;

import io.packops.compat.schema.Column;

import java.util.List;

/**
 * What an upgrade does to a model both versions have: columns removed (in the old model's order), added (in the new
 * one's), retyped by family, and the renames suggested among the removed and added ones (best first).
 */
public record ModelChange(String model, List<Column> removed, List<Column> added, List<Retype> retyped,
                          List<ColumnRename> renames) {
    public ModelChange {
        removed = List.copyOf(removed);
        added = List.copyOf(added);
        retyped = List.copyOf(retyped);
        renames = List.copyOf(renames);
    }
}
