package io.packops.alerting.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The alert lifecycle (DESIGN "Alerts"): firing → acknowledged → resolved, one alert per dedup key
 * (rule + labels), auto-resolve after the condition has been clear for the keep-firing period, silences
 * recorded not paged, owner and runbook from ownership lookup, pages through {@link Pager}.
 */
@ApplicationScoped
public class AlertService {

    /** Applies one rule evaluation's observation (idempotent: observing the same thing twice changes nothing more). */
    public void observe(Observation observation) {
        throw new UnsupportedOperationException("TODO (issue 5, alert lifecycle)");
    }
}
