package io.packops.ingest.stats;

import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the query parameters of the stats endpoints into a {@link StatsQuery}, strictly: every problem
 * is reported at once, each naming its parameter, as one 400 problem.
 */
public final class StatsParams {

    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private static final Pattern WINDOW = Pattern.compile("([1-9][0-9]{0,6})([smhd])");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    // semver.org's grammar
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** The query parameters every stats endpoint takes, as the resource received them (a JAX-RS bean parameter). */
    public static class Raw {
        @Parameter(description = "1m to 30d: a number and s, m, h or d") @QueryParam("window") String window;
        @Parameter(description = "install (default) or render") @QueryParam("type") String type;
        @QueryParam("connector") String connector;
        @QueryParam("pack") String pack;
        @QueryParam("version") String version;
        @QueryParam("warehouse") String warehouse;
        @Parameter(description = "groups per page, 1 to 1000 (default 100)") @QueryParam("limit") String limit;
        @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor;
        @Parameter(description = "RFC 3339 end of the window (default now)") @QueryParam("at") String at;
    }

    static StatsQuery installs(Raw raw, List<String> groupBy, Instant now) {
        return new StatsParams().parse(raw, groupBy, now, true);
    }

    static StatsQuery failures(Raw raw, Instant now) {
        return new StatsParams().parse(raw, null, now, false);
    }

    private StatsQuery parse(Raw raw, List<String> groupByParam, Instant now, boolean grouped) {
        Duration length = window(raw.window);
        String type = oneOf("type", raw.type, List.of("install", "render"));
        Map<StatsDimension, String> filters = filters(raw.connector, raw.pack, raw.version, raw.warehouse);
        List<StatsDimension> groupBy = grouped ? groupBy(groupByParam, type) : List.of();
        int limit = limit(raw.limit, DEFAULT_LIMIT, MAX_LIMIT);
        Instant at = at(raw.at, now);
        if (!errors.isEmpty()) {
            throw invalid();
        }
        Instant to = at == null ? now : at;
        int offset = 0;
        String key = key(raw.window, type, filters, groupBy, at);
        if (present(raw.cursor)) {
            StatsCursor cursor = StatsCursor.decode(raw.cursor.trim());
            if (cursor == null) {
                errors.add(new Problem.FieldError("cursor", "cursor is not a cursor of this API; pass the nextCursor of a previous page"));
            } else if (!cursor.queryKey().equals(key)) {
                errors.add(new Problem.FieldError("cursor", "cursor belongs to another query; keep the other parameters of the first page"));
            } else {
                to = cursor.to();
                offset = cursor.offset();
            }
            if (!errors.isEmpty()) {
                throw invalid();
            }
        }
        return new StatsQuery(raw.window.trim(), length, to, type, filters, groupBy, limit, offset, key);
    }

    public Duration window(String window) {
        if (!present(window)) {
            errors.add(new Problem.FieldError("window", "window is required, e.g. 15m, 1h, 24h, 7d"));
            return null;
        }
        Matcher m = WINDOW.matcher(window.trim());
        if (!m.matches()) {
            errors.add(new Problem.FieldError("window",
                    "window '" + window + "' is not a number followed by s, m, h or d, e.g. 15m, 1h, 24h, 7d"));
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0) {
            errors.add(new Problem.FieldError("window", "window '" + window + "' must be between 1m and 30d"));
            return null;
        }
        return d;
    }

    /** One of {@code values} (the first when absent), or an error naming the parameter. */
    public String oneOf(String param, String value, List<String> values) {
        if (!present(value)) {
            return values.get(0);
        }
        String v = value.trim();
        if (!values.contains(v)) {
            errors.add(new Problem.FieldError(param, param + " '" + value + "' must be " + String.join(" or ", values)));
            return values.get(0);
        }
        return v;
    }

    /** The connector, pack, version and warehouse filters that are given, each checked. */
    public Map<StatsDimension, String> filters(String connector, String pack, String version, String warehouse) {
        Map<StatsDimension, String> filters = new EnumMap<>(StatsDimension.class);
        filter(filters, StatsDimension.CONNECTOR, connector, SLUG, "a slug ([a-z0-9][a-z0-9_-]{0,62})");
        filter(filters, StatsDimension.PACK, pack, SLUG, "a slug ([a-z0-9][a-z0-9_-]{0,62})");
        filter(filters, StatsDimension.VERSION, version, SEMVER, "a semantic version such as 1.4.0");
        filter(filters, StatsDimension.WAREHOUSE, warehouse, SLUG, "a slug ([a-z0-9][a-z0-9_-]{0,62})");
        return filters;
    }

    private void filter(Map<StatsDimension, String> filters, StatsDimension dim, String value, Pattern pattern, String what) {
        if (value == null || value.isEmpty()) {
            return; // "connector=" means no filter, as in a form left blank
        }
        if (!pattern.matcher(value).matches()) {
            errors.add(new Problem.FieldError(dim.param(), dim.param() + " '" + value + "' must be " + what));
            return;
        }
        filters.put(dim, value);
    }

    private List<StatsDimension> groupBy(List<String> values, String type) {
        List<StatsDimension> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            for (String part : value.split(",", -1)) {
                String key = part.trim();
                if (key.isEmpty()) {
                    if (!value.isBlank()) {
                        errors.add(new Problem.FieldError("groupBy", "groupBy '" + value + "' has an empty key"));
                    }
                    continue;
                }
                StatsDimension d = StatsDimension.fromParam(key);
                if (d == null) {
                    errors.add(new Problem.FieldError("groupBy", "groupBy key '" + key
                            + "' is not one of connector, pack, version, warehouse, dashboard, tile"));
                } else if (d.renderOnly() && !type.equals("render")) {
                    errors.add(new Problem.FieldError("groupBy", "groupBy key '" + key
                            + "' needs type=render: only render events have a dashboard and a tile"));
                } else if (out.contains(d)) {
                    errors.add(new Problem.FieldError("groupBy", "groupBy key '" + key + "' is repeated"));
                } else {
                    out.add(d);
                }
            }
        }
        return out;
    }

    public int limit(String limit, int byDefault, int max) {
        if (!present(limit)) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new Problem.FieldError("limit", "limit '" + limit + "' must be a whole number from 1 to " + max));
        return byDefault;
    }

    private Instant at(String at, Instant now) {
        if (!present(at)) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(at.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            if (t.isAfter(now)) {
                errors.add(new Problem.FieldError("at", "at '" + at + "' is in the future"));
                return null;
            }
            return t;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError("at", "at '" + at + "' is not an RFC 3339 time such as 2026-11-25T10:00:00Z"));
            return null;
        }
    }

    /** Throws the 400 problem listing every error found so far, if any. */
    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw invalid();
        }
    }

    private ProblemException invalid() {
        String detail = String.join("; ", errors.stream().map(Problem.FieldError::message).toList());
        return ProblemException.badRequest(detail, errors);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Identifies a query apart from its page, so a cursor cannot be replayed against another query. */
    private static String key(String window, String type, Map<StatsDimension, String> filters,
                              List<StatsDimension> groupBy, Instant at) {
        String canonical = window.trim() + "|" + type + "|" + filters + "|" + groupBy + "|" + at;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
