package io.packops.compat.schema;

/** A raw connector table ({@code source}) or a dbt model/seed/snapshot ({@code model}). */
public enum RelationKind {
    SOURCE, MODEL;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
