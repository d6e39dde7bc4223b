package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** {@code person} is on call from {@code start} to {@code end} (absolute instants), beating every layer. */
@RegisterForReflection
public record ScheduleOverride(String person, Instant start, Instant end) {
}
