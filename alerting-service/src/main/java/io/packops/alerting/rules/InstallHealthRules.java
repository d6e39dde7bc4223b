package io.packops.alerting.rules;

import io.packops.alerting.alerts.Alert;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.EscalationTicker;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.ConnectorFreshness;
import io.packops.alerting.peers.IngestRestClient.Freshness;
import io.packops.alerting.peers.IngestRestClient.InstallGroup;
import io.packops.alerting.peers.IngestRolloutClient;
import io.packops.alerting.rules.HealthRuleSet.BurnWindow;
import io.packops.alerting.rules.HealthRuleSet.RateRule;
import io.packops.alerting.rules.HealthRuleSet.Rule;
import io.packops.alerting.rules.HealthRuleSet.SilenceRule;
import io.packops.alerting.rules.HealthRuleSet.SloBurnRule;
import io.packops.alerting.system.SweepMetrics;
import io.packops.alerting.system.Sweeps;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Install health (DESIGN "Alerts"): {@code install-failure-rate}, {@code render-error-rate}, {@code install-slo-burn}
 * and {@code telemetry-silent}, evaluated from ingest stats every {@code packops.rules.evaluate-every}.
 *
 * <p>{@code for}: a rate rule's condition must hold at every evaluation for {@code for} before firing=true is
 * observed; while pending nothing is observed (neither firing nor clear). Pending state is in memory: when
 * another replica takes over the lock the clock restarts, which delays a page, never sends one early.
 * A pack version that drops out of the stats (no events in the window) is observed clear once.
 * When ingest cannot be read, the evaluation observes nothing (dependency-down covers that).
 */
@ApplicationScoped
public class InstallHealthRules {

    /** The job's name: its slot in {@code sweep_claims} and its lock ({@link OncePerInterval}). */
    public static final String JOB = "install-health";
    static final String DEFAULT_RULES = "rules.yaml";
    static final String ANOTHER_REPLICA = "another replica is evaluating";

    public record Evaluation(boolean ran, String skipped, List<Observation> observations) {
    }

    @Inject
    IngestClient ingest;
    @Inject
    IngestRolloutClient rollouts;
    @Inject
    AlertService alerts;
    @Inject
    EscalationTicker escalation;
    @Inject
    RulesConfig config;
    @Inject
    Sweeps sweeps;
    @Inject
    Clock clock;

    private volatile HealthRuleSet rules;
    private volatile boolean evaluatedSinceStart;
    /** dedup key -> first evaluation the condition held (pending or firing). */
    private final Map<String, Instant> holding = new ConcurrentHashMap<>();

    void onStart(@Observes StartupEvent event) {
        rules = load(config.file().filter(f -> !f.isBlank()).orElse(null));
        Log.infof("install health: %d rules loaded", rules.rules().size());
    }

