package io.packops.ownership.oncall;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One stretch of a resolved schedule timeline: {@code person} is on call in {@code [start, end)}.
 * {@code source} says why: {@code "override"} or {@code "layer:<name or 1-based index>"}.
 * <p>
 * A stretch is maximal: it ends where the person or the source changes (a handoff to someone else, a
 * restriction window closing, an override starting...), not at a handoff to the same person.
 * {@code end} is null only in {@link OnCallResolver#onCall} answers, when the stretch has no scheduled end
 * (e.g. a one-person layer without restrictions or end, and no override ahead); {@code shifts} clips every
 * stretch to its range, so its shifts always have both ends.
 */
@RegisterForReflection
public record Shift(String person, Instant start, Instant end, String source) {

    /** True when {@code at} lies in {@code [start, end)}. */
    public boolean covers(Instant at) {
        return !at.isBefore(start) && (end == null || at.isBefore(end));
    }
}
