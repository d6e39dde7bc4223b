package io.packops.ownership.oncall;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Duration;
import java.time.Instant;

/** A stretch {@code [start, end)} with nobody on call (or nobody reachable), for readiness reports. */
@RegisterForReflection
public record CoverageGap(Instant start, Instant end) {

    public Duration duration() {
        return Duration.between(start, end);
    }
}