    /** The rules of {@code file}, or the packaged default; fails with every error listed. */
    public static HealthRuleSet load(String file) {
        if (file != null) {
            try {
                return HealthRuleSet.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
            } catch (IOException e) {
                throw new HealthRuleSet.InvalidRulesException(file, List.of("cannot read the rules file: " + e));
            }
        }
        try (InputStream in = InstallHealthRules.class.getClassLoader().getResourceAsStream(DEFAULT_RULES)) {
            if (in == null) {
                throw new IllegalStateException("the packaged " + DEFAULT_RULES + " is missing");
            }
            return HealthRuleSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + DEFAULT_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HealthRuleSet rules() {
        return rules;
    }

    /**
     * Whether the rules have been evaluated (here or by another replica) since this process started: until then the
     * active alerts carry numbers from before the start, which must not drive an escalation.
     */
    public boolean evaluatedSinceStart() {
        return evaluatedSinceStart;
    }

    /** Replaces the rules (tests; a reload) and forgets pending state. */
    public void use(HealthRuleSet replacement) {
        rules = replacement;
        holding.clear();
    }

    @Scheduled(identity = "install-health", every = "${packops.rules.evaluate-every:15s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        // once per interval across replicas (each replica's schedule has its own phase)
        Duration every = OncePerInterval.every(config.evaluateEvery());
        OncePerInterval.Run<Evaluation> run = sweeps.scheduled(SweepMetrics.INSTALL_HEALTH, JOB, every,
                execution.getScheduledFireTime(), () -> evaluateLocked(clock.instant()), Evaluation::ran);
        // a slot another replica evaluated was evaluated after this one started, too
        if (run.outcome() == OncePerInterval.Outcome.TAKEN || run.ran() && run.value().ran()) {
            evaluated();
        }
    }

    /** One evaluation, unless another replica is evaluating; no transaction is held across the ingest calls. */
    public Evaluation evaluate(Instant now) {
        OncePerInterval.Run<Evaluation> run = sweeps.now(SweepMetrics.INSTALL_HEALTH, JOB, () -> evaluateLocked(now), Evaluation::ran);
        return run.ran() ? run.value() : new Evaluation(false, ANOTHER_REPLICA, List.of());
    }

    private void evaluated() {
        evaluatedSinceStart = true;
        escalation.rulesEvaluated();
    }

    private Evaluation evaluateLocked(Instant now) {
        List<Observation> out;
        try {
            out = decide(now, read());
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("install health skipped: ingest-service unavailable (%s)", e.getMessage());
            return new Evaluation(false, "ingest-service unavailable", List.of());
        }
        for (Observation o : out) {
            try {
                alerts.observe(o);
            } catch (RuntimeException e) {
                Log.errorf(e, "install health: observing %s failed", o.dedupKey());
            }
        }
        return new Evaluation(true, null, out);
    }

    /** Everything the rules need from ingest, read before anything is decided. */
    record Stats(Map<String, List<InstallGroup>> byTypeAndWindow, Freshness freshness, Unserved unserved) {
        List<InstallGroup> of(String type, Duration window) {
            return byTypeAndWindow.getOrDefault(type + "|" + HealthRuleSet.statsWindow(window), List.of());
        }
    }

    private Stats read() {
        Map<String, List<InstallGroup>> stats = new HashMap<>();
        Freshness freshness = null;
        for (Rule rule : rules.rules()) {
            if (rule instanceof RateRule r) {
                fetch(stats, r.eventType(), r.window());
            } else if (rule instanceof SloBurnRule r) {
                r.windows().forEach(w -> {
                    fetch(stats, "install", w.longWindow());
                    fetch(stats, "install", w.shortWindow());
                });
            }
            if (rule instanceof SilenceRule && freshness == null) {
                freshness = ingest.freshness();
            }
        }
        return new Stats(stats, freshness, new Unserved());
    }

    /**
     * Which versions nobody is served any more, asked of ingest only once a group is over its threshold, once per
     * evaluation: a withdrawn version, one superseded by a newer release, a canary whose rollout was aborted. Their
     * failures stay in the window, but nobody installs them any more: their rate alerts clear (the rollback, the fix
     * or the abort worked) instead of firing until the window has passed. Served are each pack's served version and
     * the canary of a running (progressing or paused) rollout. When ingest cannot say, every version counts.
     */
    final class Unserved {
        private Map<String, String> servedVersion;
        private Map<String, Set<String>> canaries;

        /** Empty when someone is still served {@code g}'s version; else the version installers get instead ("" none). */
        Optional<String> instead(InstallGroup g) {
            if (!load()) {
                return Optional.empty();
            }
            if (!servedVersion.containsKey(g.pack()) || g.version().equals(servedVersion.get(g.pack()))
                    || canaries.getOrDefault(g.pack(), Set.of()).contains(g.version())) {
                return Optional.empty(); // an unregistered pack, the served version or a live canary
            }
            String now = servedVersion.get(g.pack());
            return Optional.of(now == null ? "" : now);
        }

        private boolean load() {
            if (servedVersion != null) {
                return true;
            }
            try {
                Map<String, String> served = new HashMap<>();
                ingest.packs().forEach(p -> served.put(p.pack(), p.servedVersion()));
                Map<String, Set<String>> live = new HashMap<>();
                for (String state : List.of("progressing", "paused")) {
                    rollouts.inState(state).forEach(r -> live.computeIfAbsent(r.pack(), k -> new HashSet<>()).add(r.canaryVersion()));
                }
                servedVersion = served;
                canaries = live;
                return true;
            } catch (RuntimeException e) {
                Log.debugf("install health: who is served what is unknown (%s); counting every version", e.getMessage());
                return false;
            }
        }
    }

    /** The sentence for a version nobody is served any more. */
    static String unserved(String instead) {
        return "nobody is served this version any more (installers get " + (instead.isEmpty() ? "no version" : instead) + ")";
    }

    private void fetch(Map<String, List<InstallGroup>> stats, String type, Duration window) {
        String key = type + "|" + HealthRuleSet.statsWindow(window);
        if (!stats.containsKey(key)) {
            stats.put(key, ingest.installs(HealthRuleSet.statsWindow(window), type));
        }
    }

    private List<Observation> decide(Instant now, Stats stats) {
        List<Observation> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Rule rule : rules.rules()) {
            if (rule instanceof RateRule r) {
                rate(r, stats, now, out, seen);
            } else if (rule instanceof SloBurnRule r) {
                burn(r, stats, now, out, seen);
            } else if (rule instanceof SilenceRule r) {
                silence(r, stats.freshness(), now, out, seen);
            }
        }
        // active alerts of these rules that have no data now (no events in the window) are clear. They are read from
        // the database, not remembered here: another replica may have fired them, or this one before a restart
        Set<String> names = new HashSet<>();
        rules.rules().forEach(r -> names.add(r.name()));
        for (Alert was : alerts.activeOfRules(names)) {
            if (!seen.contains(was.dedupKey) && was.clearSince == null) {
                out.add(new Observation(was.rule, was.labels, was.severity, "no events in the window any more", Map.of(), false));
            }
        }
        for (String key : Set.copyOf(holding.keySet())) {
            if (!seen.contains(key)) {
                holding.remove(key);
            }
        }
        return out;
    }

    private void rate(RateRule r, Stats stats, Instant now, List<Observation> out, Set<String> seen) {
        String noun = r.eventType().equals("render") ? "renders" : "installs";
        for (InstallGroup g : stats.of(r.eventType(), r.window())) {
            if (g.pack() == null || g.version() == null) {
                continue;
            }
            double rate = g.attempts() == 0 ? 0 : (double) g.failed() / g.attempts();
            boolean condition = g.attempts() >= r.minEvents() && rate > r.threshold();
            Optional<String> instead = condition ? stats.unserved().instead(g) : Optional.empty();
            condition &= instead.isEmpty();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("window", HealthRuleSet.statsWindow(r.window()));
            details.put("attempts", g.attempts());
            details.put("failed", g.failed());
            details.put("failureRate", round(rate));
            details.put("threshold", r.threshold());
            details.put("accounts", g.accounts());
            String summary = String.format(Locale.ROOT, "%s %s: %.1f%% of %d %s failed over %s (threshold %.1f%%, %d accounts)",
                    g.pack(), g.version(), 100 * rate, g.attempts(), noun, HealthRuleSet.statsWindow(r.window()),
                    100 * r.threshold(), g.accounts()) + instead.map(v -> "; " + unserved(v)).orElse("");
            instead.ifPresent(v -> details.put("unserved", true));
            apply(new Observation(r.name(), labels(g), r.severity(), summary, details, condition), r.forDuration(), now,
                    out, seen);
        }
    }

    private void burn(SloBurnRule r, Stats stats, Instant now, List<Observation> out, Set<String> seen) {
        double budget = 1 - r.objective();
        Map<String, Map<String, InstallGroup>> byWindow = new HashMap<>();
        Map<String, InstallGroup> keys = new LinkedHashMap<>();
        for (BurnWindow w : r.windows()) {
            for (Duration d : List.of(w.longWindow(), w.shortWindow())) {
                String win = HealthRuleSet.statsWindow(d);
                Map<String, InstallGroup> groups = byWindow.computeIfAbsent(win, k -> new HashMap<>());
                for (InstallGroup g : stats.of("install", d)) {
                    if (g.pack() != null && g.version() != null) {
                        groups.put(key(g), g);
                        if (d.equals(w.longWindow())) {
                            keys.putIfAbsent(key(g), g);
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, InstallGroup> k : keys.entrySet()) {
            String severity = null;
            List<Map<String, Object>> pairs = new ArrayList<>();
            for (BurnWindow w : r.windows()) {
                InstallGroup longG = byWindow.get(HealthRuleSet.statsWindow(w.longWindow())).get(k.getKey());
                InstallGroup shortG = byWindow.get(HealthRuleSet.statsWindow(w.shortWindow())).get(k.getKey());
                double longBurn = burnRate(longG, budget);
                double shortBurn = burnRate(shortG, budget);
                boolean fires = longG != null && longG.attempts() >= r.minInstalls()
                        && longBurn > w.burnRate() && shortBurn > w.burnRate();
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("long", HealthRuleSet.statsWindow(w.longWindow()));
                pair.put("short", HealthRuleSet.statsWindow(w.shortWindow()));
                pair.put("burnRate", w.burnRate());
                pair.put("longBurn", round(longBurn));
                pair.put("shortBurn", round(shortBurn));
                pair.put("firing", fires);
                pairs.add(pair);
                if (fires && severity == null) {
                    severity = w.severity();
                }
            }
            InstallGroup g = k.getValue();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("objective", r.objective());
            details.put("windows", pairs);
            Optional<String> instead = severity != null ? stats.unserved().instead(g) : Optional.empty();
            if (instead.isPresent()) {
                severity = null;
                details.put("unserved", true);
            }
            boolean firing = severity != null;
            String summary = String.format(Locale.ROOT, "%s %s burns its %.1f%% install SLO error budget %s",
                    g.pack(), g.version(), 100 * r.objective(), instead.isPresent() ? "fast, but " + unserved(instead.get())
                            : firing ? "too fast: " + describe(pairs) : "within limits");
            apply(new Observation(r.name(), labels(g), firing ? severity : r.windows().get(0).severity(), summary, details,
                    firing), Duration.ZERO, now, out, seen);
        }
    }

    private void silence(SilenceRule r, Freshness freshness, Instant now, List<Observation> out, Set<String> seen) {
        Instant newest = freshness == null ? null : freshness.newestReceivedAt();
        out.add(silent(r, Map.of(), newest, now, "any connector"));
        seen.add(out.get(out.size() - 1).dedupKey());
        if (r.perConnector() && freshness != null) {
            for (ConnectorFreshness c : freshness.connectors()) {
                Observation o = silent(r, Map.of("connector", c.connector()), c.newestReceivedAt(), now, c.connector());
                out.add(o);
                seen.add(o.dedupKey());
            }
        }
    }

    private static Observation silent(SilenceRule r, Map<String, String> labels, Instant newest, Instant now, String what) {
        Duration quiet = newest == null ? null : Duration.between(newest, now);
        boolean firing = quiet == null || quiet.compareTo(r.limit()) > 0;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", HealthRuleSet.statsWindow(r.limit()));
        if (newest != null) {
            details.put("newestReceivedAt", newest.toString());
        }
        String summary = newest == null ? "no telemetry ever received from " + what
                : "no telemetry from " + what + " for " + HealthRuleSet.statsWindow(Duration.ofSeconds(Math.max(0, quiet.toSeconds())))
                + " (limit " + HealthRuleSet.statsWindow(r.limit()) + ")";
        return new Observation(r.name(), labels, r.severity(), firing ? summary : "telemetry from " + what + " is flowing",
                details, firing);
    }

    /** Applies the {@code for} duration: pending observes nothing; firing and clear are observed. */
    private void apply(Observation o, Duration forDuration, Instant now, List<Observation> out, Set<String> seen) {
        String key = o.dedupKey();
        seen.add(key);
        if (!o.firing()) {
            holding.remove(key);
            out.add(o);
            return;
        }
        Instant since = holding.computeIfAbsent(key, k -> now);
        if (Duration.between(since, now).compareTo(forDuration) >= 0) {
            Map<String, Object> details = new LinkedHashMap<>(o.details());
            details.put("since", since.toString());
            out.add(new Observation(o.rule(), o.labels(), o.severity(), o.summary(), details, true));
        }
    }

    private static double burnRate(InstallGroup g, double budget) {
        if (g == null || g.attempts() == 0) {
            return 0;
        }
        return ((double) g.failed() / g.attempts()) / budget;
    }

    private static String describe(List<Map<String, Object>> pairs) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> p : pairs) {
            if (Boolean.TRUE.equals(p.get("firing"))) {
                parts.add(p.get("long") + "/" + p.get("short") + " at " + p.get("longBurn") + "x/" + p.get("shortBurn")
                        + "x (> " + p.get("burnRate") + "x)");
            }
        }
        return String.join(", ", parts);
    }

    private static Map<String, String> labels(InstallGroup g) {
        Map<String, String> labels = new HashMap<>();
        if (g.connector() != null) {
            labels.put("connector", g.connector());
        }
        labels.put("pack", g.pack());
        labels.put("version", g.version());
        return labels;
    }

    private static String key(InstallGroup g) {
        return g.connector() + "|" + g.pack() + "|" + g.version();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
