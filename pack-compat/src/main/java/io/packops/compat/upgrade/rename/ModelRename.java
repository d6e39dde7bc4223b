package io.packops.compat.upgrade.rename;

import java.util.List;

/**
 * Model {@code from} was removed and {@code to} added, with a related name and mostly the same columns
 * ({@code sharedColumns}: shared / all column names of the two, 0 to 1).
 */
public record ModelRename(String from, String to, double score, RenameRule rule, double sharedColumns, String reason,
                          List<String> alternatives) implements RenameSuggestion {
    public ModelRename {
        alternatives = List.copyOf(alternatives);
    }
}
