package io.packops.alerting.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.packops.alerting.repository.SilenceRepository;
import io.packops.alerting.rest.Problem.FieldError;
import io.packops.alerting.rest.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Silences with Alertmanager's semantics: matchers on the alert's labels (plus {@code alertname} = the rule and
 * {@code severity}), a time window, who and why. Expiring ends one now; nothing is ever deleted.
 */
@ApplicationScoped
public class SilenceService {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    static final int MAX_TEXT = 1000;

    @Inject
    SilenceRepository silences;

    @Inject
    Clock clock;

    /** A matcher as sent: {@code isRegex} defaults to false and {@code isEqual} to true, as in Alertmanager's API. */
    public record MatcherInput(String name, String value, @JsonProperty("isRegex") Boolean isRegex,
                               @JsonProperty("isEqual") Boolean isEqual) {
    }

    /** {@code startsAt} defaults to now. */
    public record SilenceInput(List<MatcherInput> matchers, Instant startsAt, Instant endsAt, String createdBy,
                               String comment) {
    }

    @Transactional
    public Silence create(SilenceInput in) {
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        List<Silence.Matcher> matchers = new ArrayList<>();
        if (in == null) {
            throw ProblemException.badRequest("a JSON body is required", List.of(new FieldError("body", "required")));
        }
        if (in.matchers() == null || in.matchers().isEmpty()) {
            errors.add(new FieldError("matchers", "at least one matcher is required"));
        } else {
            for (int i = 0; i < in.matchers().size(); i++) {
                Silence.Matcher m = matcher("matchers[" + i + "]", in.matchers().get(i), errors);
                if (m != null) {
                    matchers.add(m);
                }
            }
            if (errors.isEmpty() && matchers.stream().allMatch(m -> m.matches(Map.of()))) {
                // Alertmanager's rule: a silence whose matchers all match the empty string would silence everything
                errors.add(new FieldError("matchers", "at least one matcher must not match the empty string"));
            }
        }
        Instant startsAt = in.startsAt() == null ? now : in.startsAt();
        if (!storable(startsAt)) {
            errors.add(new FieldError("startsAt", "must be between 1970-01-01 and 9999-12-31"));
        }
        if (in.endsAt() != null && !storable(in.endsAt())) {
            errors.add(new FieldError("endsAt", "must be between 1970-01-01 and 9999-12-31"));
        } else if (in.endsAt() == null) {
            errors.add(new FieldError("endsAt", "required (RFC 3339, e.g. 2026-11-25T12:00:00Z)"));
        } else if (!in.endsAt().isAfter(startsAt)) {
            errors.add(new FieldError("endsAt", "must be after startsAt (" + startsAt + ")"));
        } else if (!in.endsAt().isAfter(now)) {
            errors.add(new FieldError("endsAt", "must be in the future: a silence that already ended silences nothing"));
        }
        text("createdBy", in.createdBy(), errors);
        text("comment", in.comment(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid silence: " + errors.get(0).field() + " " + errors.get(0).message(), errors);
        }
        return silences.insert(UUID.randomUUID(), matchers, startsAt, in.endsAt(), in.createdBy().trim(),
                in.comment().trim(), now);
    }

    public List<Silence> list(String state, Long beforeSeq, int limit) {
        return silences.list(state, clock.instant(), beforeSeq, limit);
    }

    public Optional<Silence> find(UUID id) {
        return silences.find(id);
    }

    /** Ends the silence now; 404 when unknown, 409 when it has already expired. */
    @Transactional
    public Silence expire(UUID id) {
        Instant now = clock.instant();
        Silence s = silences.find(id).orElseThrow(() -> ProblemException.notFound("no silence " + id));
        if (Silence.EXPIRED.equals(s.state(now))) {
            throw ProblemException.conflict("silence " + id + " already expired at " + s.endsAt());
        }
        return silences.expire(id, now).orElseThrow();
    }

    /** The first silence in force at {@code at} that matches the alert, if any. */
    public Optional<Silence> matching(String rule, String severity, Map<String, String> labels, Instant at) {
        Map<String, String> all = new HashMap<>(labels);
        all.putIfAbsent("alertname", rule);
        all.putIfAbsent("severity", severity);
        return silences.active(at).stream().filter(s -> s.matches(all)).findFirst();
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
                Pattern.compile(in.value());
            } catch (PatternSyntaxException e) {
                errors.add(new FieldError(path + ".value", "invalid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex()));
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
