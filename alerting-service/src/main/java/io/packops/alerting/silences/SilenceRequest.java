package io.packops.alerting.silences;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.packops.servicekit.problem.Problem.FieldError;
import io.packops.servicekit.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/silences}, as Alertmanager's API takes it. {@link #validate} is the request's input
 * check (the REST layer's): every mistake at once, as a 400 problem with one field error each.
 *
 * @param startsAt defaults to now
 */
@Schema(name = "SilenceRequest", description = "A silence: matchers on the alert's labels (plus alertname and severity), "
        + "a time window, who and why")
public record SilenceRequest(List<MatcherInput> matchers, Instant startsAt, Instant endsAt, String createdBy,
                             String comment) {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final int MAX_TEXT = 1000;

    /** A matcher as sent: {@code isRegex} defaults to false and {@code isEqual} to true, as in Alertmanager's API. */
    public record MatcherInput(String name, String value, @JsonProperty("isRegex") Boolean isRegex,
                               @JsonProperty("isEqual") Boolean isEqual) {
    }

    /** A request that passed {@link #validate}: what the silence will hold. */
    public record NewSilence(List<Silence.Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                             String comment) {
    }

    /** The silence this request asks for at {@code now}, or a 400 problem listing every field in error. */
    public NewSilence validate(Instant now) {
        List<FieldError> errors = new ArrayList<>();
        List<Silence.Matcher> valid = matchers(errors);
        Instant starts = startsAt == null ? now : startsAt;
        if (!storable(starts)) {
            errors.add(new FieldError("startsAt", "must be between 1970-01-01 and 9999-12-31"));
        }
        if (endsAt != null && !storable(endsAt)) {
            errors.add(new FieldError("endsAt", "must be between 1970-01-01 and 9999-12-31"));
        } else if (endsAt == null) {
            errors.add(new FieldError("endsAt", "required (RFC 3339, e.g. 2026-11-25T12:00:00Z)"));
        } else if (!endsAt.isAfter(starts)) {
            errors.add(new FieldError("endsAt", "must be after startsAt (" + starts + ")"));
        } else if (!endsAt.isAfter(now)) {
            errors.add(new FieldError("endsAt", "must be in the future: a silence that already ended silences nothing"));
        }
        text("createdBy", createdBy, errors);
        text("comment", comment, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid silence: " + errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
        return new NewSilence(valid, starts, endsAt, createdBy.trim(), comment.trim());
    }

    private List<Silence.Matcher> matchers(List<FieldError> errors) {
        List<Silence.Matcher> valid = new ArrayList<>();
        if (matchers == null || matchers.isEmpty()) {
            errors.add(new FieldError("matchers", "at least one matcher is required"));
            return valid;
        }
        for (int i = 0; i < matchers.size(); i++) {
            Silence.Matcher m = matcher("matchers[" + i + "]", matchers.get(i), errors);
            if (m != null) {
                valid.add(m);
            }
        }
        if (errors.isEmpty() && valid.stream().allMatch(m -> m.matches(Map.of()))) {
            // Alertmanager's rule: a silence whose matchers all match the empty string would silence everything
            errors.add(new FieldError("matchers", "at least one matcher must not match the empty string"));
        }
        return valid;
    }

    private static Silence.Matcher matcher(String path, MatcherInput in, List<FieldError> errors) {
        if (in == null) {
            errors.add(new FieldError(path, "a matcher {name, value, isRegex, isEqual} is required"));
            return null;
        }
        int before = errors.size();
        if (in.name() == null || !LABEL_NAME.matcher(in.name()).matches()) {
            errors.add(new FieldError(path + ".name", "a label name ([a-zA-Z_][a-zA-Z0-9_]*) is required"));
        }
        boolean regex = Boolean.TRUE.equals(in.isRegex());
        if (in.value() == null) {
            errors.add(new FieldError(path + ".value", "required (may be empty)"));
        } else if (in.value().length() > MAX_TEXT) {
            errors.add(new FieldError(path + ".value", "at most " + MAX_TEXT + " characters"));
        } else if (in.value().indexOf('\u0000') >= 0) {
            errors.add(new FieldError(path + ".value", "must not contain the NUL character"));
        } else if (regex) {
            try {
                com.google.re2j.Pattern.compile(in.value()); // what Silence.Matcher runs: RE2 syntax, as Alertmanager's
            } catch (com.google.re2j.PatternSyntaxException e) {
                errors.add(new FieldError(path + ".value", "invalid regular expression (RE2 syntax, as Alertmanager's: "
                        + "no back references or look-arounds): " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "")));
            }
        }
        return errors.size() > before ? null
                : new Silence.Matcher(in.name(), in.value(), regex, in.isEqual() == null || in.isEqual());
    }

    /** Within what PostgreSQL's timestamptz (and any sane silence) holds: found by AlertingFuzzTest, year 999999999 was a 500. */
    private static boolean storable(Instant at) {
        return !at.isBefore(Instant.EPOCH) && at.isBefore(Instant.parse("+10000-01-01T00:00:00Z"));
    }

    private static void text(String field, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "required"));
        } else if (value.length() > MAX_TEXT) {
            errors.add(new FieldError(field, "at most " + MAX_TEXT + " characters"));
        } else if (value.indexOf('\u0000') >= 0) {
            errors.add(new FieldError(field, "must not contain the NUL character"));
        }
    }
}
