package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How often a layer hands off. In the document: {@code rotation: daily}, {@code rotation: weekly} or
 * {@code rotation: { hours: 12 }}.
 *
 * @param hours the shift length in elapsed hours for {@link Kind#HOURS}, 0 otherwise
 */
@RegisterForReflection
public record Rotation(Kind kind, int hours) {

    public enum Kind { DAILY, WEEKLY, HOURS }

    public static Rotation daily() {
        return new Rotation(Kind.DAILY, 0);
    }

    public static Rotation weekly() {
        return new Rotation(Kind.WEEKLY, 0);
    }

    public static Rotation hours(int n) {
        return new Rotation(Kind.HOURS, n);
    }
}
