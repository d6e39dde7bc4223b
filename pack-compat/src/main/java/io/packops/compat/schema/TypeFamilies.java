package io.packops.compat.schema;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps warehouse type names (Snowflake, BigQuery, Redshift, Databricks/Spark, PostgreSQL) to a
 * {@link TypeFamily}.
 *
 * <p>Spellings are compared case-insensitively with whitespace collapsed; parameters are dropped
 * ({@code character varying(100)} is {@code character varying}, {@code timestamp(6) with time zone} is
 * {@code timestamp with time zone}). Anything not recognised is {@link TypeFamily#UNKNOWN}; this
 * method never throws.
 *
 * <p>Decisions worth knowing:
 * <ul>
 *   <li>{@code NUMBER}/{@code NUMERIC}/{@code DECIMAL} with a declared scale of 0 ({@code NUMBER(38,0)},
 *       {@code numeric(18,0)}, or precision only, {@code DECIMAL(10)}, where SQL's default scale is 0)
 *       are {@code integer}: such a column can only hold whole numbers, and it is how Snowflake
 *       stores every integer column. Without parameters ({@code numeric}, {@code NUMBER}) they stay
 *       {@code numeric}: PostgreSQL's bare {@code numeric} has no fixed scale, and Snowflake's
 *       information schema drops the parameters, so the scale is unknown.</li>
 *   <li>{@code DATETIME} (BigQuery, Snowflake) and every timestamp flavour ({@code TIMESTAMP_NTZ/LTZ/TZ},
 *       {@code timestamptz}, with or without time zone) are {@code timestamp}.</li>
 *   <li>{@code time}/{@code timetz} are {@code unknown}: a time of day is neither a date nor a
 *       point in time, and treating it as either would let a date filter pass a type check.</li>
 *   <li>Binary types ({@code BYTES}, {@code BINARY}, {@code bytea}, {@code VARBYTE}) are {@code unknown},
 *       not {@code string}: SQL written for text (LIKE, LOWER) does not work on them.</li>
 *   <li>Semi-structured types ({@code JSON}, {@code JSONB}, {@code VARIANT}, {@code OBJECT},
 *       {@code SUPER}, {@code STRUCT<...>}, {@code RECORD}, {@code MAP<...>}) are {@code json};
 *       {@code ARRAY}, {@code ARRAY<...>}, {@code array(...)} and PostgreSQL's {@code bigint[]} are
 *       {@code array}.</li>
 *   <li>{@code uuid}, {@code citext} and {@code name} are {@code string}; {@code money} is
 *       {@code numeric}; {@code interval}, {@code GEOGRAPHY}/{@code geometry} are {@code unknown}.</li>
 * </ul>
 */
public final class TypeFamilies {

    private static final Map<String, TypeFamily> BY_NAME = byName();

    /** Decimal types whose family depends on their declared scale. */
    private static final Set<String> DECIMALS = Set.of("number", "numeric", "decimal", "dec",
            "bignumeric", "bigdecimal");

    private static Map<String, TypeFamily> byName() {
        Map<String, TypeFamily> byName = new HashMap<>();
        names(byName, TypeFamily.STRING, "text", "string", "varchar", "char", "character", "character varying",
                "char varying", "nvarchar", "nvarchar2", "varchar2", "nchar", "national character",
                "national character varying", "national char", "national char varying", "nchar varying",
                "bpchar", "citext", "uuid", "name", "clob", "nclob");
        names(byName, TypeFamily.INTEGER, "int", "integer", "bigint", "smallint", "tinyint", "byteint", "mediumint",
                "int2", "int4", "int8", "int64", "long", "short", "byte",
                "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8");
        names(byName, TypeFamily.NUMERIC, "number", "numeric", "decimal", "dec", "bignumeric", "bigdecimal", "money");
        names(byName, TypeFamily.FLOAT, "float", "float4", "float8", "float64", "double", "double precision", "real");
        names(byName, TypeFamily.BOOLEAN, "boolean", "bool");
        names(byName, TypeFamily.TIMESTAMP, "timestamp", "timestamptz", "datetime",
                "timestamp_ntz", "timestamp_ltz", "timestamp_tz",
                "timestamp with time zone", "timestamp without time zone", "timestamp with local time zone");
        names(byName, TypeFamily.DATE, "date");
        names(byName, TypeFamily.JSON, "json", "jsonb", "variant", "object", "super", "struct", "record", "map", "hstore");
        names(byName, TypeFamily.ARRAY, "array");
        return Map.copyOf(byName);
    }

    private static void names(Map<String, TypeFamily> byName, TypeFamily family, String... names) {
        for (String n : names) {
            byName.put(n, family);
        }
    }

    private TypeFamilies() {
    }

    /** The family of a warehouse type spelling; {@link TypeFamily#UNKNOWN} for null, blank or unrecognised. */
    public static TypeFamily familyOf(String warehouseType) {
        if (warehouseType == null) {
            return TypeFamily.UNKNOWN;
        }
        String type = warehouseType.strip().toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ");
        if (type.isEmpty()) {
            return TypeFamily.UNKNOWN;
        }
        // PostgreSQL arrays: bigint[], text[], integer[3], character varying(10)[]
        if (type.endsWith("]") && type.indexOf('[') > 0) {
            return TypeFamily.ARRAY;
        }
        String base = stripParameters(type);
        if (base.endsWith(" array")) { // SQL-standard spelling: integer ARRAY
            return TypeFamily.ARRAY;
        }
        if (DECIMALS.contains(base) && hasZeroScale(type)) {
            return TypeFamily.INTEGER;
        }
        return BY_NAME.getOrDefault(base, TypeFamily.UNKNOWN);
    }

    /**
     * Removes every {@code (...)} and {@code <...>} group, so {@code ARRAY<STRUCT<a INT64>>} is
     * {@code array} and {@code timestamp(3) without time zone} is {@code timestamp without time zone}.
     */
    private static String stripParameters(String type) {
        StringBuilder out = new StringBuilder(type.length());
        int depth = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '(' || c == '<') {
                depth++;
            } else if (c == ')' || c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    /** True for {@code (p,0)} and {@code (p)}: SQL's scale defaults to 0 when only precision is given. */
    private static boolean hasZeroScale(String type) {
        int open = type.indexOf('(');
        int close = type.indexOf(')', open + 1);
        if (open < 0 || close < 0) {
            return false;
        }
        String[] params = type.substring(open + 1, close).split(",", -1);
        if (params.length == 1) {
            return isDigits(params[0].strip());
        }
        return params.length == 2 && isDigits(params[0].strip()) && params[1].strip().matches("0+");
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
