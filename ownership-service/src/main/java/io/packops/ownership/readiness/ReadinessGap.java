package io.packops.ownership.readiness;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/**
 * One thing that is not ready for launch. {@code severity} is {@code critical} (nobody would be paged),
 * {@code error} (someone may not be paged or may not know what to do), {@code warning} (a weak spot),
 * {@code info}. {@code subject} names what it is about ({@code connector:stripe}, {@code schedule:billing-primary}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ReadinessGap(String severity, String kind, String subject, String message, String fix,
                           List<Interval> intervals) {

    public ReadinessGap {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }

    /** {@code [start, end)}. */
    @RegisterForReflection
    public record Interval(Instant start, Instant end) {
    }
}
