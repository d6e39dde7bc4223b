package io.packops.ownership.lookup;

/** A connector or pack asked about that cannot be one (not a slug): nothing can own it, so lookup answers 404. */
public class MalformedSlug extends RuntimeException {

    public MalformedSlug(String what, String given) {
        super("'" + given + "' is not a " + what + " slug (letters, digits, '-', '_')", null, false, false);
    }
}
