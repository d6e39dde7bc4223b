package io.packops.compat.problem;

/** The codes of DESIGN's compatibility report. Errors make a pack incompatible; warnings do not. */
public final class ProblemCode {
    public static final String SQL_PARSE_ERROR = "SQL_PARSE_ERROR";
    public static final String UNSUPPORTED_TEMPLATE = "UNSUPPORTED_TEMPLATE";
    public static final String MISSING_RELATION = "MISSING_RELATION";
    public static final String MISSING_COLUMN = "MISSING_COLUMN";
    public static final String AMBIGUOUS_COLUMN = "AMBIGUOUS_COLUMN";
    public static final String TYPE_MISMATCH = "TYPE_MISMATCH";
    public static final String NARRATIVE_PLACEHOLDER = "NARRATIVE_PLACEHOLDER";
    /** A function the schema's warehouse does not have (per pack-compat's catalogue). */
    public static final String UNSUPPORTED_FUNCTION = "UNSUPPORTED_FUNCTION";
    /** A function the warehouse has, called with the wrong number of arguments or argument order there. */
    public static final String FUNCTION_SIGNATURE = "FUNCTION_SIGNATURE";
    /** SQL syntax the warehouse does not speak: {@code ::}, ILIKE, QUALIFY, FILTER, backticks… */
    public static final String UNSUPPORTED_SYNTAX = "UNSUPPORTED_SYNTAX";
    /** A cast type the warehouse does not have ({@code string} on PostgreSQL, {@code varchar} on BigQuery…). */
    public static final String UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE";
    /** Warning: a function pack-compat's catalogue does not know; the warehouse may not have it. */
    public static final String UNKNOWN_FUNCTION = "UNKNOWN_FUNCTION";
    /** Warning: the catalogue knows the function, type or syntax but has not verified it on this warehouse. */
    public static final String UNVERIFIED_DIALECT = "UNVERIFIED_DIALECT";
    /** Warning: a column's type is unknown in this schema, so its type checks were skipped. */
    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";
    /** Warning: a construct the resolver cannot see through (e.g. a table function); columns from it are trusted. */
    public static final String UNCHECKED_REFERENCE = "UNCHECKED_REFERENCE";
    /** Warning: the schema belongs to another connector than the pack's; the check is probably mis-aimed. */
    public static final String CONNECTOR_MISMATCH = "CONNECTOR_MISMATCH";

    private ProblemCode() {
    }
}
