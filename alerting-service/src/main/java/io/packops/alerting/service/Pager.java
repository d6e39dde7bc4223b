package io.packops.alerting.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends pages: enqueues them in the persisted outbox (at-least-once, backoff, Retry-After) for the owner
 * team's routes (PagerDuty Events API v2, Slack webhook, Alertmanager-shaped webhook), in the caller's
 * transaction, so an alert change and its pages commit together.
 */
@ApplicationScoped
public class Pager {

    /** Enqueues the notifications of {@code request} (trigger, acknowledge or resolve) to the team's routes. */
    public void page(PageRequest request) {
        throw new UnsupportedOperationException("TODO (issue 5, paging)");
    }
}
