package io.packops.compat.sql.resolve;

import io.packops.compat.sql.Identifiers;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamily;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns something in FROM exposes. An open shape also accepts columns it does not list:
 * it stands for a relation already reported missing, or a construct we cannot see through, so one
 * root cause is reported once instead of once per column.
 */
final class Shape {
    final String displayName;
    final List<OutputColumn> columns;
    final boolean open;

    Shape(String displayName, List<OutputColumn> columns, boolean open) {
        this.displayName = displayName;
        this.columns = List.copyOf(columns);
        this.open = open;
    }

    static Shape of(Relation relation, String displayName) {
        List<OutputColumn> cols = new ArrayList<>(relation.columns().size());
        for (Column c : relation.columns()) {
            // Schema names compare case-insensitively unless SQL quotes them (see Identifiers).
            cols.add(new OutputColumn(c.name(), false, c.family()));
        }
        return new Shape(displayName, cols, false);
    }

    static Shape open(String displayName) {
        return new Shape(displayName, List.of(), true);
    }

    List<OutputColumn> lookup(String raw) {
        List<OutputColumn> found = null;
        for (OutputColumn c : columns) {
            if (c.isNamed(raw)) {
                if (found == null) {
                    found = new ArrayList<>(2);
                }
                found.add(c);
            }
        }
        return found == null ? List.of() : found;
    }

    Shape renamed(String newDisplayName, List<String> aliasColumns) {
        if (aliasColumns == null || aliasColumns.isEmpty()) {
            return new Shape(newDisplayName, columns, open);
        }
        List<OutputColumn> cols = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            OutputColumn c = columns.get(i);
            if (i < aliasColumns.size()) {
                String a = aliasColumns.get(i);
                cols.add(new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a), c.family()));
            } else {
                cols.add(c);
            }
        }
        // More aliases than columns only happens over an open shape: the extra names are still usable.
        for (int i = columns.size(); i < aliasColumns.size(); i++) {
            String a = aliasColumns.get(i);
            cols.add(new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a),
                    TypeFamily.UNKNOWN));
        }
        return new Shape(newDisplayName, cols, open);
    }
}
