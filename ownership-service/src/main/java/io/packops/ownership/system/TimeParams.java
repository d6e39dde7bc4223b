package io.packops.ownership.system;

import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Query parameters for times and durations, with 400s that say what was wrong. */
public final class TimeParams {

    private static final Pattern SPAN = Pattern.compile("(\\d{1,5})([mhdw])");

    private TimeParams() {
    }

    /** An RFC 3339 time with offset (or Z); {@code now} from the clock when absent. */
    public static Instant instant(String name, String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return clock.instant();
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Bad Request", name + " must be an RFC 3339 time with offset, e.g. 2026-11-27T10:00:00Z",
                    List.of(new Problem.FieldError(name, "'" + value + "' is not an RFC 3339 time")));
        }
        // found by OwnershipFuzzTest: at=+999999999-12-31T23:59:59Z overflowed the on-call arithmetic (a 500)
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new ProblemException(400, "Bad Request", name + " must be between 1970-01-01 and 9999-12-31",
                    List.of(new Problem.FieldError(name, "'" + value + "' is out of range")));
        }
        return at;
    }

    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /** {@code 30m}, {@code 12h}, {@code 14d}, {@code 2w}, or an ISO-8601 duration ({@code PT12H}), between 1 minute and {@code max}. */
    public static Duration span(String name, String value, Duration dflt, Duration max) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        Duration d;
        Matcher m = SPAN.matcher(value.trim().toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofDays(7 * n);
                };
            } else {
                d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Bad Request", name + " must look like 30m, 12h, 14d or 2w",
                    List.of(new Problem.FieldError(name, "'" + value + "' is not a duration")));
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(max) > 0) {
            throw new ProblemException(400, "Bad Request", name + " must be between 1 minute and " + max.toDays() + " days",
                    List.of(new Problem.FieldError(name, "'" + value + "' is out of range")));
        }
        return d;
    }
}
