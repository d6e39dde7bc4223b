package io.packops.alerting.rollouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.compat.CompatResult;
import io.packops.alerting.compat.FingerprintVerdict;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestConflict;
import io.packops.alerting.peers.IngestNotFound;
import io.packops.alerting.peers.IngestRejected;
import io.packops.alerting.peers.IngestRestClient.Decision;
import io.packops.alerting.peers.IngestRestClient.FailureGroup;
import io.packops.alerting.peers.IngestRestClient.Rollout;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;
import io.packops.alerting.peers.IngestRolloutClient;
import io.packops.alerting.peers.IngestRolloutClient.Counts;
import io.packops.alerting.rollouts.CanaryJudge.Comparison;
import io.packops.alerting.rollouts.CanaryJudge.Rate;
import io.packops.alerting.rollouts.CanaryJudge.Thresholds;
import io.packops.alerting.rollouts.CanaryJudge.Verdict;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Canary analysis of staged rollouts: every {@code packops.rollouts.analyse-every}, for each progressing rollout,
 * the canary's install and render failure rates against the stable version's over the same window (since the
 * step began) and cohort (its warehouses), judged by {@link CanaryJudge}, plus the compat sweep's stored results
 * ({@code compat_result}) for the fingerprints of the cohort. The decision goes to ingest's rollout timeline with
 * the numbers; an abort also fires {@code rollout-aborted} (critical) to the owner through the alert lifecycle.
 *
 * <p>Runs once per interval across replicas, on one replica at a time ({@link OncePerInterval}); ingest refuses a decision about a step the
 * rollout has left (409), so a human pause or promote in between always wins. Ingest unreachable: the round
 * decides nothing.
 */
@ApplicationScoped
public class RolloutAnalysis {

    public static final String RULE = "rollout-aborted";
    /** The job's name: its slot in {@code sweep_claims} and its lock. */
    public static final String JOB = "rollout-analysis";
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    /** What the analysis decided for one rollout, and whether ingest took it. */
    public record Result(long rolloutId, String decision, String check, String reason, boolean applied, JsonNode metrics) {
    }

    @Inject
    IngestRolloutClient rollouts;
    @Inject
    IngestClient ingest;
    @Inject
    AlertService alerts;
    @Inject
    RolloutsConfig config;
    @Inject
    OncePerInterval once;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;
    @Inject
    Clock clock;

    /** Every decision the judge can make, counted from 0 at startup so dashboards and rules see the series at once. */
    static final List<List<String>> DECISIONS = List.of(
            List.of("advance", "healthy"), List.of("hold", "step-time"), List.of("hold", "too-few-installs"),
            List.of("hold", "inconclusive"), List.of("abort", "compat-broken"), List.of("abort", "install-failure-rate"),
            List.of("abort", "install-ratio-to-stable"), List.of("abort", "render-failure-rate"),
            List.of("abort", "render-ratio-to-stable"));

    void registerDecisionCounters(@Observes StartupEvent event) {
        DECISIONS.forEach(d -> registry.counter("packops.rollout.decisions", "decision", d.get(0), "check", d.get(1)));
    }

    @Scheduled(identity = "rollout-analysis", every = "${packops.rollouts.analyse-every:1m}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        // once per interval across replicas (each replica's schedule has its own phase)
        once.scheduled(JOB, OncePerInterval.every(config.analyseEvery()), execution.getScheduledFireTime(), this::analyseLocked);
    }

    /** One round over every progressing rollout. */
    public List<Result> analyse() {
        // no transaction around the round: it is ingest calls; the only writes (the abort's alert) are their own
        OncePerInterval.Run<List<Result>> run = once.exclusively(JOB, this::analyseLocked);
        return run.ran() ? run.value() : List.of();
    }

    private List<Result> analyseLocked() {
        List<Rollout> progressing;
        try {
            progressing = rollouts.progressing();
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("rollout analysis skipped: ingest-service unavailable (%s)", e.getMessage());
            return List.of();
        }
        CanaryJudge judge = new CanaryJudge(config.confidence());
        List<Result> results = new ArrayList<>();
        for (Rollout r : progressing) {
            try {
                results.add(analyse(r, judge));
            } catch (RuntimeException e) {
                if (!IngestClient.isUnavailable(e) && !(e instanceof IngestNotFound) && !(e instanceof IngestRejected)) {
                    throw e;
                }
                Log.warnf("rollout %d (%s %s): no decision this round: %s", r.id(), r.pack(), r.canaryVersion(), e.getMessage());
            }
        }
        return results;
    }

