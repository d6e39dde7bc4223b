package io.packops.alerting.silences;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.re2j.Pattern;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
     * false negates. A label the alert does not have matches as the empty string. Expressions are RE2, as in
     * Alertmanager (Go's regexp): an operator's pattern runs against every alert, and RE2 is linear in the label
     * whatever the pattern, where a backtracking engine can take exponential time on {@code (a+)+$}.
     */
    @RegisterForReflection
    public record Matcher(String name, String value, @JsonProperty("isRegex") boolean isRegex,
                          @JsonProperty("isEqual") boolean isEqual) {

        /** Compiled patterns, by their source: silences are few and evaluated on every observation. */
        private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();
        private static final int MAX_COMPILED = 1_000;

        public boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(name, "");
            boolean hit = isRegex ? compiled(value).matches(actual) : value.equals(actual);
            return hit == isEqual;
        }

        private static Pattern compiled(String source) {
            if (COMPILED.size() > MAX_COMPILED) {
                COMPILED.clear(); // expired silences' patterns are never asked for again
            }
            return COMPILED.computeIfAbsent(source, v -> Pattern.compile("^(?:" + v + ")$"));
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
