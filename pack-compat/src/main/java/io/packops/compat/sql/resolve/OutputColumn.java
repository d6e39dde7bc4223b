package io.packops.compat.sql.resolve;

import io.packops.compat.sql.Identifiers;
import io.packops.compat.schema.TypeFamily;

/** A column a relation, CTE, derived table or query exposes, as SQL can name it. */
public record OutputColumn(String name, boolean caseSensitive, TypeFamily family) {

    public boolean isNamed(String raw) {
        if (caseSensitive || Identifiers.isCaseSensitive(raw)) {
            return name.equals(Identifiers.unquote(raw));
        }
        return name.equalsIgnoreCase(Identifiers.unquote(raw));
    }
}
