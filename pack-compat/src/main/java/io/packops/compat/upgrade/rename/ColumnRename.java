package io.packops.compat.upgrade.rename;

import java.util.List;

/** Column {@code from} of {@code model} was removed and {@code to} added: probably the same column renamed. */
public record ColumnRename(String model, String from, String to, double score, RenameRule rule, String reason,
                           List<String> alternatives) implements RenameSuggestion {
    public ColumnRename {
        alternatives = List.copyOf(alternatives);
    }
}
