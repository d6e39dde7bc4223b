package io.packops.alerting.paging;

import io.packops.alerting.peers.Ownership;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link Pager} needs to page about an alert: the alert as it is now, the escalation level to page
 * (1-based; 0 for acknowledge/resolve notifications), the people that level resolved to, and where the owner team is
 * paged. The routes come with the request, resolved by ownership-service before the caller's transaction began: the
 * pager never asks a peer over HTTP while the alert's row is locked.
 *
 * @param action    {@code trigger}, {@code acknowledge} or {@code resolve} (PagerDuty Events API v2 actions)
 * @param ownerTeam the owner team, null when unknown (the fallback route is paged)
 * @param people    person ids the level pages (from ownership's escalation chain); empty for acknowledge/resolve
 * @param routes    the owner team's routes, null when ownership-service did not say (the fallback route is paged)
 */
public record PageRequest(long alertId, String dedupKey, String action, String rule, Map<String, String> labels,
                          String severity, String summary, Map<String, Object> details, String runbookUrl,
                          String alertUrl, String ownerTeam, int level, List<String> people, Instant at, Routes routes) {

    public PageRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        details = details == null ? Map.of() : Map.copyOf(details);
        people = people == null ? List.of() : List.copyOf(people);
    }

    /**
     * A team's paging routes, resolved values (secrets: never logged whole, never in the API): a PagerDuty routing key,
     * a Slack incoming webhook, an Alertmanager-shaped webhook; each null when the team has none.
     */
    @RegisterForReflection
    public record Routes(String team, String pagerdutyRoutingKey, String slackWebhook, String webhook) {

        /** The routes of the team an ownership lookup answered. */
        public static Routes of(Ownership o) {
            return new Routes(o.team(), o.pagerdutyRoutingKey(), o.slackWebhook(), o.webhook());
        }

        /** True when the team can be paged at all (one route resolves). */
        public boolean any() {
            return present(pagerdutyRoutingKey) || present(slackWebhook) || present(webhook);
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }
}
