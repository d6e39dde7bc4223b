package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A team. Paging routes may be literal values or {@code ${ENV_VAR}} references.
 *
 * @param slack        Slack channel name for humans (e.g. {@code #billing-packs}); not a secret
 * @param slackWebhook Slack incoming-webhook URL (secret; usually {@code ${SLACK_...}}), may be null
 * @param pagerduty    PagerDuty Events API v2 route, may be null
 * @param webhook      generic (Alertmanager-shaped) webhook URL (secret), may be null
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Team(String id, String name, String slack, String slackWebhook, String email,
                   PagerDutyRoute pagerduty, String webhook) {

    /** True when the team can be paged by some route (PagerDuty, Slack webhook or generic webhook). */
    public boolean hasPagingRoute() {
        return (pagerduty != null && pagerduty.routingKey() != null && !pagerduty.routingKey().isBlank())
                || (slackWebhook != null && !slackWebhook.isBlank())
                || (webhook != null && !webhook.isBlank());
    }
}
