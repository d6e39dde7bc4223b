package io.packops.ownership.service;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One stretch of a resolved schedule timeline: {@code person} is on call in {@code [start, end)}.
 * {@code source} says why: {@code "override"} or {@code "layer:<name or 1-based index>"}.
 */
@RegisterForReflection
public record Shift(String person, Instant start, Instant end, String source) {
}
