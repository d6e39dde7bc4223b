package io.packops.alerting.alerts;

/** The alert is resolved: it cannot be acknowledged or resolved again (409). */
public class AlertResolved extends RuntimeException {
    public AlertResolved(String message) {
        super(message, null, false, false);
    }
}
