package io.packops.compat.schema;

import java.util.Objects;

/**
 * A column as the warehouse reports it: name as given (case kept, so quoted identifiers can match
 * exactly), raw warehouse type, and its family.
 */
public record Column(String name, String type, TypeFamily family) {
    public Column {
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
        family = family == null ? TypeFamilies.familyOf(type) : family;
    }

    public static Column of(String name, String type) {
        return new Column(name, type, TypeFamilies.familyOf(type));
    }
}
