package io.packops.ingest.events;

import io.packops.compat.manifest.SemVer;
import io.packops.compat.manifest.Slugs;
import io.packops.ingest.system.IngestConfig;
import io.packops.servicekit.problem.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The rules of DESIGN "Telemetry events", one reason per broken field ({@code "field: reason"}).
 *
 * <p>Decisions where DESIGN is silent: {@code warehouse} is required for installs (installs are
 * analysed per warehouse) and optional for renders; {@code stage} is required for failed installs only (a
 * succeeded install has no failing stage); installs may name the {@code dashboard} and
 * {@code tile} a compile error is in, renders must not have a {@code stage}; {@code errorCode} is a
 * code, not prose ({@code [A-Za-z0-9][A-Za-z0-9_.:-]{0,63}}, which admits SQLSTATEs, Snowflake numbers
 * and Databricks' dotted classes); {@code durationMs} is optional.
 */
@ApplicationScoped
public class EventValidator {

    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_VERSION_LENGTH = 100;
    public static final long MAX_DURATION_MS = 86_400_000L;

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    /** The validated event (message not yet scrubbed) or the reasons it is refused. */
    public record Result(AcceptedEvent event, List<FieldError> errors) {
    }

    /** Slugs and versions seen valid before; they repeat in almost every event, their regexes cost. */
    private static final int MAX_REMEMBERED = 20_000;
    private final Set<String> validSlugs = ConcurrentHashMap.newKeySet();
    private final Set<String> validVersions = ConcurrentHashMap.newKeySet();

    private final Duration maxFutureSkew;
    private final Duration retention;

    @Inject
    EventValidator(IngestConfig config) {
        this(config.maxFutureSkew(), config.retention());
    }

    public EventValidator(Duration maxFutureSkew, Duration retention) {
        this.maxFutureSkew = maxFutureSkew;
        this.retention = retention;
    }

    public Result validate(TelemetryEvent e, Instant now) {
        List<FieldError> errors = new ArrayList<>(0);

        text(errors, "eventId", e.eventId(), true, false);
        boolean install = "install".equals(e.type());
        boolean render = "render".equals(e.type());
        if (e.type() == null) {
            errors.add(new FieldError("type", "is required (install or render)"));
        } else if (!install && !render) {
            errors.add(new FieldError("type", "must be install or render, not " + quote(e.type())));
        }
        Instant occurredAt = occurredAt(errors, e.occurredAt(), now);
        text(errors, "accountId", e.accountId(), false, true);
        slug(errors, "connector", e.connector(), true);
        slug(errors, "pack", e.pack(), true);
        if (e.packVersion() == null) {
            errors.add(new FieldError("packVersion", "is required (a semantic version such as 1.4.0)"));
        } else if (e.packVersion().length() > MAX_VERSION_LENGTH) {
            errors.add(new FieldError("packVersion", "has " + e.packVersion().length() + " characters, at most "
                    + MAX_VERSION_LENGTH + " are allowed"));
        } else if (!validVersions.contains(e.packVersion())) {
            String why = SemVer.semverError(e.packVersion());
            if (why != null) {
                errors.add(new FieldError("packVersion", why));
            } else {
                remember(validVersions, e.packVersion());
            }
        }
        slug(errors, "warehouse", e.warehouse(), install);
        if (e.outcome() == null) {
            errors.add(new FieldError("outcome", "is required (succeeded or failed)"));
        } else if (!e.outcome().equals("succeeded") && !e.outcome().equals("failed")) {
            errors.add(new FieldError("outcome", "must be succeeded or failed, not " + quote(e.outcome())));
        }
        if (install) {
            // an installer that succeeded has no failing stage; a failed install must say where it failed
            if (e.stage() == null) {
                if ("failed".equals(e.outcome())) {
                    errors.add(new FieldError("stage", "is required for failed install events (resolve, compile or run)"));
                }
            } else if (!e.stage().equals("resolve") && !e.stage().equals("compile") && !e.stage().equals("run")) {
                errors.add(new FieldError("stage", "must be resolve, compile or run, not " + quote(e.stage())));
            }
        } else if (render && e.stage() != null) {
            errors.add(new FieldError("stage", "only install events have a stage; a render event must not set it"));
        }
        slug(errors, "dashboard", e.dashboard(), render);
        slug(errors, "tile", e.tile(), render);
        if (e.errorCode() != null && !ERROR_CODE.matcher(e.errorCode()).matches()) {
            errors.add(new FieldError("errorCode", "must be a code of 1-64 letters, digits, '_', '.', ':' or '-' "
                    + "starting with a letter or digit (e.g. SQL_COMPILATION), not " + quote(shorten(e.errorCode()))));
        } else if (e.errorCode() == null && "failed".equals(e.outcome())) {
            errors.add(new FieldError("errorCode", "is required when outcome is failed"));
        }
        if (e.durationMs() != null && (e.durationMs() < 0 || e.durationMs() > MAX_DURATION_MS)) {
            errors.add(new FieldError("durationMs", "must be from 0 to " + MAX_DURATION_MS + " (24 hours), got " + e.durationMs()));
        }

        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new AcceptedEvent(e.eventId(), e.type(), occurredAt, e.accountId(), e.connector(), e.pack(),
                e.packVersion(), e.warehouse(), e.outcome(), e.stage(), e.dashboard(), e.tile(), e.errorCode(),
                e.errorMessage(), null, null, e.durationMs() == null ? null : e.durationMs().intValue()), List.of());
    }

    private Instant occurredAt(List<FieldError> errors, String value, Instant now) {
        if (value == null) {
            errors.add(new FieldError("occurredAt", "is required (RFC 3339 with an offset, e.g. 2026-11-25T10:00:03Z)"));
            return null;
        }
        Instant at;
        try {
            at = parseRfc3339(value);
        } catch (DateTimeException ex) {
            errors.add(new FieldError("occurredAt", quote(value) + " is not a valid date and time"));
            return null;
        }
        if (at == null) {
            errors.add(new FieldError("occurredAt", quote(shorten(value))
                    + " is not an RFC 3339 timestamp with an offset (e.g. 2026-11-25T10:00:03Z or 2026-11-25T11:00:03+01:00)"));
            return null;
        }
        if (at.isAfter(now.plus(maxFutureSkew))) {
            errors.add(new FieldError("occurredAt", at + " is " + human(Duration.between(now, at))
                    + " ahead of the server clock; at most " + human(maxFutureSkew) + " in the future is accepted"));
            return null;
        }
        if (at.isBefore(now.minus(retention))) {
            errors.add(new FieldError("occurredAt", at + " is older than the retention of " + human(retention)
                    + "; events that old are not stored"));
            return null;
        }
        return at;
    }

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)} ('t' and 'z' also lower-case) as an instant
     * cut to microseconds (PostgreSQL's precision); null when the shape is wrong; a DateTimeException
     * when the shape is right but the date is not (February 30th). Hand-parsed: it runs for every event.
     */
    static Instant parseRfc3339(String s) {
        int n = s.length();
        if (n < 20 || n > 35 || !digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-'
                || !digits(s, 8, 10) || (s.charAt(10) != 'T' && s.charAt(10) != 't') || !digits(s, 11, 13)
                || s.charAt(13) != ':' || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = Integer.parseInt(s, start, i, 10);
            for (int d = fractionDigits; d < 9; d++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
            offset = ZoneOffset.UTC;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && digits(s, i + 1, i + 3)
                && s.charAt(i + 3) == ':' && digits(s, i + 4, i + 6)) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * number(s, i + 1, i + 3), sign * number(s, i + 4, i + 6));
        } else {
            return null;
        }
        LocalDateTime local = LocalDateTime.of(number(s, 0, 4), number(s, 5, 7), number(s, 8, 10),
                number(s, 11, 13), number(s, 14, 16), number(s, 17, 19), nanos / 1000 * 1000);
        return local.toInstant(offset);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    /** Required-ness, length 1-200, no control characters; ids also no whitespace. */
    private static void text(List<FieldError> errors, String field, String value, boolean id, boolean spacesAllowed) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return;
        }
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be empty"));
            return;
        }
        if (value.length() > MAX_ID_LENGTH) {
            errors.add(new FieldError(field, "has " + value.length() + " characters, at most " + MAX_ID_LENGTH + " are allowed"));
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || (!spacesAllowed && Character.isWhitespace(c))) {
                errors.add(new FieldError(field, "must be printable characters without "
                        + (spacesAllowed ? "control characters" : "spaces or control characters")
                        + (id ? " (it is the idempotency key)" : "")));
                return;
            }
        }
    }

    private void slug(List<FieldError> errors, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldError(field, "is required (a slug such as " + example(field) + ")"));
            }
            return;
        }
        if (validSlugs.contains(value)) {
            return;
        }
        String why = value.length() > 100
                ? quote(shorten(value)) + " is not a valid slug: it has " + value.length() + " characters, at most "
                        + Slugs.MAX_LENGTH + " are allowed"
                : Slugs.slugError(value);
        if (why != null) {
            errors.add(new FieldError(field, why));
        } else {
            remember(validSlugs, value);
        }
    }

    private static void remember(Set<String> valid, String value) {
        if (valid.size() < MAX_REMEMBERED) {
            valid.add(value);
        }
    }

    private static String example(String field) {
        return switch (field) {
            case "connector" -> "stripe";
            case "pack" -> "stripe-revenue";
            case "warehouse" -> "snowflake";
            case "dashboard" -> "revenue";
            case "tile" -> "gross_volume";
            default -> "a-slug";
        };
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** 5m, 2h 30m, 30 days. */
    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds % 86_400 == 0 && seconds >= 86_400) {
            return seconds / 86_400 + (seconds == 86_400 ? " day" : " days");
        }
        StringBuilder s = new StringBuilder();
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            s.append(days).append("d ");
        }
        if (hours > 0) {
            s.append(hours).append("h ");
        }
        if (minutes > 0) {
            s.append(minutes).append("m ");
        }
        if (secs > 0 || s.isEmpty()) {
            s.append(secs).append("s ");
        }
        return s.toString().trim();
    }
}
