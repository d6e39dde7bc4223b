package io.packops.alerting.peers;

import io.packops.alerting.peers.IngestRestClient.Decision;
import io.packops.alerting.peers.IngestRestClient.FailureGroup;
import io.packops.alerting.peers.IngestRestClient.InstallGroup;
import io.packops.alerting.peers.IngestRestClient.Rollout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one bean that reads ingest-service's staged rollouts and the per-version stats the canary analysis needs, and
 * posts the analysis decisions, through {@link IngestRestClient}: timeout, retry (reads only) and circuit breaker.
 * Failures surface as {@link IngestClient}'s do ({@link IngestUnavailable}, {@link IngestNotFound}, ...).
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = {IngestNotFound.class, IngestConflict.class, IngestRejected.class})
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000,
        skipOn = {IngestNotFound.class, IngestConflict.class, IngestRejected.class})
public class IngestRolloutClient {

    /** Attempts and failures of one version over a window, summed over the cohort's warehouses. */
    public record Counts(long attempts, long failed) {
    }

    static final int PAGE = 500;
    static final int STATS_PAGE = 1000;
    static final int FAILURE_GROUPS = 100;

    @Inject
    @RestClient
    IngestRestClient client;

    /** Every rollout in {@code state} (progressing, paused, …), across pages. */
    public List<Rollout> inState(String state) {
        return IngestClient.call("list " + state + " rollouts",
                () -> IngestClient.allItems(cursor -> client.rollouts(state, PAGE, cursor)));
    }

    /** Every progressing rollout, across pages. */
    public List<Rollout> progressing() {
        return IngestClient.call("list progressing rollouts",
                () -> IngestClient.allItems(cursor -> client.rollouts("progressing", PAGE, cursor)));
    }

    /**
     * Installs or renders of one pack version over {@code window}, summed over {@code warehouses} (all when null).
     */
    public Counts counts(String window, String type, String pack, String version, List<String> warehouses) {
        return IngestClient.call("read " + type + " stats of " + pack + " " + version, () -> {
            long attempts = 0;
            long failed = 0;
            String cursor = null;
            do {
                var page = client.installs(window, type, pack, version, "warehouse", STATS_PAGE, cursor);
                for (InstallGroup g : page.groups() == null ? List.<InstallGroup>of() : page.groups()) {
                    if (warehouses == null || warehouses.contains(g.warehouse())) {
                        attempts += g.attempts();
                        failed += g.failed();
                    }
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            return new Counts(attempts, failed);
        });
    }

    /** Failure fingerprints of one pack version over {@code window} in the cohort's warehouses, most frequent first. */
    public List<FailureGroup> failures(String window, String type, String pack, String version, List<String> warehouses) {
        return IngestClient.call("read failures of " + pack + " " + version, () -> {
            Map<String, FailureGroup> byFingerprint = new LinkedHashMap<>();
            for (String warehouse : warehouses == null ? Collections.<String>singletonList(null) : warehouses) {
                var page = client.failures(window, type, pack, version, warehouse, FAILURE_GROUPS);
                for (FailureGroup g : page.groups() == null ? List.<FailureGroup>of() : page.groups()) {
                    byFingerprint.merge(g.fingerprint(), g, (a, b) -> new FailureGroup(a.fingerprint(), a.count() + b.count(),
                            a.accounts() + b.accounts(), a.stage(), a.errorCode(), a.sampleMessage()));
                }
            }
            return byFingerprint.values().stream().sorted(Comparator.comparingLong(FailureGroup::count).reversed()).toList();
        });
    }

    /**
     * Posts a decision. Not retried: a retry after a lost answer would meet its own change as a 409; the next
     * analysis round decides again instead.
     *
     * @throws IngestConflict the rollout moved (paused, promoted, aborted, another step) meanwhile
     */
    @Retry(maxRetries = 0)
    public Rollout decide(long id, Decision decision) {
        return IngestClient.call("post decision for rollout " + id, () -> client.decide(id, decision));
    }
}
