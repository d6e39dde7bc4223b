package io.packops.alerting.client;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

        public Ownership {
            levels = levels == null ? List.of() : List.copyOf(levels);
        }

        /** True when the team can be paged at all (one route resolves). */
        public boolean hasRoute() {
            return present(pagerdutyRoutingKey) || present(slackWebhook) || present(webhook);
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
        }
    }

    /** One escalation level: when it is paged (minutes after firing, empty levels skipped) and whom. */
    public record Level(int level, int effectiveAfterMinutes, boolean skipped, List<String> people) {

        public Level {
            people = people == null ? List.of() : List.copyOf(people);
        }
    }

    /** ownership-service refused the question (4xx: bad or unknown connector/pack, wrong token): not worth retrying. */
    public static class LookupRejected extends RuntimeException {
        public LookupRejected(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    @RestClient
    OwnershipClient client;

    /** Last answer that named each team: the pager reads a team's routes from here rather than asking twice. */
    private final Map<String, Ownership> lastByTeam = new ConcurrentHashMap<>();

    /** Owner, routes and escalation chain for a connector/pack at {@code at}; empty when ownership-service is unreachable. */
    @Timeout(2000)
    @Retry(maxRetries = 2, delay = 100, jitter = 100, abortOn = {LookupRejected.class, CircuitBreakerOpenException.class})
    @CircuitBreakerName("ownership-lookup")
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000, successThreshold = 1,
            skipOn = LookupRejected.class)
    @Fallback(fallbackMethod = "unavailable")
    public Optional<Ownership> lookup(String connector, String pack, Instant at) {
        OwnershipClient.Lookup answer;
        try {
            answer = client.lookup(connector, pack, at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString(), true);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new LookupRejected("ownership-service answered " + status + " for connector=" + connector + " pack=" + pack);
            }
            throw e;
        }
        Ownership ownership = map(answer);
        if (ownership.team() != null) {
            lastByTeam.put(ownership.team(), ownership);
        }
        return Optional.of(ownership);
    }

    Optional<Ownership> unavailable(String connector, String pack, Instant at, Throwable cause) {
        Log.warnf("ownership lookup for connector=%s pack=%s failed (%s): callers use the fallback route",
                connector, pack, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return Optional.empty();
    }

    /** The routes and chain of {@code team} as last answered by a lookup in this process, if any. */
    public Optional<Ownership> lastKnown(String team) {
        return team == null ? Optional.empty() : Optional.ofNullable(lastByTeam.get(team));
    }

    static Ownership map(OwnershipClient.Lookup a) {
        OwnershipClient.Team team = a.team();
        Map<String, String> routes = team == null || team.routes() == null ? Map.of() : team.routes();
        OwnershipClient.Escalation esc = a.escalation();
        List<Level> levels = new ArrayList<>();
        if (esc != null && esc.levels() != null) {
            for (OwnershipClient.Level l : esc.levels()) {
                LinkedHashSet<String> people = new LinkedHashSet<>();
                if (l.targets() != null) {
                    for (OwnershipClient.Target t : l.targets()) {
                        if (t.people() != null) {
                            t.people().forEach(p -> people.add(p.id()));
                        }
                    }
                }
                levels.add(new Level(l.level(), l.effectiveAfterMinutes(), l.skipped(), List.copyOf(people)));
            }
        }
        return new Ownership(team == null ? null : team.id(), team == null ? null : team.name(),
                esc == null ? null : esc.policy(), esc == null ? 0 : esc.repeat(), a.runbook(), a.runbookUrl(),
                a.supportQueue(), blankToNull(routes.get("pagerduty")), blankToNull(routes.get("slackWebhook")),
                blankToNull(routes.get("webhook")), levels);
    }

    private static String blankToNull(String s) {
        // "<redacted>" would mean we were answered as an agent: not a usable route
        return s == null || s.isBlank() || s.startsWith("<") ? null : s;
    }
}
