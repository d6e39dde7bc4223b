package io.packops.ownership.document;

/** A save named a base revision ({@code If-Match}) that is no longer the current one; answered 412. */
public class RevisionConflict extends RuntimeException {

    public RevisionConflict(long expected, long current) {
        super("If-Match names revision " + expected + " but the current revision is " + current
                + "; GET /v1/ownership, merge, and try again", null, false, false);
    }
}
