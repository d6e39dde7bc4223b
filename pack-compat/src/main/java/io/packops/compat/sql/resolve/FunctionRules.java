package io.packops.compat.sql.resolve;

import io.packops.compat.sql.Identifiers;
import io.packops.compat.schema.TypeFamily;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the resolver knows about SQL functions across the five dialects: which arguments must be
 * temporal or numeric, which arguments are date-part keywords rather than columns, and the family
 * of the result. Unknown functions are fine: their arguments are still resolved, their result is unknown.
 */
final class FunctionRules {

    /** Date parts written as bare words: {@code date_trunc(month, ts)}, {@code dateadd(day, 1, d)}. */
    static final Set<String> DATE_PARTS = Set.of(
            "year", "years", "yy", "yyyy", "y", "quarter", "quarters", "qtr", "q", "month", "months", "mon", "mm",
            "week", "weeks", "wk", "ww", "isoweek", "weekiso", "day", "days", "dd", "d", "dayofweek", "dow",
            "dayofweekiso", "dayofyear", "doy", "hour", "hours", "hh", "minute", "minutes", "mi", "second", "seconds",
            "ss", "millisecond", "milliseconds", "ms", "microsecond", "microseconds", "us", "nanosecond", "ns",
            "epoch", "epoch_second", "date", "time", "datetime", "yearofweek", "yearofweekiso", "decade", "century",
            "millennium", "julian", "timezone");

    /** Functions whose arguments may be a bare date-part word. */
    private static final Set<String> TAKES_PART = Set.of(
            "date_trunc", "datetime_trunc", "timestamp_trunc", "time_trunc", "date_part", "datepart", "dateadd",
            "timestampadd", "timeadd", "datediff", "timestampdiff", "timediff", "date_diff", "timestamp_diff",
            "datetime_diff", "time_diff", "last_day", "time_slice", "extract", "date_add", "date_sub",
            "timestamp_add", "timestamp_sub", "datetime_add", "datetime_sub", "trunc", "datename");

