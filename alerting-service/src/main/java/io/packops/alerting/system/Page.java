package io.packops.alerting.system;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/** One page of a list: its items, newest first, and the cursor of the next page (null on the last). */
@RegisterForReflection
public record Page<T>(List<T> items, String nextCursor) {
}
