package io.packops.compat.upgrade.rename;

import java.util.List;

/**
 * A guess that something removed by an upgrade lives on under a new name: a {@link ColumnRename} or a
 * {@link ModelRename}. Only ever a suggestion for a person to confirm: a diff never applies it, and a check never
 * treats the old name as still there.
 */
public sealed interface RenameSuggestion permits ColumnRename, ModelRename {

    /** The name the upgrade removed. */
    String from();

    /** The name it added that looks like the same thing. */
    String to();

    /** 0.65 (the threshold) to 1; see {@code pack-compat/README.md}, "How renames are scored". */
    double score();

    /** The name rule that matched. */
    RenameRule rule();

    /** Why, in a sentence: the rule, the type families, the model's other renames that agree. */
    String reason();

    /** Other added names that also passed the threshold, best first. */
    List<String> alternatives();
}
