package io.packops.compat.sql;

/**
 * A relation named by a dbt call in pack SQL: {@code ref('m')} (source null) or
 * {@code source('s', 't')}. {@code line} is the SQL line of the call (1-based).
 */
public record RelationRef(Kind kind, String sourceName, String name, int line) {

    public enum Kind { MODEL, SOURCE }

    /** How the relation reads in messages: {@code stripe__balance_transactions} or {@code stripe.charge}. */
    public String displayName() {
        return kind == Kind.SOURCE ? sourceName + "." + name : name;
    }

    public String jinja() {
        return kind == Kind.SOURCE ? "source('" + sourceName + "', '" + name + "')" : "ref('" + name + "')";
    }
}
