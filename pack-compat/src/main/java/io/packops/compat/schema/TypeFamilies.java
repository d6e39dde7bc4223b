package io.packops.compat.schema;

/** Maps warehouse type names to {@link TypeFamily}. (Implementation pending.) */
public final class TypeFamilies {
    private TypeFamilies() {
    }

    public static TypeFamily familyOf(String warehouseType) {
        return TypeFamily.UNKNOWN;
    }
}
