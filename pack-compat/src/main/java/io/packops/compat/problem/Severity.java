package io.packops.compat.problem;

public enum Severity {
    ERROR, WARNING;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
