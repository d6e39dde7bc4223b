package io.packops.alerting.alerts;

import java.util.Map;

/**
 * CDI event fired by {@link AlertService#observe} when it creates a new alert (once across replicas: only the one
 * whose insert won). Observe it with {@code during = TransactionPhase.AFTER_SUCCESS} to act on a committed alert.
 */
public record AlertFired(long alertId, String rule, Map<String, String> labels, String severity) {
}
