package io.packops.compat.sql;

import java.util.Locale;

/**
 * SQL identifier comparison across dialects: unquoted names and BigQuery backticks / T-SQL brackets
 * compare case-insensitively; double-quoted names keep their case and must match exactly.
 */
public final class Identifiers {
    private Identifiers() {
    }

    public static boolean isCaseSensitive(String raw) {
        return raw != null && raw.length() >= 2 && raw.charAt(0) == '"' && raw.charAt(raw.length() - 1) == '"';
    }

    public static String unquote(String raw) {
        if (raw == null || raw.length() < 2) {
            return raw;
        }
        char first = raw.charAt(0);
        char last = raw.charAt(raw.length() - 1);
        if (first == '"' && last == '"') {
            return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
        }
        if (first == '`' && last == '`') {
            return raw.substring(1, raw.length() - 1);
        }
        if (first == '[' && last == ']') {
            return raw.substring(1, raw.length() - 1);
        }
        return raw;
    }

    /** Whether the identifier as written in SQL ({@code raw}, quotes included) names {@code actual}. */
    public static boolean matches(String raw, String actual) {
        if (raw == null || actual == null) {
            return false;
        }
        String name = unquote(raw);
        return isCaseSensitive(raw) ? name.equals(actual) : name.equalsIgnoreCase(actual);
    }

    /**
     * Whether a reference and a name the query itself declared (an alias, a CTE) are the same: exactly
     * when both are double-quoted, case-insensitively otherwise (an unquoted declaration folds either way).
     */
    public static boolean sameName(String rawReference, String rawDeclared) {
        if (rawReference == null || rawDeclared == null) {
            return false;
        }
        if (isCaseSensitive(rawReference) && isCaseSensitive(rawDeclared)) {
            return unquote(rawReference).equals(unquote(rawDeclared));
        }
        return unquote(rawReference).equalsIgnoreCase(unquote(rawDeclared));
    }

    /** Lookup key for case-insensitive maps. */
    public static String key(String raw) {
        return unquote(raw).toLowerCase(Locale.ROOT);
    }
}