    private Result analyse(Rollout r, CanaryJudge judge) {
        Instant now = clock.instant();
        Duration elapsed = Duration.between(r.stepStartedAt(), now);
        Duration window = elapsed.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : elapsed.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : elapsed;
        String w = Math.max(60, (window.toMillis() + 999) / 1000) + "s";
        List<String> cohort = r.cohort() == null ? null : r.cohort().warehouses();

        List<Map<String, Object>> broken = compatBrokenInCohort(r, cohort);
        Comparison installs = compare("install", w, r, cohort);
        Comparison renders = compare("render", w, r, cohort);
        Thresholds t = new Thresholds(r.analysis().maxFailureRate(), r.analysis().maxRatioToStable(),
                r.analysis().minInstalls(), r.stepMinutes());
        Verdict v = judge.judge(installs, renders, t, elapsed, broken.isEmpty() ? null : compatSentence(broken));

        ObjectNode metrics = json.createObjectNode();
        metrics.put("window", w).put("windowStart", now.minus(window).toString()).put("to", now.toString())
                .put("elapsedMinutes", Math.round(elapsed.toSeconds() / 6.0) / 10.0).put("stepMinutes", r.stepMinutes())
                .put("step", r.step()).put("confidence", judge.confidence()).put("z", Math.round(judge.zScore() * 10_000) / 10_000.0)
                .put("canaryVersion", r.canaryVersion()).put("stableVersion", r.stableVersion());
        metrics.set("thresholds", json.valueToTree(t));
        metrics.set("cohort", json.valueToTree(cohort));
        metrics.set("install", numbers(installs, judge, r));
        metrics.set("render", numbers(renders, judge, r));
        if (!broken.isEmpty()) {
            metrics.set("compatBroken", json.valueToTree(broken));
        }
        List<Map<String, Object>> newFailures = List.of();
        if (CanaryJudge.ABORT.equals(v.decision())) {
            newFailures = newFailures(w, r, cohort);
            metrics.set("newFailures", json.valueToTree(newFailures));
        }

        boolean applied;
        try {
            rollouts.decide(r.id(), new Decision(v.decision(), r.step(), v.check(), v.reason(), metrics));
            applied = true;
        } catch (IngestConflict e) {
            Log.infof("rollout %d moved while it was analysed; decision %s dropped", r.id(), v.decision());
            applied = false;
        }
        registry.counter("packops.rollout.decisions", "decision", v.decision(), "check", v.check()).increment();
        if (applied && CanaryJudge.ABORT.equals(v.decision())) {
            page(r, v, metrics, newFailures);
        }
        if (applied && !CanaryJudge.HOLD.equals(v.decision())) {
            Log.infof("rollout %d (%s %s at %d %%): %s — %s", r.id(), r.pack(), r.canaryVersion(), r.step(), v.decision(), v.reason());
        }
        return new Result(r.id(), v.decision(), v.check(), v.reason(), applied, metrics);
    }

    private Comparison compare(String type, String window, Rollout r, List<String> cohort) {
        Counts canary = rollouts.counts(window, type, r.pack(), r.canaryVersion(), cohort);
        Counts stable = r.stableVersion() == null ? new Counts(0, 0)
                : rollouts.counts(window, type, r.pack(), r.stableVersion(), cohort);
        return new Comparison(type, new Rate(canary.attempts(), canary.failed()), new Rate(stable.attempts(), stable.failed()));
    }

    private ObjectNode numbers(Comparison c, CanaryJudge judge, Rollout r) {
        ObjectNode n = json.createObjectNode();
        n.set("canary", side(c.canary(), r.canaryVersion(), judge));
        n.set("stable", side(c.stable(), r.stableVersion(), judge));
        return n;
    }

    private ObjectNode side(Rate rate, String version, CanaryJudge judge) {
        ObjectNode s = json.createObjectNode().put("version", version).put("attempts", rate.attempts()).put("failed", rate.failed());
        if (rate.rate() == null) {
            s.putNull("rate");
        } else {
            s.put("rate", rate.rate()).put("lower", judge.lower(rate)).put("upper", judge.upper(rate));
        }
        return s;
    }

