package io.packops.alerting.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.packops.servicekit.paging.PageLimit;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The request input the REST resources read themselves: {@code limit} and {@code cursor} of the alert and silence
 * lists, filters, and JSON bodies. Cursors are opaque: base64url of {@code <list>:<last key>}, so a cursor of one list
 * is not replayed against another. Every mistake is a 400 problem naming the field.
 */
public final class ListParams {

    public static final int DEFAULT_LIMIT = PageLimit.DEFAULT;
    public static final int MAX_LIMIT = PageLimit.MAX;

    private ListParams() {
    }

    public static int limit(String text) {
        return PageLimit.parse(text, ListParams::invalid);
    }

    /**
     * One page of a keyset-paged list, newest first: {@code fetch} is asked for limit + 1 rows below the cursor's key
     * (null: from the newest), and the next cursor is the last key shown when there were more.
     *
     * @param fetch  (key below which, how many) -> rows, newest first
     * @param pageOf (items, next cursor or null) -> the page body
     */
    public static <R, V, P> P page(String list, String limit, String cursor, BiFunction<Long, Integer, List<R>> fetch,
                                   ToLongFunction<R> key, Function<R, V> view, BiFunction<List<V>, String, P> pageOf) {
        int n = limit(limit);
        List<R> rows = fetch.apply(after(list, cursor), n + 1);
        String next = rows.size() > n ? cursor(list, key.applyAsLong(rows.get(n - 1))) : null;
        return pageOf.apply(rows.stream().limit(n).map(view).toList(), next);
    }

    public static String cursor(String list, long lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((list + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The last key of the previous page, null without a cursor; 400 when it is not one of this list's. */
    public static Long after(String list, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(list + ":")) {
                return Long.parseLong(text.substring(list.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400
        }
        throw invalid("cursor", "not a cursor returned by this list; start again without one");
    }

    public static String oneOf(String field, String value, List<String> allowed) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(field, "must be one of " + String.join(", ", allowed) + ", found \"" + value + "\"");
        }
        return value;
    }

    public static String text(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 200) {
            throw invalid(field, "at most 200 characters");
        }
        return value;
    }

    /**
     * Reads a JSON body ourselves: Quarkus' built-in mapper for mismatched input would answer plain JSON, not a
     * problem. A malformed body is a 400 problem naming where it broke.
     */
    public static <T> T body(ObjectMapper json, String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (MismatchedInputException e) {
            StringBuilder path = new StringBuilder("$");
            for (var ref : e.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append('.').append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            String field = path.length() > 2 ? path.substring(2) : "body";
            String why = e instanceof InvalidFormatException ife
                    ? "invalid value " + ife.getValue() + (ife.getTargetType() == Instant.class
                    ? ": expected an RFC 3339 timestamp such as 2026-11-25T12:00:00Z" : "")
                    : "unexpected JSON shape";
            throw ProblemException.badRequest(why + " at " + path, List.of(new Problem.FieldError(field, why)));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ProblemException.badRequest("malformed JSON" + where, List.of(new Problem.FieldError("body", "malformed JSON")));
        }
    }

    /** A 400 problem for one field. */
    public static ProblemException invalid(String field, String message) {
        return ProblemException.badRequest("invalid " + field + ": " + message, List.of(new Problem.FieldError(field, message)));
    }
}