    private static final Set<String> NUMERIC_AGGREGATES = Set.of(
            "sum", "avg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "variance_pop",
            "variance_samp", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept");

    private static final Set<String> SINGLE_TEMPORAL = Set.of(
            "timestamp_trunc", "datetime_trunc", "time_trunc", "date_add", "date_sub", "timestamp_add", "timestamp_sub",
            "datetime_add", "datetime_sub", "add_months", "last_day", "year", "month", "dayofmonth", "dayofweek",
            "dayofyear", "weekofyear", "quarter", "hour", "minute", "dayname", "monthname", "yearofweek",
            "weekiso", "dayofweekiso", "time_slice", "date_format");

    private static final Set<String> INTEGER_RESULT = Set.of(
            "count", "count_if", "row_number", "rank", "dense_rank", "ntile", "approx_count_distinct", "hll_count",
            "length", "char_length", "character_length", "len", "octet_length", "position", "strpos", "charindex",
            "array_size", "array_length", "cardinality", "datediff", "date_diff", "timestampdiff", "timestamp_diff",
            "datetime_diff", "timediff", "date_part", "datepart", "year", "month", "day", "dayofmonth", "dayofweek",
            "dayofyear", "weekofyear", "week", "quarter", "hour", "minute", "second", "yearofweek", "weekiso",
            "dayofweekiso", "bit_length", "sign");
    private static final Set<String> FLOAT_RESULT = Set.of(
            "percent_rank", "cume_dist", "sqrt", "exp", "ln", "log", "log10", "power", "pow", "random", "rand",
            "cbrt", "sin", "cos", "tan", "atan", "atan2", "degrees", "radians");
    private static final Set<String> NUMERIC_RESULT = Set.of(
            "avg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median",
            "percentile_cont", "percentile_disc", "corr", "covar_pop", "covar_samp", "div0", "div0null",
            "safe_divide", "months_between", "to_number", "to_decimal", "to_numeric", "try_to_number", "ratio_to_report");
    private static final Set<String> STRING_RESULT = Set.of(
            "lower", "upper", "concat", "concat_ws", "substr", "substring", "trim", "ltrim", "rtrim", "btrim",
            "replace", "translate", "initcap", "left", "right", "lpad", "rpad", "split_part", "to_char", "to_varchar",
            "format", "string_agg", "listagg", "group_concat", "regexp_replace", "regexp_substr", "regexp_extract",
            "md5", "sha1", "sha2", "sha256", "reverse", "repeat", "dayname", "monthname", "format_date",
            "format_timestamp", "date_format", "json_extract_path_text", "json_value", "to_hex", "uuid_string",
            "gen_random_uuid", "generate_uuid", "chr", "char", "ascii", "quote_ident", "quote_literal", "datename");
    private static final Set<String> BOOLEAN_RESULT = Set.of(
            "bool_and", "bool_or", "every", "booland_agg", "boolor_agg", "logical_and", "logical_or", "contains",
            "startswith", "endswith", "starts_with", "ends_with", "regexp_like", "rlike", "is_null_value",
            "array_contains", "isnan", "isfinite");
    private static final Set<String> DATE_RESULT = Set.of("to_date", "date", "try_to_date", "current_date", "curdate",
            "date_from_parts", "make_date", "parse_date");
    private static final Set<String> TIMESTAMP_RESULT = Set.of(
            "to_timestamp", "to_timestamp_ntz", "to_timestamp_ltz", "to_timestamp_tz", "try_to_timestamp", "timestamp",
            "datetime", "now", "current_timestamp", "getdate", "sysdate", "systimestamp", "localtimestamp",
            "convert_timezone", "timestamp_from_parts", "parse_timestamp", "parse_datetime", "from_unixtime",
            "timestamp_seconds", "timestamp_millis", "timestamp_micros", "to_utc_timestamp", "from_utc_timestamp",
            "make_timestamp", "timezone");
    private static final Set<String> ARRAY_RESULT = Set.of("array_agg", "split", "array_construct", "array",
            "array_compact", "array_distinct", "array_cat", "array_append", "collect_list", "collect_set",
            "string_to_array", "regexp_split_to_array", "array_concat");
    private static final Set<String> JSON_RESULT = Set.of("object_construct", "parse_json", "try_parse_json",
            "to_json", "to_jsonb", "json_build_object", "jsonb_build_object", "to_variant", "object_agg",
            "json_object", "json_query", "json_extract", "get_path", "get", "struct", "named_struct", "map");
    private static final Set<String> FIRST_ARG_RESULT = Set.of("min", "max", "any_value", "first_value", "last_value",
            "nth_value", "lag", "lead", "mode", "arbitrary", "any", "abs", "round", "ceil", "ceiling", "floor",
            "truncate", "mod", "max_by", "min_by", "sum", "date_trunc", "timestamp_trunc", "datetime_trunc", "time_trunc",
            "date_add", "date_sub", "timestamp_add", "timestamp_sub", "datetime_add", "datetime_sub", "add_months",
            "time_slice");
    private static final Set<String> FIRST_KNOWN_ARG_RESULT = Set.of("coalesce", "nvl", "ifnull", "nullif", "greatest",
            "least", "zeroifnull", "nullifzero", "nvl2", "decode", "iff", "if", "iif");

    private FunctionRules() {
    }

    static String normalise(String name) {
        if (name == null) {
            return "";
        }
        String n = Identifiers.unquote(name).toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.'); // safe.date_diff, pg_catalog.date_trunc
        return dot >= 0 ? n.substring(dot + 1) : n;
    }

    static boolean takesDatePart(String fn) {
        return TAKES_PART.contains(fn);
    }

    static boolean isDatePart(String word) {
        return word != null && DATE_PARTS.contains(Identifiers.unquote(word).toLowerCase(Locale.ROOT));
    }

    static boolean isNumericAggregate(String fn) {
        return NUMERIC_AGGREGATES.contains(fn);
    }

    /**
     * Indexes of arguments that must be a date or timestamp. {@code partArgs[i]} tells whether
     * argument i is a date-part word or string, which is how dialects that put it first or last differ.
     */
    static int[] temporalArgs(String fn, boolean[] partArgs) {
        int n = partArgs.length;
        switch (fn) {
            case "date_trunc":
                if (n == 2) {
                    return partArgs[0] ? new int[] {1} : new int[] {0};
                }
                return new int[0];
            case "date_part":
            case "datepart":
            case "datename":
                return n == 2 ? new int[] {1} : new int[0];
            case "dateadd":
            case "timestampadd":
            case "timeadd":
                return n == 3 ? new int[] {2} : new int[0];
            case "datediff":
            case "timestampdiff":
            case "timediff":
                return n == 3 ? new int[] {1, 2} : n == 2 ? new int[] {0, 1} : new int[0];
            case "date_diff":
            case "timestamp_diff":
            case "datetime_diff":
            case "months_between":
                return n >= 2 ? new int[] {0, 1} : new int[0];
            case "format_date":
            case "format_timestamp":
            case "format_datetime":
                return n >= 2 ? new int[] {1} : new int[0];
            case "age":
                return n == 1 ? new int[] {0} : n == 2 ? new int[] {0, 1} : new int[0];
            case "day":
            case "week":
            case "second":
                // day(x) and friends are date functions only in their one-argument form.
                return n == 1 ? new int[] {0} : new int[0];
            default:
                return SINGLE_TEMPORAL.contains(fn) && n >= 1 && !partArgs[0] ? new int[] {0} : new int[0];
        }
    }

    /** The family a call returns, given its argument families (UNKNOWN when we cannot tell). */
    static TypeFamily result(String fn, List<TypeFamily> args, int firstValueArg) {
        if (fn.equals("sum")) {
            TypeFamily a = args.isEmpty() ? TypeFamily.UNKNOWN : args.get(0);
            return a.isNumber() ? a : TypeFamily.UNKNOWN;
        }
        if (fn.equals("avg") && !args.isEmpty() && args.get(0) == TypeFamily.FLOAT) {
            return TypeFamily.FLOAT;
        }
        if (INTEGER_RESULT.contains(fn)) {
            return TypeFamily.INTEGER;
        }
        if (FLOAT_RESULT.contains(fn)) {
            return TypeFamily.FLOAT;
        }
        if (NUMERIC_RESULT.contains(fn)) {
            return TypeFamily.NUMERIC;
        }
        if (STRING_RESULT.contains(fn)) {
            return TypeFamily.STRING;
        }
        if (BOOLEAN_RESULT.contains(fn)) {
            return TypeFamily.BOOLEAN;
        }
        if (DATE_RESULT.contains(fn)) {
            return TypeFamily.DATE;
        }
        if (TIMESTAMP_RESULT.contains(fn)) {
            return TypeFamily.TIMESTAMP;
        }
        if (ARRAY_RESULT.contains(fn)) {
            return TypeFamily.ARRAY;
        }
        if (JSON_RESULT.contains(fn)) {
            return TypeFamily.JSON;
        }
        if (FIRST_ARG_RESULT.contains(fn)) {
            if (firstValueArg >= 0 && firstValueArg < args.size()) {
                TypeFamily f = args.get(firstValueArg);
                if (fn.endsWith("_trunc") || fn.startsWith("date") || fn.startsWith("timestamp")
                        || fn.equals("add_months") || fn.equals("time_slice")) {
                    return f.isTemporal() ? f : TypeFamily.TIMESTAMP;
                }
                return f;
            }
            return TypeFamily.UNKNOWN;
        }
        if (FIRST_KNOWN_ARG_RESULT.contains(fn)) {
            int from = fn.equals("iff") || fn.equals("if") || fn.equals("iif") || fn.equals("decode") ? 1 : 0;
            for (int i = from; i < args.size(); i++) {
                if (args.get(i) != TypeFamily.UNKNOWN) {
                    return args.get(i);
                }
            }
        }
        return TypeFamily.UNKNOWN;
    }
}
