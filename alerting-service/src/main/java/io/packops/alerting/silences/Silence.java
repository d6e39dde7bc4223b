package io.packops.alerting.silences;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An Alertmanager silence: while {@code startsAt <= now < endsAt}, alerts whose labels match every matcher are
 * recorded but not paged. {@code seq} orders silences for keyset paging.
 */
public record Silence(UUID id, long seq, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant createdAt, Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String PENDING = "pending";
    public static final String EXPIRED = "expired";

    /**
     * Alertmanager's matcher: {@code isRegex} anchors the value as a full-match regular expression; {@code isEqual}
     * false negates. A label the alert does not have matches as the empty string.
     */
    @RegisterForReflection
    public record Matcher(String name, String value, @JsonProperty("isRegex") boolean isRegex,
                          @JsonProperty("isEqual") boolean isEqual) {

        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(name, "");
            boolean hit = isRegex ? Pattern.compile("^(?:" + value + ")$").matcher(actual).matches() : value.equals(actual);
            return hit == isEqual;
        }
    }

    public String state(Instant now) {
        if (now.isBefore(startsAt)) {
            return PENDING;
        }
        return now.isBefore(endsAt) ? ACTIVE : EXPIRED;
    }

    public boolean matches(Map<String, String> labels) {
        return matchers.stream().allMatch(m -> m.matches(labels));
    }
}
