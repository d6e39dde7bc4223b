package io.packops.alerting.alerts;

/** No alert has this id (404). */
public class AlertNotFound extends RuntimeException {
    public AlertNotFound(long id) {
        super("no alert " + id, null, false, false);
    }
}
