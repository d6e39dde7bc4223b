package io.packops.compat.sql;

import io.packops.compat.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * dbt's cross-database macros ({@code dbt.*}, the older {@code dbt_utils.*} spellings and the common
 * {@code fivetran_utils.*} ones) expanded into one warehouse's SQL the way its adapter does (dbt-adapters'
 * {@code macros/utils/*.sql}: default, postgres, snowflake, bigquery, redshift, spark). Arguments are Jinja
 * literals as in dbt: strings holding SQL ({@code 'created_at'}), numbers, lists of strings and nested macro
 * calls. An expansion is one line, so line positions after it are kept. Unknown macros return null.
 *
 * <p>Where the Spark adapter emits long unix-time arithmetic (dateadd/datediff other than days), Databricks'
 * own {@code dateadd(unit, n, x)}/{@code datediff(unit, a, b)} are used: same result, and SQL the resolver can read.
 */
public final class DbtMacros {

    /** A macro call that cannot be expanded: wrong arguments, or a date part the adapter refuses. */
    public static final class MacroException extends RuntimeException {
        MacroException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Map<String, String> NAMESPACES = Map.of("dbt", "dbt", "dbt_utils", "dbt", "fivetran_utils", "fivetran");

    private final Dialect d;
    private final String text;
    private int pos;

    private DbtMacros(String text, Dialect dialect) {
        this.text = text;
        this.d = dialect;
    }

    /** Whether the template's body is a call of one of the supported namespaces: {@code dbt.x(...)}. */
    public static boolean isMacroCall(String inner) {
        String s = inner.strip();
        int dot = s.indexOf('.');
        return dot > 0 && NAMESPACES.containsKey(s.substring(0, dot)) && s.endsWith(")");
    }

    /**
     * The SQL of {@code inner} (the text between {@code {{ }}}) on {@code dialect}, on one line; null when the
     * macro is not one this expander knows. Throws {@link MacroException} for a known macro called wrongly.
     */
    public static String expand(String inner, Dialect dialect) {
        DbtMacros p = new DbtMacros(inner, dialect);
        p.skipSpace();
        Object value = p.value();
        p.skipSpace();
        if (p.pos != p.text.length()) {
            throw new MacroException("unexpected text after the macro call: '" + p.text.substring(p.pos).strip() + "'");
        }
        return value instanceof Sql sql ? sql.text.replaceAll("\\s*\\R\\s*", " ") : null;
    }

    /** SQL produced by a macro (as opposed to a Jinja string literal, which is SQL text too when passed on). */
    private record Sql(String text) {
    }

    private record Call(String namespace, String name, List<Object> args, Map<String, Object> named) {
    }

    // ---- a small Jinja expression reader: literals, lists, calls -------------------------------------------

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw new MacroException("a macro argument is missing");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            int end = text.indexOf(c, pos + 1);
            if (end < 0) {
                throw new MacroException("unclosed string in the macro call");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
        if (c == '[') {
            pos++;
            List<Object> items = new ArrayList<>();
            skipSpace();
            while (pos < text.length() && text.charAt(pos) != ']') {
                items.add(value());
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    skipSpace();
                }
            }
            pos++;
            return items;
        }
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || "._-".indexOf(text.charAt(pos)) >= 0)) {
            pos++;
        }
        String word = text.substring(start, pos);
        if (word.isEmpty()) {
            throw new MacroException("unexpected '" + c + "' in the macro call");
        }
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '(') {
            return expandCall(call(word));
        }
        if (word.matches("-?[0-9]+(\\.[0-9]+)?")) {
            return word;
        }
        if (word.equalsIgnoreCase("none")) {
            return null;
        }
        throw new MacroException("'" + word + "' is a Jinja variable; macro arguments must be quoted SQL, numbers or lists");
    }

    private Call call(String qualified) {
        int dot = qualified.indexOf('.');
        String ns = dot < 0 ? null : NAMESPACES.get(qualified.substring(0, dot));
        if (ns == null) {
            throw new MacroException("unsupported macro " + qualified + "()");
        }
        pos++; // (
        List<Object> args = new ArrayList<>();
        Map<String, Object> named = new java.util.HashMap<>();
        skipSpace();
        while (pos < text.length() && text.charAt(pos) != ')') {
            int save = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String key = text.substring(save, pos);
            skipSpace();
            if (!key.isEmpty() && pos < text.length() && text.charAt(pos) == '=' ) {
                pos++;
                named.put(key, value());
            } else {
                pos = save;
                args.add(value());
            }
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
                skipSpace();
            }
        }
        if (pos >= text.length()) {
            throw new MacroException("unclosed macro call " + qualified + "(");
        }
        pos++;
        return new Call(ns, qualified.substring(dot + 1).toLowerCase(Locale.ROOT), args, named);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    // ---- the macros ------------------------------------------------------------------------------------------

    private Sql expandCall(Call c) {
        String sql = c.namespace.equals("fivetran") ? fivetran(c) : dbt(c);
        if (sql == null) {
            throw new MacroException("unsupported macro " + (c.namespace.equals("fivetran") ? "fivetran_utils." : "dbt.")
                    + c.name + "() (pack-compat expands dbt's cross-database macros: date_trunc, dateadd, datediff,"
                    + " last_day, safe_cast, cast, concat, hash, any_value, bool_or, listagg, split_part, position,"
                    + " replace, length, right, current_timestamp, string_literal, type_string, type_int, type_bigint,"
                    + " type_float, type_numeric, type_timestamp, type_boolean; dbt_utils safe_divide and"
                    + " generate_surrogate_key; fivetran_utils timestamp_add, timestamp_diff, string_agg, json_extract)");
        }
        return new Sql(sql);
    }

    private String dbt(Call c) {
        return switch (c.name) {
            case "date_trunc" -> dateTrunc(part(c, 0), sql(c, 1));
            case "dateadd" -> dateadd(part(c, 0), sql(c, 1), sql(c, 2));
            case "datediff" -> datediff(sql(c, 0), sql(c, 1), part(c, 2));
            case "last_day" -> lastDay(sql(c, 0), part(c, 1));
            case "safe_cast" -> switch (d) {
                case BIGQUERY -> "safe_cast(" + sql(c, 0) + " as " + sql(c, 1) + ")";
                case SNOWFLAKE -> "try_cast(" + sql(c, 0) + " as " + sql(c, 1) + ")";
                default -> "cast(" + sql(c, 0) + " as " + sql(c, 1) + ")";
            };
            case "cast" -> "cast(" + sql(c, 0) + " as " + sql(c, 1) + ")";
            case "concat" -> String.join(d == Dialect.DATABRICKS ? ", " : " || ", list(c, 0))
                    .transform(s -> d == Dialect.DATABRICKS ? "concat(" + s + ")" : s);
            case "hash" -> hash(sql(c, 0));
            case "any_value" -> (d == Dialect.POSTGRES ? "min(" : d == Dialect.DATABRICKS ? "first(" : "any_value(") + sql(c, 0) + ")";
            case "bool_or" -> (switch (d) {
                case BIGQUERY -> "logical_or(";
                case SNOWFLAKE -> "boolor_agg(";
                case DATABRICKS -> "max(";
                default -> "bool_or(";
            }) + sql(c, 0) + ")";
            case "listagg" -> listagg(c);
            case "split_part" -> d == Dialect.BIGQUERY
                    ? "split(" + sql(c, 0) + ", " + sql(c, 1) + ")[safe_offset(" + sql(c, 2) + " - 1)]"
                    : "split_part(" + sql(c, 0) + ", " + sql(c, 1) + ", " + sql(c, 2) + ")";
            case "position" -> d == Dialect.BIGQUERY ? "strpos(" + sql(c, 1) + ", " + sql(c, 0) + ")"
                    : "position(" + sql(c, 0) + " in " + sql(c, 1) + ")";
            case "replace" -> "replace(" + sql(c, 0) + ", " + sql(c, 1) + ", " + sql(c, 2) + ")";
            case "length" -> (d == Dialect.REDSHIFT ? "len(" : "length(") + sql(c, 0) + ")";
            case "right" -> d == Dialect.BIGQUERY
                    ? "case when " + sql(c, 1) + " = 0 then '' else substr(" + sql(c, 0) + ", -1 * (" + sql(c, 1) + ")) end"
                    : "right(" + sql(c, 0) + ", " + sql(c, 1) + ")";
            case "current_timestamp" -> switch (d) {
                case POSTGRES -> "now()";
                case REDSHIFT -> "getdate()";
                default -> "current_timestamp()";
            };
            case "string_literal" -> "'" + sql(c, 0).replace("'", "''") + "'";
            case "type_string" -> switch (d) {
                case BIGQUERY, DATABRICKS -> "string";
                case REDSHIFT -> "varchar";
                default -> "text";
            };
            case "type_timestamp" -> "timestamp";
            case "type_int" -> d == Dialect.BIGQUERY ? "int64" : d == Dialect.DATABRICKS ? "int" : "integer";
            case "type_bigint" -> d == Dialect.BIGQUERY ? "int64" : "bigint";
            case "type_float" -> d == Dialect.BIGQUERY ? "float64" : "float";
            case "type_numeric" -> d == Dialect.BIGQUERY ? "numeric" : d == Dialect.DATABRICKS ? "decimal(28, 6)" : "numeric(28, 6)";
            case "type_boolean" -> d == Dialect.BIGQUERY ? "bool" : "boolean";
            case "safe_divide" -> "(" + sql(c, 0) + ") / nullif((" + sql(c, 1) + "), 0)";
            case "generate_surrogate_key" -> surrogateKey(list(c, 0));
            default -> null;
        };
    }

    private String fivetran(Call c) {
        return switch (c.name) {
            case "timestamp_add" -> switch (d) {
                case BIGQUERY -> "timestamp_add(" + sql(c, 2) + ", interval " + sql(c, 1) + " " + part(c, 0) + ")";
                case POSTGRES -> sql(c, 2) + " + ((interval '1 " + part(c, 0) + "') * (" + sql(c, 1) + "))";
                case SNOWFLAKE -> "timestampadd(" + part(c, 0) + ", " + sql(c, 1) + ", " + sql(c, 2) + ")";
                default -> "dateadd(" + part(c, 0) + ", " + sql(c, 1) + ", " + sql(c, 2) + ")";
            };
            case "timestamp_diff" -> d == Dialect.BIGQUERY
                    ? "timestamp_diff(" + sql(c, 1) + ", " + sql(c, 0) + ", " + part(c, 2) + ")"
                    : datediff(sql(c, 0), sql(c, 1), part(c, 2));
            case "string_agg" -> switch (d) {
                case SNOWFLAKE, REDSHIFT -> "listagg(" + sql(c, 0) + ", " + sql(c, 1) + ")";
                case DATABRICKS -> "array_join(collect_list(" + sql(c, 0) + "), " + sql(c, 1) + ")";
                default -> "string_agg(" + sql(c, 0) + ", " + sql(c, 1) + ")";
            };
            case "json_extract" -> switch (d) {
                case SNOWFLAKE -> "json_extract_path_text(try_parse_json(" + sql(c, 0) + "), " + quoted(sql(c, 1)) + ")";
                case REDSHIFT -> "json_extract_path_text(" + sql(c, 0) + ", " + quoted(sql(c, 1)) + ")";
                case BIGQUERY -> "json_extract_scalar(" + sql(c, 0) + ", '$." + sql(c, 1) + "')";
                case DATABRICKS -> "get_json_object(" + sql(c, 0) + ", '$." + sql(c, 1) + "')";
                default -> "json_extract_path_text(" + sql(c, 0) + "::json, " + quoted(sql(c, 1)) + ")";
            };
            default -> null;
        };
    }

    private String dateTrunc(String part, String date) {
        return d == Dialect.BIGQUERY ? "timestamp_trunc(cast(" + date + " as timestamp), " + part + ")"
                : "date_trunc('" + part + "', " + date + ")";
    }

    private String dateadd(String part, String n, String from) {
        return switch (d) {
            case BIGQUERY -> "datetime_add(cast(" + from + " as datetime), interval " + n + " " + part + ")";
            case POSTGRES -> from + " + ((interval '1 " + part + "') * (" + n + "))";
            default -> "dateadd(" + part + ", " + n + ", " + from + ")";
        };
    }

    private String datediff(String first, String second, String part) {
        return switch (d) {
            case BIGQUERY -> "datetime_diff(cast(" + second + " as datetime), cast(" + first + " as datetime), " + part + ")";
            case POSTGRES -> postgresDatediff(first, second, part);
            case DATABRICKS -> part.equals("day") ? "datediff(" + second + ", " + first + ")"
                    : "datediff(" + part + ", " + first + ", " + second + ")";
            default -> "datediff(" + part + ", " + first + ", " + second + ")";
        };
    }

    /** dbt-postgres' datediff: whole date parts crossed, from date_part of each side. */
    private String postgresDatediff(String first, String second, String part) {
        String a = "(" + first + ")";
        String b = "(" + second + ")";
        return switch (part) {
            case "year" -> "(date_part('year', " + b + "::date) - date_part('year', " + a + "::date))";
            case "quarter" -> "(" + postgresDatediff(first, second, "year") + " * 4 + date_part('quarter', " + b
                    + "::date) - date_part('quarter', " + a + "::date))";
            case "month" -> "(" + postgresDatediff(first, second, "year") + " * 12 + date_part('month', " + b
                    + "::date) - date_part('month', " + a + "::date))";
            case "day" -> "(" + b + "::date - " + a + "::date)";
            case "week" -> "(" + postgresDatediff(first, second, "day") + " / 7 + case when date_part('dow', " + a
                    + "::timestamp) <= date_part('dow', " + b + "::timestamp) then case when " + first + " <= " + second
                    + " then 0 else -1 end else case when " + first + " <= " + second + " then 1 else 0 end end)";
            case "hour" -> "(" + postgresDatediff(first, second, "day") + " * 24 + date_part('hour', " + b
                    + "::timestamp) - date_part('hour', " + a + "::timestamp))";
            case "minute" -> "(" + postgresDatediff(first, second, "hour") + " * 60 + date_part('minute', " + b
                    + "::timestamp) - date_part('minute', " + a + "::timestamp))";
            case "second" -> "(" + postgresDatediff(first, second, "minute") + " * 60 + floor(date_part('second', " + b
                    + "::timestamp)) - floor(date_part('second', " + a + "::timestamp)))";
            default -> throw new MacroException("dbt-postgres' datediff does not support the date part '" + part + "'");
        };
    }

    private String lastDay(String date, String part) {
        if (d == Dialect.POSTGRES && part.equals("quarter")) {
            return "cast(" + dateadd("day", "-1", dateadd("month", "3", dateTrunc(part, date))) + " as date)";
        }
        return "cast(" + dateadd("day", "-1", dateadd(part, "1", dateTrunc(part, date))) + " as date)";
    }

    private String hash(String field) {
        String md5 = "md5(cast(" + field + " as " + (d == Dialect.BIGQUERY || d == Dialect.DATABRICKS ? "string"
                : d == Dialect.REDSHIFT ? "varchar" : "text") + "))";
        return d == Dialect.BIGQUERY ? "to_hex(" + md5 + ")" : md5;
    }

    private String listagg(Call c) {
        String measure = sql(c, 0);
        Object delimiter = c.args.size() > 1 ? c.args.get(1) : c.named.getOrDefault("delimiter_text", "','");
        String delim = delimiter == null ? "','" : text(delimiter);
        Object order = c.args.size() > 2 ? c.args.get(2) : c.named.get("order_by_clause");
        String orderBy = order == null ? "" : " " + text(order);
        return switch (d) {
            case POSTGRES, BIGQUERY -> "string_agg(" + measure + ", " + delim + orderBy + ")";
            case DATABRICKS -> "array_join(collect_list(" + measure + "), " + delim + ")";
            default -> "listagg(" + measure + ", " + delim + ")" + (orderBy.isEmpty() ? "" : " within group (" + orderBy.strip() + ")");
        };
    }

    private String surrogateKey(List<String> fields) {
        List<String> parts = new ArrayList<>();
        for (String f : fields) {
            parts.add("coalesce(cast(" + f + " as " + dbt(new Call("dbt", "type_string", List.of(), Map.of()))
                    + "), '_dbt_utils_surrogate_key_null_')");
        }
        String joined = String.join(d == Dialect.DATABRICKS ? ", '-', " : " || '-' || ", parts);
        return hash(d == Dialect.DATABRICKS ? "concat(" + joined + ")" : joined);
    }

    // ---- arguments ------------------------------------------------------------------------------------------

    private static String arg(Call c, int i) {
        if (i >= c.args.size()) {
            throw new MacroException(c.name + "() needs at least " + (i + 1) + " arguments, found " + c.args.size());
        }
        return text(c.args.get(i));
    }

    private static String text(Object v) {
        if (v instanceof Sql s) {
            return s.text;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new MacroException("expected a quoted SQL expression, found a list");
    }

    /** An argument that is SQL text ('created_at', a number, a nested macro). */
    private static String sql(Call c, int i) {
        return arg(c, i).strip();
    }

    /** A date part: a plain word such as month. */
    private static String part(Call c, int i) {
        String p = arg(c, i).strip().toLowerCase(Locale.ROOT);
        if (!p.matches("[a-z_]+")) {
            throw new MacroException(c.name + "()'s date part must be a word such as 'month', found '" + p + "'");
        }
        return p;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Call c, int i) {
        if (i >= c.args.size() || !(c.args.get(i) instanceof List<?> l)) {
            throw new MacroException(c.name + "() takes a list of quoted SQL expressions, e.g. ['a', 'b']");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) l) {
            out.add(text(o));
        }
        return out;
    }

    private static String quoted(String s) {
        return s.startsWith("'") ? s : "'" + s + "'";
    }
}