    /**
     * Fingerprints the compat sweep found the canary broken for on a warehouse of the cohort (any warehouse when the
     * cohort has no filter), among the connector's current fingerprints, with the accounts on those warehouses only.
     */
    private List<Map<String, Object>> compatBrokenInCohort(Rollout r, List<String> cohort) {
        List<CompatResult> results = QuarkusTransaction.requiringNew().call(() -> CompatResult.<CompatResult>list(
                "pack = ?1 and version = ?2 and compatible = false order by fingerprint, warehouse", r.pack(), r.canaryVersion()));
        if (results.isEmpty()) {
            return List.of();
        }
        Map<String, SchemaGroup> fleet = new LinkedHashMap<>();
        ingest.fleet(r.connector()).fingerprints().forEach(g -> fleet.put(g.fingerprint(), g));
        Map<String, Map<String, Object>> byFingerprint = new LinkedHashMap<>();
        for (CompatResult c : results) {
            SchemaGroup g = fleet.get(c.fingerprint);
            boolean stillThere = g != null && (c.warehouse.isEmpty() || (g.warehouses() != null && g.warehouses().contains(c.warehouse)));
            if (!stillThere || (cohort != null && !cohort.contains(c.warehouse))) {
                continue; // nobody has this schema on this warehouse any more, or the warehouse is outside the cohort
            }
            Map<String, Object> f = byFingerprint.computeIfAbsent(c.fingerprint, fp -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fingerprint", fp);
                m.put("accounts", 0L);
                m.put("warehouses", new ArrayList<String>());
                m.put("errors", c.errorCount);
                m.put("problems", firstProblems(c.problems));
                return m;
            });
            f.put("accounts", (Long) f.get("accounts") + (c.warehouse.isEmpty() ? g.accounts() : FingerprintVerdict.accountsOn(g, c.warehouse)));
            if (!c.warehouse.isEmpty()) {
                @SuppressWarnings("unchecked")
                List<String> warehouses = (List<String>) f.get("warehouses");
                warehouses.add(c.warehouse);
            }
        }
        return new ArrayList<>(byFingerprint.values());
    }

    private List<String> firstProblems(String problems) {
        List<String> out = new ArrayList<>();
        try {
            for (JsonNode p : json.readTree(problems)) {
                if (out.size() == 3) {
                    break;
                }
                out.add(p.path("code").asText() + ": " + p.path("detail").asText());
            }
        } catch (Exception e) {
            // the sentence still names the fingerprint
        }
        return out;
    }

    private static String compatSentence(List<Map<String, Object>> broken) {
        long accounts = broken.stream().mapToLong(f -> ((Number) f.get("accounts")).longValue()).sum();
        Set<Object> warehouses = new HashSet<>();
        broken.forEach(f -> warehouses.addAll((List<?>) f.get("warehouses")));
        return "the compat sweep found the canary broken for " + broken.size() + " fingerprint(s) of the cohort ("
                + accounts + " accounts on " + String.join(", ", warehouses.stream().map(String::valueOf).sorted().toList())
                + "), e.g. " + broken.get(0).get("fingerprint") + " " + broken.get(0).get("problems");
    }

    /** Failure fingerprints of the canary the stable version does not have over the same window and cohort. */
    private List<Map<String, Object>> newFailures(String window, Rollout r, List<String> cohort) {
        List<Map<String, Object>> out = new ArrayList<>();
        try {
            for (String type : List.of("install", "render")) {
                Set<String> stable = new HashSet<>();
                if (r.stableVersion() != null) {
                    rollouts.failures(window, type, r.pack(), r.stableVersion(), cohort).forEach(g -> stable.add(g.fingerprint()));
                }
                for (FailureGroup g : rollouts.failures(window, type, r.pack(), r.canaryVersion(), cohort)) {
                    if (!stable.contains(g.fingerprint()) && out.size() < config.maxNewFailures()) {
                        Map<String, Object> f = new LinkedHashMap<>();
                        f.put("type", type);
                        f.put("fingerprint", g.fingerprint());
                        f.put("errorCode", g.errorCode());
                        f.put("stage", g.stage());
                        f.put("count", g.count());
                        f.put("accounts", g.accounts());
                        f.put("sampleMessage", g.sampleMessage());
                        out.add(f);
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            // the abort stands on the rates; the page says the fingerprints could not be read
            Log.warnf("rollout %d: failure fingerprints not read: %s", r.id(), e.getMessage());
            out.add(Map.of("error", "failure fingerprints could not be read from ingest-service"));
        }
        return out;
    }

    /** rollout-aborted{connector,pack,version}: the owner is paged through the alert lifecycle. */
    private void page(Rollout r, Verdict v, ObjectNode metrics, List<Map<String, Object>> newFailures) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rolloutId", r.id());
        details.put("step", r.step());
        details.put("check", v.check());
        details.put("reason", v.reason());
        details.put("canaryVersion", r.canaryVersion());
        if (r.stableVersion() != null) {
            details.put("stableVersion", r.stableVersion());
        }
        details.put("install", json.convertValue(metrics.get("install"), Map.class));
        details.put("render", json.convertValue(metrics.get("render"), Map.class));
        details.put("window", metrics.get("window").asText());
        details.put("newFailureFingerprints", newFailures);
        if (metrics.has("compatBroken")) {
            details.put("compatBroken", json.convertValue(metrics.get("compatBroken"), List.class));
        }
        details.put("rollout", "GET /v1/rollouts/" + r.id() + " on ingest-service");
        details.put("rolloutRunbook", "runbooks/rollout.md");
        Observation o = new Observation(RULE, Map.of("connector", r.connector(), "pack", r.pack(), "version", r.canaryVersion()),
                "critical", "Rollout of " + r.pack() + " " + r.canaryVersion() + " aborted at " + r.step() + " %: " + v.reason(),
                details, true);
        try {
            alerts.observe(o);
        } catch (RuntimeException e) {
            Log.errorf(e, "rollout %d aborted, but observing %s failed", r.id(), o.dedupKey());
        }
    }
}
