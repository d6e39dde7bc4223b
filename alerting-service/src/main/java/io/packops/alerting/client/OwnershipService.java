package io.packops.alerting.client;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one bean that reads ownership-service ({@code GET /v1/lookup?resolveSecrets=true} with the peer
 * operator token) behind a {@code @RegisterRestClient(configKey = "ownership")} interface, with timeout,
 * retry and circuit breaker. Empty means ownership-service could not answer: callers page the configured
 * fallback route instead.
 */
@ApplicationScoped
public class OwnershipService {

    /** What alerting keeps of a lookup answer. Routes are resolved values (null when absent or unset). */
    public record Ownership(String team, String teamName, String policy, int repeat, String runbook, String runbookUrl,
                            String supportQueue, String pagerdutyRoutingKey, String slackWebhook, String webhook,
                            List<Level> levels) {
    }

    /** One escalation level: when it is paged (minutes after firing, empty levels skipped) and whom. */
    public record Level(int level, int effectiveAfterMinutes, boolean skipped, List<String> people) {
    }

    /** Owner, routes and escalation chain for a connector/pack at {@code at}; empty when ownership-service is unreachable. */
    public Optional<Ownership> lookup(String connector, String pack, Instant at) {
        throw new UnsupportedOperationException("TODO (issue 5, ownership client)");
    }
}
