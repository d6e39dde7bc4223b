package io.packops.alerting.rules;

import io.packops.alerting.alerts.AlertEvent;
import io.packops.alerting.alerts.AlertFired;
import io.packops.alerting.alerts.AlertRepository;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.InstallGroup;
import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.packops.alerting.rules.HealthRuleSet.RateRule;
import io.packops.alerting.rules.HealthRuleSet.Rule;
import io.packops.alerting.rules.HealthRuleSet.SloBurnRule;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Per-pack auto-rollback (issue 5): when an {@code install-failure-rate} or {@code install-slo-burn} alert fires for
 * a pack in {@code packops.rollback.auto.packs} ({@code *} = every pack; default none), and the previous active
 * version of that pack was healthy over the rule's window, the alert's version is rolled back through
 * {@link AlertService#rollback} with actor {@code auto-rollback} (timeline {@code rolled-back}, the owner paged with
 * an "auto-rolled back" note).
 * <p>
 * Healthy = ingest's install stats for the previous version over the same window (the rule's {@code window}; for
 * an SLO burn rule its first long window) show a failure rate under the rule's threshold (for SLO burn: the error
 * budget, 1 − objective), with at least the rule's minimum of installs. Fewer installs (no data) is unknown, and
 * unknown, no previous active version, or ingest not answering never rolls back; for a pack in the policy the
 * reason is noted on the timeline.
 */
@ApplicationScoped
public class AutoRollbackPolicy {

    public static final String ACTOR = "auto-rollback";
    static final Set<String> KINDS = Set.of("install-failure-rate", "install-slo-burn");

    /** What the policy decided for one alert, and why. */
    public record Decision(boolean rollBack, String reason) {
    }

    @Inject
    AlertService alerts;

    @Inject
    AlertRepository repository;

    @Inject
    IngestClient ingest;

    @Inject
    InstallHealthRules health;

    @Inject
    Clock clock;

    @ConfigProperty(name = "packops.rollback.auto.packs")
    Optional<List<String>> configured;

    private volatile Set<String> packs = Set.of();

    @PostConstruct
    void init() {
        use(configured.map(Set::copyOf).orElse(Set.of()));
    }

    /** Replaces the packs under the policy ({@code *} = all); tests use it. */
    public void use(Set<String> policy) {
        Set<String> clean = new TreeSet<>();
        policy.forEach(p -> {
            if (p != null && !p.isBlank()) {
                clean.add(p.trim());
            }
        });
        packs = Set.copyOf(clean);
    }

    public boolean covers(String pack) {
        return pack != null && (packs.contains("*") || packs.contains(pack));
    }

    void onFired(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertFired fired) {
        try {
            apply(fired);
        } catch (RuntimeException e) {
            Log.errorf(e, "auto-rollback for alert %d failed", fired.alertId());
        }
    }

    /** Decides and, when the decision is to roll back, rolls back; a decision against is noted for covered packs. */
    public Decision apply(AlertFired fired) {
        Optional<Rule> rule = health.rules().rules().stream().filter(r -> r.name().equals(fired.rule())).findFirst();
        String pack = fired.labels().get("pack");
        if (rule.isEmpty() || !KINDS.contains(rule.get().kind()) || !covers(pack)) {
            return new Decision(false, "not under the auto-rollback policy");
        }
        Decision d = decide(rule.get(), pack, fired.labels().get("version"));
        if (!d.rollBack()) {
            note(fired.alertId(), "auto-rollback skipped: " + d.reason());
            return d;
        }
        try {
            alerts.rollback(fired.alertId(), ACTOR, "auto-rolled back: " + d.reason());
        } catch (RuntimeException e) {
            Log.warnf("auto-rollback of alert %d failed: %s", fired.alertId(), e.getMessage());
            note(fired.alertId(), "auto-rollback failed: " + e.getMessage());
            return new Decision(false, "rollback failed: " + e.getMessage());
        }
        return d;
    }

    Decision decide(Rule rule, String pack, String version) {
        if (version == null) {
            return new Decision(false, "the alert has no version label");
        }
        Duration window;
        double threshold;
        long min;
        if (rule instanceof RateRule r) {
            window = r.window();
            threshold = r.threshold();
            min = r.minEvents();
        } else if (rule instanceof SloBurnRule r && !r.windows().isEmpty()) {
            window = r.windows().get(0).longWindow();
            threshold = 1 - r.objective();
            min = r.minInstalls();
        } else {
            return new Decision(false, "rule " + rule.name() + " has no window to judge by");
        }
        min = Math.max(1, min);
        String win = HealthRuleSet.statsWindow(window);
        try {
            List<PackVersion> versions = ingest.versions(pack);
            Optional<String> previous = previousActive(versions, version);
            if (previous.isEmpty()) {
                return new Decision(false, "no previous active version of " + pack + " before " + version);
            }
            String prev = previous.get();
            long attempts = 0;
            long failed = 0;
            for (InstallGroup g : ingest.installs(win, "install")) {
                if (pack.equals(g.pack()) && prev.equals(g.version())) {
                    attempts += g.attempts();
                    failed += g.failed();
                }
            }
            if (attempts < min) {
                return new Decision(false, "previous version " + prev + " had " + attempts + " installs over " + win
                        + " (fewer than " + min + "): its health is unknown");
            }
            double rate = (double) failed / attempts;
            String facts = String.format(Locale.ROOT, "%s %s: %.1f%% of %d installs failed over %s (threshold %.1f%%)",
                    pack, prev, 100 * rate, attempts, win, 100 * threshold);
            if (rate >= threshold) {
                return new Decision(false, "previous version is not healthy either: " + facts);
            }
            return new Decision(true, rule.name() + " fired for " + pack + " " + version + "; previous version healthy: " + facts);
        } catch (RuntimeException e) {
            return new Decision(false, "ingest-service did not answer (" + e.getMessage() + ")");
        }
    }

    /** The first active version after {@code version} in ingest's list (highest first). */
    static Optional<String> previousActive(List<PackVersion> versions, String version) {
        boolean after = false;
        for (PackVersion v : versions) {
            if (after && "active".equals(v.status())) {
                return Optional.of(v.version());
            }
            if (v.version().equals(version)) {
                after = true;
            }
        }
        return Optional.empty();
    }

    private void note(long alertId, String detail) {
        try {
            QuarkusTransaction.requiringNew().run(() -> repository.addEvent(alertId,
                    new AlertEvent(clock.instant(), AlertEvent.NOTE, ACTOR, null, null, detail)));
        } catch (RuntimeException e) {
            Log.warnf("could not note on alert %d: %s", alertId, detail);
        }
    }
}
