package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** {@code person} is on call from {@code start} to {@code end} (absolute instants), beating every layer. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleOverride(String person, Instant start, Instant end) {
}
