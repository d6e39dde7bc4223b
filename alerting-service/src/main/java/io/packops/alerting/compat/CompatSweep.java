package io.packops.alerting.compat;

import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.compat.CompatService.ReportProblem;
import io.packops.alerting.paging.ReleaseAnnouncer;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.PackSummary;
import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.packops.alerting.peers.IngestRestClient.SchemaGroup;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.alerting.system.SweepMetrics;
import io.packops.alerting.system.Sweeps;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The schema compatibility sweep: every active released version × every current fingerprint of its
 * connector, each pair computed once and cached in {@code compat_result}. Observes {@code pack-compat-broken}
 * per pack version and {@code connector-schema-drift} per connector ({@link Drift}).
 *
 * <p>The per-version observations a drift explains are still made (each version keeps its accounts, fingerprints
 * and rollback), carrying {@code inhibitedBy} = the drift alert's dedup key, as an Alertmanager inhibition: record
 * them, page the drift alert.
 *
 * <p>Ingest unreachable at any point of a sweep: the sweep observes nothing at all (never a false "clear").
 * Runs once across replicas ({@link OncePerInterval}: the cron sweep claims its slot; every sweep, the poll's too,
 * runs holding the job's lock, with no transaction around it).
 */
@ApplicationScoped
public class CompatSweep {

    public static final String BROKEN = "pack-compat-broken";
    public static final String DRIFT = Drift.RULE;
    /** The job's name: its slot in {@code sweep_claims} and its lock. */
    public static final String JOB = "compat-sweep";
    static final String ANOTHER_REPLICA = "another replica is sweeping";

    /** What one sweep did; {@code skipped} says why it did nothing (another replica, ingest unavailable). */
    public record SweepResult(boolean ran, String skipped, int pairs, int computed, List<Observation> observations) {
    }

    /**
     * What a sweep saw: active versions and, per connector, each current fingerprint with how many accounts have it
     * on which warehouses. Any change triggers a sweep at once, so an alert's blast radius follows the snapshots as
     * they land (a new fingerprint alone is not enough: accounts keep moving onto a fingerprint already seen).
     */
    record Inventory(Set<String> versions, Map<String, Map<String, String>> fingerprints) {
    }

    /** What a sweep read of ingest before deciding anything: the registry's packs and versions, and the fleets. */
    record Registry(Map<String, PackSummary> byName, List<PackVersion> active, List<PackVersion> withdrawn,
                    Map<String, IngestClient.Fleet> fleets) {

        String connectorOf(PackVersion v) {
            if (v.connector() != null) {
                return v.connector();
            }
            PackSummary s = byName.get(v.pack());
            return s == null ? null : s.connector();
        }
    }

    /** One version against its connector's fleet: the fingerprints it breaks, and how many pairs were seen and computed. */
    record VersionCheck(List<FingerprintVerdict> breaks, boolean readable, int pairs, int computed) {
    }

    /** What one sweep decided, and how many (version, fingerprint, warehouse) pairs it saw and computed. */
    record Evaluation(List<Observation> observations, int pairs, int computed) {
    }

    @Inject
    IngestClient ingest;
    @Inject
    CompatService compat;
    @Inject
    ReleaseAnnouncer announcer;
    @Inject
    AlertService alerts;
    @Inject
    CompatConfig config;
    @Inject
    Sweeps sweeps;
    @Inject
    Clock clock;

    private volatile Inventory lastInventory;

    @Scheduled(identity = "compat-sweep", cron = "${packops.compat.sweep-cron:0 */5 * * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep(ScheduledExecution execution) {
        // every replica's cron fires at the same instant: the first claims it (a fast sweep would let the next run again)
        sweeps.scheduled(SweepMetrics.COMPAT, JOB, OncePerInterval.interval(execution), execution.getScheduledFireTime(),
                this::sweepLocked, SweepResult::ran);
    }

    @Scheduled(identity = "compat-sweep-poll", every = "${packops.compat.poll-every:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        pollForChanges();
    }

    /** A cheap look at the registry and the fleet: sweeps at once when a release or a fingerprint is new. */
    public boolean pollForChanges() {
        try {
            List<PackSummary> packs = ingest.packs();
            Inventory now = inventory(activeVersions(packs), fleets(packs));
            if (now.equals(lastInventory)) {
                return false;
            }
            Log.infof("compat: new release or fingerprint seen, sweeping now");
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("compat poll: ingest-service unavailable (%s)", e.getMessage());
            return false;
        }
        return sweep().ran();
    }

    /**
     * One sweep, unless another replica is sweeping. No transaction spans it: the HTTP reads of ingest and the
     * checks can outlast a transaction's timeout, so each cached result and each observation is written in a
     * short transaction of its own.
     */
    public SweepResult sweep() {
        OncePerInterval.Run<SweepResult> run = sweeps.now(SweepMetrics.COMPAT, JOB, this::sweepLocked, SweepResult::ran);
        return run.ran() ? run.value() : new SweepResult(false, ANOTHER_REPLICA, 0, 0, List.of());
    }

    private SweepResult sweepLocked() {
        Evaluation evaluation;
        try {
            evaluation = evaluate();
        } catch (RuntimeException e) {
            if (!IngestClient.isUnavailable(e)) {
                throw e;
            }
            // results computed so far stay cached (each was committed on its own); nothing is observed
            Log.warnf("compat sweep skipped: ingest-service unavailable (%s)", e.getMessage());
            return new SweepResult(false, "ingest-service unavailable", 0, 0, List.of());
        }
        for (Observation o : evaluation.observations()) {
            try {
                alerts.observe(o);
            } catch (RuntimeException e) {
                Log.errorf(e, "compat sweep: observing %s failed", o.dedupKey());
            }
        }
        return new SweepResult(true, null, evaluation.pairs(), evaluation.computed(), evaluation.observations());
    }

    /** Reads everything first, then decides: an ingest failure anywhere leaves no observation behind. */
    private Evaluation evaluate() {
        Registry registry = readRegistry();
        // per active version: its result on every current fingerprint of its connector, on each warehouse that has it
        Map<PackVersion, List<FingerprintVerdict>> broken = new LinkedHashMap<>();
        int pairs = 0;
        int computed = 0;
        for (PackVersion v : registry.active()) {
            String connector = registry.connectorOf(v);
            VersionCheck check = check(v, connector, registry.fleets().get(connector));
            pairs += check.pairs();
            computed += check.computed();
            if (check.readable()) {
                broken.put(v, check.breaks());
            }
        }
        lastInventory = inventory(registry.active(), registry.fleets());
        return new Evaluation(observations(registry, broken), pairs, computed);
    }

    private Registry readRegistry() {
        List<PackSummary> packs = ingest.packs();
        Map<String, PackSummary> byName = new HashMap<>();
        packs.forEach(p -> byName.put(p.pack(), p));
        List<PackVersion> active = new ArrayList<>();
        List<PackVersion> withdrawn = new ArrayList<>();
        for (PackSummary p : packs) {
            for (PackVersion v : ingest.versions(p.pack())) {
                ("active".equals(v.status()) ? active : withdrawn).add(v);
            }
        }
        // every sweep sees the active versions anyway (and the poll sweeps at once when one is new)
        announceReleases(active);
        Registry registry = new Registry(byName, active, withdrawn, new TreeMap<>());
        for (PackVersion v : active) {
            registry.fleets().computeIfAbsent(registry.connectorOf(v), ingest::fleet);
        }
        return registry;
    }

    private void announceReleases(List<PackVersion> active) {
        try {
            announcer.announce(active);
        } catch (RuntimeException e) {
            // a change event is a courtesy: it never stops the compat poll
            Log.warnf("release change events skipped: %s", e.getMessage());
        }
    }

    /** The observations of one sweep: per broken (or fine) version, per withdrawn version found broken, per connector. */
    private List<Observation> observations(Registry registry, Map<PackVersion, List<FingerprintVerdict>> broken) {
        List<Observation> out = new ArrayList<>();
        Map<String, Drift> drifts = Drift.find(broken, registry::connectorOf, config.sweep().driftMinPacks());
        for (Map.Entry<PackVersion, List<FingerprintVerdict>> e : broken.entrySet()) {
            PackVersion v = e.getKey();
            String connector = registry.connectorOf(v);
            Drift drift = drifts.get(connector);
            out.add(brokenObservation(v, connector, registry.byName().get(v.pack()), registry.fleets().get(connector),
                    e.getValue(), drift != null && drift.covers(e.getValue()) ? Drift.dedupKey(connector) : null));
        }
        for (PackVersion v : registry.withdrawn()) {
            if (QuarkusTransaction.requiringNew().call(() -> CompatResult.anyIncompatible(v.pack(), v.version()))) {
                out.add(new Observation(BROKEN, labels(registry.connectorOf(v), v), "info",
                        v.pack() + " " + v.version() + " is withdrawn", Map.of("status", v.status()), false));
            }
        }
        for (String connector : registry.fleets().keySet()) {
            Drift drift = drifts.get(connector);
            out.add(drift == null ? Drift.none(connector) : drift.observation(connector, registry.fleets().get(connector)));
        }
        return out;
    }

    /**
     * The fingerprints (and their warehouses) {@code v} does not compile against; each (fingerprint, warehouse) pair is
     * computed once and cached. Unreadable when the stored manifest cannot be read (the version is skipped).
     */
    private VersionCheck check(PackVersion v, String connector, IngestClient.Fleet fleet) {
        Map<String, CompatResult> cached = new HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> CompatResult.ofVersion(v.pack(), v.version()))
                .forEach(r -> cached.put(r.fingerprint + "|" + r.warehouse, r));
        CompiledPack compiled = null;
        List<FingerprintVerdict> breaks = new ArrayList<>();
        int pairs = 0;
        int computed = 0;
        for (SchemaGroup group : fleet.fingerprints()) {
            Map<String, List<ReportProblem>> byWarehouse = new TreeMap<>();
            WarehouseSchema body = null;
            for (String warehouse : FingerprintVerdict.warehousesOf(group)) {
                pairs++;
                CompatResult result = cached.get(group.fingerprint() + "|" + warehouse);
                if (result == null) {
                    if (compiled == null) {
                        try {
                            compiled = compiled(v);
                        } catch (InvalidManifest e) {
                            // ingest validated it with the same reader; if that ever differs, say so and skip the version
                            Log.errorf("compat sweep: the stored manifest of %s %s cannot be read: %s", v.pack(), v.version(),
                                    e.getMessage());
                            return new VersionCheck(List.of(), false, pairs, computed);
                        }
                    }
                    body = body != null ? body : schemaOf(group, connector);
                    result = store(v, group.fingerprint(), warehouse, compat.checkOn(compiled, group.fingerprint(), body, warehouse));
                    computed++;
                }
                byWarehouse.put(warehouse, result.compatible ? List.of() : CompatService.fromJson(result.problems));
            }
            FingerprintVerdict verdict = new FingerprintVerdict(group, byWarehouse);
            if (!verdict.compatible()) {
                breaks.add(verdict);
            }
        }
        return new VersionCheck(breaks, true, pairs, computed);
    }

    private WarehouseSchema schemaOf(SchemaGroup group, String connector) {
        WarehouseSchema body = compat.schemaOf(group.fingerprint(), connector, group.warehouses());
        if (body == null) {
            throw new IngestUnavailable("fingerprint " + group.fingerprint() + " is listed but has no body", null);
        }
        return body;
    }

    private CompiledPack compiled(PackVersion v) {
        PackVersion full = ingest.version(v.pack(), v.version());
        DashboardPack pack = compat.manifest(full.manifest());
        String key = v.pack() + "@" + v.version() + "#" + (full.contentSha256() != null ? full.contentSha256()
                : CompatService.sha256(full.manifest()));
        return compat.compile(pack, key);
    }

    private CompatResult store(PackVersion v, String fingerprint, String warehouse, CompatService.Report report) {
        CompatResult r = new CompatResult();
        r.pack = v.pack();
        r.version = v.version();
        r.fingerprint = fingerprint;
        r.warehouse = warehouse;
        r.compatible = report.compatible();
        r.errorCount = (int) report.problems().stream().filter(ReportProblem::isError).count();
        r.problems = CompatService.toJson(report.problems());
        r.checkedAt = clock.instant();
        QuarkusTransaction.requiringNew().run(r::persist);
        return r;
    }

    private Observation brokenObservation(PackVersion v, String connector, PackSummary summary, IngestClient.Fleet fleet,
                                          List<FingerprintVerdict> breaks, String inhibitedBy) {
        Map<String, String> labels = labels(connector, v);
        boolean served = summary != null && v.version().equals(summary.servedVersion());
        if (breaks.isEmpty()) {
            return new Observation(BROKEN, labels, served ? "critical" : "error",
                    v.pack() + " " + v.version() + " compiles against every current " + connector + " schema",
                    Map.of("fingerprints", fleet.fingerprints().size(), "totalAccounts", fleet.totalAccounts()), false);
        }
        long accounts = breaks.stream().mapToLong(FingerprintVerdict::brokenAccounts).sum();
        TreeSet<String> warehouses = new TreeSet<>();
        List<String> fingerprints = new ArrayList<>();
        LinkedHashSet<String> refs = new LinkedHashSet<>();
        // each error once, with every warehouse it occurs on across the fingerprints
        Map<String, ReportProblem> errors = new LinkedHashMap<>();
        Map<String, TreeSet<String>> where = new HashMap<>();
        for (FingerprintVerdict b : breaks) {
            fingerprints.add(b.group().fingerprint());
            b.brokenWarehouses().stream().filter(w -> !w.isEmpty()).forEach(warehouses::add);
            for (ReportProblem p : b.problems()) {
                if (!p.isError()) {
                    continue;
                }
                String key = p.code() + "|" + p.dashboard() + "|" + p.tile() + "|" + p.kpi() + "|" + p.relation() + "|" + p.column();
                errors.putIfAbsent(key, p);
                if (p.warehouses() != null) {
                    where.computeIfAbsent(key, k -> new TreeSet<>()).addAll(p.warehouses());
                }
                refs.add(p.code() + " " + (p.relation() == null ? "" : p.relation()) + (p.column() == null ? "" : "." + p.column()));
            }
        }
        List<ReportProblem> problems = new ArrayList<>();
        errors.forEach((key, p) -> {
            if (problems.size() < config.sweep().maxProblemsPerAlert()) {
                problems.add(where.containsKey(key) ? p.on(List.copyOf(where.get(key))) : p);
            }
        });
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accounts", accounts);
        details.put("totalAccounts", fleet.totalAccounts());
        details.put("fingerprints", fingerprints);
        details.put("totalFingerprints", fleet.fingerprints().size());
        details.put("warehouses", List.copyOf(warehouses));
        details.put("served", served);
        details.put("problems", problems);
        details.put("errors", errors.size());
        if (inhibitedBy != null) {
            details.put("inhibitedBy", inhibitedBy);
        }
        String summaryText = v.pack() + " " + v.version() + " does not compile against " + fingerprints.size() + " of "
                + fleet.fingerprints().size() + " " + connector + " schema fingerprints (" + accounts + " of "
                + fleet.totalAccounts() + " accounts" + (warehouses.isEmpty() ? "" : " on " + String.join(", ", warehouses)) + "): "
                + String.join(", ", refs.stream().limit(5).toList()) + (refs.size() > 5 ? ", …" : "");
        return new Observation(BROKEN, labels, served ? "critical" : "error", summaryText, details, true);
    }

    // ---- inventory ----------------------------------------------------------------------------------------

    private List<PackVersion> activeVersions(List<PackSummary> packs) {
        List<PackVersion> active = new ArrayList<>();
        for (PackSummary p : packs) {
            if (p.activeVersions() > 0) {
                ingest.versions(p.pack()).stream().filter(v -> "active".equals(v.status())).forEach(active::add);
            }
        }
        return active;
    }

    private Map<String, IngestClient.Fleet> fleets(List<PackSummary> packs) {
        Map<String, IngestClient.Fleet> fleets = new TreeMap<>();
        for (PackSummary p : packs) {
            if (p.activeVersions() > 0 && !fleets.containsKey(p.connector())) {
                fleets.put(p.connector(), ingest.fleet(p.connector()));
            }
        }
        return fleets;
    }

    private static Inventory inventory(List<PackVersion> active, Map<String, IngestClient.Fleet> fleets) {
        Set<String> versions = new TreeSet<>();
        active.forEach(v -> versions.add(v.pack() + "@" + v.version()));
        Map<String, Map<String, String>> fps = new TreeMap<>();
        fleets.forEach((c, f) -> {
            Map<String, String> groups = new TreeMap<>();
            f.fingerprints().forEach(g -> groups.put(g.fingerprint(), g.accounts() + " on "
                    + (g.warehouses() == null ? "[]" : new TreeSet<>(g.warehouses()).toString())));
            fps.put(c, groups);
        });
        return new Inventory(versions, fps);
    }

    private static Map<String, String> labels(String connector, PackVersion v) {
        return Map.of("connector", connector, "pack", v.pack(), "version", v.version());
    }
}
