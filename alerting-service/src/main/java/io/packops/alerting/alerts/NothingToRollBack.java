package io.packops.alerting.alerts;

/** The alert names no pack version (no {@code pack} and {@code version} labels): there is nothing to roll back (409). */
public class NothingToRollBack extends RuntimeException {
    public NothingToRollBack(long id) {
        super("alert " + id + " has no pack and version labels: there is nothing to roll back", null, false, false);
    }
}
