package io.packops.servicekit.problem;

import java.util.OptionalLong;

/** Numeric ids in paths, taken as text: JAX-RS answers 404 when a path parameter does not convert, which misleads. */
public final class PathIds {

    private PathIds() {
    }

    /** The id when {@code text} is a positive number; empty otherwise (each resource says which problem that is). */
    public static OptionalLong positive(String text) {
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return OptionalLong.of(id);
            }
        } catch (NumberFormatException e) {
            // not a number: empty, as for zero or a negative one
        }
        return OptionalLong.empty();
    }
}
