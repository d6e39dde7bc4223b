package io.packops.alerting.rules;

import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.system.Durations;
import io.packops.alerting.system.SweepMetrics;
import io.packops.alerting.system.Sweeps;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code dependency-down} (DESIGN "Alerts"): alerting's own checks of ingest-service's and ownership-service's
 * {@code /q/health/ready} (no token), every {@code packops.rules.peer-check-every}. A peer failing for longer than
 * {@code packops.rules.peer-down-after} is observed firing ({@code {service}} label, critical); healthy again is
 * observed clear. The lifecycle looks the owner up with no connector (ownership's {@code "*"} rule, the platform
 * owner) and pages the fallback route when that lookup finds nobody (ownership itself down).
 * <p>
 * Runs once per interval across replicas ({@link OncePerInterval}). The failing-since clock is in memory: a replica
 * that starts while a peer is down, or takes the checks over from another, waits the full period again (a page comes
 * later, never early); a replica whose last check is more than {@link #GAP} intervals old forgets what it saw then.
 */
@ApplicationScoped
public class DependencyChecks {

    public static final String RULE = "dependency-down";
    /** The job's name: its slot in {@code sweep_claims} and its lock. */
    public static final String JOB = "peer-health";
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Intervals without a check of its own after which a replica's failing-since clocks are stale (another replica checked). */
    static final int GAP = 3;

    /** What one check of one peer saw. */
    public record Check(String service, boolean healthy, String error) {
    }

    @Inject
    AlertService alerts;

    @Inject
    RulesConfig config;

    @Inject
    Clock clock;

    @Inject
    Sweeps sweeps;

    @ConfigProperty(name = "quarkus.rest-client.ingest.url")
    String ingestUrl;

    @ConfigProperty(name = "quarkus.rest-client.ownership.url")
    String ownershipUrl;

    private final Map<String, Instant> failingSince = new ConcurrentHashMap<>();
    private volatile Instant lastCheck;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Scheduled(identity = "peer-health", every = "${packops.rules.peer-check-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        // once per interval across replicas (each replica's schedule has its own phase)
        sweeps.scheduled(SweepMetrics.PEER_HEALTH, JOB, OncePerInterval.every(config.peerCheckEvery()),
                execution.getScheduledFireTime(), () -> checkPeers(clock.instant()), checks -> true);
    }

    /**
     * Checks both peers at {@code now} and observes {@code dependency-down} for each; returns what it saw (nothing when
     * another run is checking right now). A check that found a peer down still ran: "not run" means the scheduler
     * stopped, not that a peer is down.
     */
    public Map<String, Check> check(Instant now) {
        OncePerInterval.Run<Map<String, Check>> run = sweeps.now(SweepMetrics.PEER_HEALTH, JOB, () -> checkPeers(now), checks -> true);
        return run.ran() ? run.value() : Map.of();
    }

    private Map<String, Check> checkPeers(Instant now) {
        Duration every = OncePerInterval.every(config.peerCheckEvery());
        if (lastCheck != null && !every.isZero() && Duration.between(lastCheck, now).compareTo(every.multipliedBy(GAP)) > 0) {
            failingSince.clear(); // another replica checked meanwhile: what this one saw then is no clock to page by
        }
        lastCheck = now;
        Map<String, Check> out = new LinkedHashMap<>();
        out.put("ingest-service", check("ingest-service", ingestUrl, now));
        out.put("ownership-service", check("ownership-service", ownershipUrl, now));
        return out;
    }

    private Check check(String service, String baseUrl, Instant now) {
        String url = readyUrl(baseUrl);
        String error = probe(url);
        Check result = new Check(service, error == null, error);
        Observation o;
        if (error == null) {
            Instant was = failingSince.remove(service);
            o = new Observation(RULE, Map.of("service", service), "critical", service + " is ready again",
                    was == null ? Map.of() : Map.of("failingSince", was.toString()), false);
        } else {
            Instant since = failingSince.computeIfAbsent(service, k -> now);
            Duration down = Duration.between(since, now);
            if (down.compareTo(config.peerDownAfter()) <= 0) {
                return result; // not long enough: nothing observed yet (a blip does not page, nor clears)
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", url);
            details.put("failingSince", since.toString());
            details.put("lastError", error);
            details.put("limit", Durations.compact(config.peerDownAfter()));
            o = new Observation(RULE, Map.of("service", service), "critical",
                    service + " has failed its readiness check for " + Durations.compact(Duration.ofSeconds(down.toSeconds()))
                            + " (limit " + Durations.compact(config.peerDownAfter()) + "): " + error,
                    details, true);
        }
        try {
            alerts.observe(o);
        } catch (RuntimeException e) {
            Log.errorf(e, "could not observe %s", o.dedupKey());
        }
        return result;
    }

    /** Null when ready (2xx), else what went wrong. */
    private String probe(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    static String readyUrl(String base) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return b + "/q/health/ready";
    }
}
