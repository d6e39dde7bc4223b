package io.packops.ownership.oncall;

/** A schedule id the current ownership document does not have. */
public class UnknownSchedule extends RuntimeException {

    public UnknownSchedule(String id, long revision) {
        super("no schedule '" + id + "' in ownership revision " + revision, null, false, false);
    }
}
