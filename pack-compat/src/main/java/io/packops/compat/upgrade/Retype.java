package io.packops.compat.upgrade;

import io.packops.compat.schema.Column;
import io.packops.compat.schema.TypeFamily;

/**
 * A column whose type family changed ({@code integer} to {@code string}); a new spelling within one family
 * ({@code VARCHAR(256)} to {@code TEXT}) is no change and never a Retype.
 */
public record Retype(String column, Column from, Column to) {

    public TypeFamily fromFamily() {
        return from.family();
    }

    public TypeFamily toFamily() {
        return to.family();
    }
}
