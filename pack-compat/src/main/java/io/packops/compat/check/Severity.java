package io.packops.compat.check;

public enum Severity {
    ERROR, WARNING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
