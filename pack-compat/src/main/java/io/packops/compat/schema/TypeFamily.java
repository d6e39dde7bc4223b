package io.packops.compat.schema;

/** Warehouse-independent family of a column type; type checks and fingerprints work on these. */
public enum TypeFamily {
    STRING, INTEGER, NUMERIC, FLOAT, BOOLEAN, TIMESTAMP, DATE, JSON, ARRAY, UNKNOWN;

    public boolean isNumber() {
        return this == INTEGER || this == NUMERIC || this == FLOAT;
    }

    public boolean isTemporal() {
        return this == TIMESTAMP || this == DATE;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
