package io.packops.alerting.peers;

import io.packops.alerting.peers.Ownership.Level;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one bean that reads ownership-service ({@code GET /v1/lookup?resolveSecrets=true} with the peer token)
 * through {@link OwnershipRestClient}, with timeout, retry, circuit breaker and a fallback. Empty means
 * ownership-service could not answer: callers page the configured fallback route instead. An HTTP call: never made
 * while a database transaction is open (callers look up first, then write).
 */
@ApplicationScoped
@Timeout(2000)
@Retry(maxRetries = 2, delay = 100, jitter = 100, abortOn = {OwnershipClient.LookupRejected.class, CircuitBreakerOpenException.class})
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000, successThreshold = 1,
        skipOn = OwnershipClient.LookupRejected.class)
public class OwnershipClient {

    /** ownership-service refused the question (4xx: bad or unknown connector/pack, wrong token): not worth retrying. */
    public static class LookupRejected extends RuntimeException {
        public LookupRejected(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    @RestClient
    OwnershipRestClient client;

    /** Owner, routes and escalation chain for a connector/pack at {@code at}; empty when ownership-service is unreachable. */
    @CircuitBreakerName("ownership-lookup")
    @Fallback(fallbackMethod = "unavailable") // the fallback is this method's: it takes its arguments
    public Optional<Ownership> lookup(String connector, String pack, Instant at) {
        OwnershipRestClient.Lookup answer;
        try {
            answer = client.lookup(connector, pack, at == null ? null : at.truncatedTo(ChronoUnit.SECONDS).toString(), true);
        } catch (WebApplicationException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new LookupRejected("ownership-service answered " + status + " for connector=" + connector + " pack=" + pack);
            }
            throw e;
        }
        return Optional.of(map(answer));
    }

    private Optional<Ownership> unavailable(String connector, String pack, Instant at, Throwable cause) {
        Log.warnf("ownership lookup for connector=%s pack=%s failed (%s): callers use the fallback route",
                connector, pack, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        return Optional.empty();
    }

    static Ownership map(OwnershipRestClient.Lookup a) {
        OwnershipRestClient.Team team = a.team();
        Map<String, String> routes = team == null || team.routes() == null ? Map.of() : team.routes();
        OwnershipRestClient.Escalation esc = a.escalation();
        List<Level> levels = new ArrayList<>();
        if (esc != null && esc.levels() != null) {
            for (OwnershipRestClient.Level l : esc.levels()) {
                LinkedHashSet<String> people = new LinkedHashSet<>();
                if (l.targets() != null) {
                    for (OwnershipRestClient.Target t : l.targets()) {
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
