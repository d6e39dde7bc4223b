package io.packops.alerting.service;

import io.packops.alerting.client.IngestClient.PackSummary;
import io.packops.alerting.client.IngestClient.PackVersion;
import io.packops.alerting.client.IngestClient.SchemaGroup;
import io.packops.alerting.client.IngestService;
import io.packops.alerting.config.CompatConfig;
import io.packops.alerting.repository.CompatResult;
import io.packops.alerting.repository.SweepClaims;
import io.packops.alerting.repository.SweepLock;
import io.packops.alerting.service.CompatService.ReportProblem;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The schema compatibility sweep: every active released version × every current fingerprint of its
 * connector, each pair computed once and cached in {@code compat_result}. Observes {@code pack-compat-broken}
 * per pack version and {@code connector-schema-drift} per connector.
 *
 * <p>Drift: when the same missing relation/column breaks at least {@code drift-min-packs} packs of one connector,
 * one {@code connector-schema-drift} observation names the packs. The per-version observations are still made
 * (each version keeps its accounts, fingerprints and rollback), carrying {@code inhibitedBy} = the drift
 * alert's dedup key, as an Alertmanager inhibition: record them, page the drift alert.
 *
 * <p>Ingest unreachable at any point of a sweep: the sweep observes nothing at all (never a false "clear").
 * Runs on one replica at a time ({@link SweepLock}); the cron sweep once per slot across replicas ({@link SweepClaims}).
 */
@ApplicationScoped
public class CompatSweep {

    public static final String BROKEN = "pack-compat-broken";
    public static final String DRIFT = "connector-schema-drift";
    public static final long LOCK_KEY = 0x7061636b636f6d70L; // "packcomp"
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

    @Inject
    IngestService ingest;
    @Inject
    CompatService compat;
    @Inject
    ReleaseAnnouncer announcer;
    @Inject
    AlertService alerts;
    @Inject
    CompatConfig config;
    @Inject
    SweepLock lock;
    @Inject
    Clock clock;
    @Inject
    SweepMetrics metrics;
    @Inject
    SweepClaims claims;

    private volatile Inventory lastInventory;

    @Scheduled(identity = "compat-sweep", cron = "${packops.compat.sweep-cron:0 */5 * * * ?}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledSweep(ScheduledExecution execution) {
        // every replica's cron fires at the same instant: the first claims it (a fast sweep would let the next run again)
        long start = System.nanoTime();
        switch (claims.claim("compat-sweep", SweepClaims.interval(execution), execution.getScheduledFireTime())) {
            case CLAIMED -> sweep();
            case TAKEN -> metrics.record(SweepMetrics.COMPAT, SweepMetrics.SKIPPED, start);
            case FAILED -> metrics.record(SweepMetrics.COMPAT, SweepMetrics.FAILED, start);
        }
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
            if (!IngestService.isUnavailable(e)) {
                throw e;
            }
            Log.warnf("compat poll: ingest-service unavailable (%s)", e.getMessage());
            return false;
        }
        return sweep().ran();
    }

    private void announceReleases(List<PackVersion> active) {
        try {
            announcer.announce(active);
        } catch (RuntimeException e) {
            // a change event is a courtesy: it never stops the compat poll
            Log.warnf("release change events skipped: %s", e.getMessage());
        }
    }

    /**
     * One sweep, unless another replica is sweeping. No transaction spans it: the HTTP reads of ingest and the
     * checks can outlast a transaction's timeout, so each cached result and each observation is written in a
     * short transaction of its own.
     */
    public SweepResult sweep() {
        long start = System.nanoTime();
        String outcome = SweepMetrics.FAILED;
        try {
            SweepResult result = lock.runExclusively(LOCK_KEY, this::sweepLocked)
                    .orElseGet(() -> new SweepResult(false, ANOTHER_REPLICA, 0, 0, List.of()));
            outcome = result.ran() ? SweepMetrics.RAN
                    : ANOTHER_REPLICA.equals(result.skipped()) ? SweepMetrics.SKIPPED : SweepMetrics.FAILED;
            return result;
        } finally {
            metrics.record(SweepMetrics.COMPAT, outcome, start);
        }
    }

    private SweepResult sweepLocked() {
        List<Observation> observations;
        int[] counts = new int[2];
        try {
            observations = evaluate(counts);
        } catch (RuntimeException e) {
            if (!IngestService.isUnavailable(e)) {
                throw e;
            }
            // results computed so far stay cached (each was committed on its own); nothing is observed
            Log.warnf("compat sweep skipped: ingest-service unavailable (%s)", e.getMessage());
            return new SweepResult(false, "ingest-service unavailable", counts[0], counts[1], List.of());
        }
        for (Observation o : observations) {
            observe(o);
        }
        return new SweepResult(true, null, counts[0], counts[1], observations);
    }

    private void observe(Observation o) {
        try {
            QuarkusTransaction.requiringNew().run(() -> alerts.observe(o));
        } catch (RuntimeException e) {
            Log.errorf(e, "compat sweep: observing %s failed", o.dedupKey());
        }
    }

    /** Reads everything first, then decides: an ingest failure anywhere leaves no observation behind. */
    private List<Observation> evaluate(int[] counts) {
        List<PackSummary> packs = ingest.packs();
        Map<String, PackSummary> byName = new HashMap<>();
        packs.forEach(p -> byName.put(p.pack(), p));
        Map<String, List<PackVersion>> versions = new LinkedHashMap<>();
        for (PackSummary p : packs) {
            versions.put(p.pack(), ingest.versions(p.pack()));
        }
        List<PackVersion> active = new ArrayList<>();
        List<PackVersion> withdrawn = new ArrayList<>();
        versions.values().forEach(list -> list.forEach(v -> {
            if ("active".equals(v.status())) {
                active.add(v);
            } else {
                withdrawn.add(v);
            }
        }));
        // every sweep sees the active versions anyway (and the poll sweeps at once when one is new)
        announceReleases(active);
        Map<String, IngestService.Fleet> fleets = new TreeMap<>();
        for (PackVersion v : active) {
            String connector = connectorOf(v, byName);
            if (!fleets.containsKey(connector)) {
                fleets.put(connector, ingest.fleet(connector));
            }
        }

        // per active version: its result on every current fingerprint of its connector, on each warehouse that has it
        Map<PackVersion, List<FingerprintVerdict>> broken = new LinkedHashMap<>();
        for (PackVersion v : active) {
            String connector = connectorOf(v, byName);
            Optional<List<FingerprintVerdict>> breaks = breaks(v, connector, fleets.get(connector), counts);
            breaks.ifPresent(b -> broken.put(v, b));
        }
        lastInventory = inventory(active, fleets);

        List<Observation> out = new ArrayList<>();
        Map<String, Drift> drifts = drifts(broken, byName);
        for (Map.Entry<PackVersion, List<FingerprintVerdict>> e : broken.entrySet()) {
            PackVersion v = e.getKey();
            String connector = connectorOf(v, byName);
            Drift drift = drifts.get(connector);
            out.add(brokenObservation(v, connector, byName.get(v.pack()), fleets.get(connector), e.getValue(),
                    drift != null && drift.covers(e.getValue()) ? dedupKeyOfDrift(connector) : null));
        }
        for (PackVersion v : withdrawn) {
            if (QuarkusTransaction.requiringNew().call(() -> CompatResult.anyIncompatible(v.pack(), v.version()))) {
                out.add(new Observation(BROKEN, labels(connectorOf(v, byName), v), "info",
                        v.pack() + " " + v.version() + " is withdrawn", Map.of("status", v.status()), false));
            }
        }
        for (String connector : fleets.keySet()) {
            Drift drift = drifts.get(connector);
            if (drift == null) {
                out.add(new Observation(DRIFT, Map.of("connector", connector), "critical",
                        "no connector schema drift for " + connector, Map.of(), false));
            } else {
                out.add(drift.observation(connector, fleets.get(connector)));
            }
        }
        return out;
    }

    /**
     * The fingerprints (and their warehouses) {@code v} does not compile against; each (fingerprint, warehouse) pair is
     * computed once and cached. Empty when the stored manifest cannot be read (the version is skipped).
     */
    private Optional<List<FingerprintVerdict>> breaks(PackVersion v, String connector, IngestService.Fleet fleet, int[] counts) {
        Map<String, CompatResult> cached = new HashMap<>();
        QuarkusTransaction.requiringNew().call(() -> CompatResult.ofVersion(v.pack(), v.version()))
                .forEach(r -> cached.put(r.fingerprint + "|" + r.warehouse, r));
        CompiledPack compiled = null;
        List<FingerprintVerdict> breaks = new ArrayList<>();
        for (SchemaGroup group : fleet.fingerprints()) {
            Map<String, List<ReportProblem>> byWarehouse = new TreeMap<>();
            WarehouseSchema body = null;
            for (String warehouse : FingerprintVerdict.warehousesOf(group)) {
                counts[0]++;
                CompatResult result = cached.get(group.fingerprint() + "|" + warehouse);
                if (result == null) {
                    if (compiled == null) {
                        try {
                            compiled = compiled(v);
                        } catch (io.packops.alerting.rest.ProblemException e) {
                            // ingest validated it with the same reader; if that ever differs, say so and skip the version
                            Log.errorf("compat sweep: the stored manifest of %s %s cannot be read: %s", v.pack(), v.version(),
                                    e.getMessage());
                            return Optional.empty();
                        }
                    }
                    body = body != null ? body : compat.schemaOf(group.fingerprint(), connector, group.warehouses());
                    if (body == null) {
                        throw new IngestService.IngestUnavailableException(
                                "fingerprint " + group.fingerprint() + " is listed but has no body", null);
                    }
                    result = store(v, group.fingerprint(), warehouse, compat.checkOn(compiled, group.fingerprint(), body, warehouse));
                    counts[1]++;
                }
                byWarehouse.put(warehouse, result.compatible ? List.of() : CompatService.fromJson(result.problems));
            }
            FingerprintVerdict verdict = new FingerprintVerdict(group, byWarehouse);
            if (!verdict.compatible()) {
                breaks.add(verdict);
            }
        }
        return Optional.of(breaks);
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

    private Observation brokenObservation(PackVersion v, String connector, PackSummary summary, IngestService.Fleet fleet,
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

    // ---- drift -------------------------------------------------------------------------------------------

    /** The missing relations/columns of one connector that break at least drift-min-packs packs. */
    record Drift(Map<String, Set<String>> packsByRef, Map<String, Long> accountsByRef, Set<String> fingerprints) {

        boolean covers(List<FingerprintVerdict> breaks) {
            for (FingerprintVerdict b : breaks) {
                for (ReportProblem p : b.problems()) {
                    if (p.isError() && !packsByRef.containsKey(refOf(p))) {
                        return false;
                    }
                }
            }
            return true;
        }

        Observation observation(String connector, IngestService.Fleet fleet) {
            TreeSet<String> packs = new TreeSet<>();
            packsByRef.values().forEach(packs::addAll);
            long accounts = accountsByRef.values().stream().mapToLong(Long::longValue).max().orElse(0);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("packs", List.copyOf(packs));
            details.put("missing", new TreeMap<>(packsByRef.entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(new TreeSet<>(e.getValue()))))));
            details.put("accounts", accounts);
            details.put("totalAccounts", fleet.totalAccounts());
            details.put("fingerprints", List.copyOf(new TreeSet<>(fingerprints)));
            String summary = connector + " schema drift breaks " + packs.size() + " packs (" + String.join(", ", packs)
                    + "): missing " + String.join(", ", new TreeSet<>(packsByRef.keySet())) + " on up to " + accounts + " of "
                    + fleet.totalAccounts() + " accounts";
            return new Observation(DRIFT, Map.of("connector", connector), "critical", summary, details, true);
        }
    }

    private Map<String, Drift> drifts(Map<PackVersion, List<FingerprintVerdict>> broken, Map<String, PackSummary> byName) {
        // connector -> missing ref -> packs it breaks / accounts / fingerprints
        Map<String, Map<String, Set<String>>> packs = new TreeMap<>();
        Map<String, Map<String, Map<String, Long>>> accounts = new TreeMap<>();
        for (Map.Entry<PackVersion, List<FingerprintVerdict>> e : broken.entrySet()) {
            String connector = connectorOf(e.getKey(), byName);
            for (FingerprintVerdict b : e.getValue()) {
                for (ReportProblem p : b.problems()) {
                    if (p.isError() && ("MISSING_RELATION".equals(p.code()) || "MISSING_COLUMN".equals(p.code()))) {
                        String ref = refOf(p);
                        packs.computeIfAbsent(connector, k -> new TreeMap<>()).computeIfAbsent(ref, k -> new TreeSet<>())
                                .add(e.getKey().pack());
                        accounts.computeIfAbsent(connector, k -> new TreeMap<>()).computeIfAbsent(ref, k -> new TreeMap<>())
                                .put(b.group().fingerprint(), b.accountsOf(p.warehouses()));
                    }
                }
            }
        }
        Map<String, Drift> out = new HashMap<>();
        int min = Math.max(2, config.sweep().driftMinPacks());
        packs.forEach((connector, byRef) -> {
            Map<String, Set<String>> wide = new TreeMap<>();
            Map<String, Long> refAccounts = new TreeMap<>();
            Set<String> fingerprints = new TreeSet<>();
            byRef.forEach((ref, refPacks) -> {
                if (refPacks.size() >= min) {
                    wide.put(ref, refPacks);
                    Map<String, Long> perFp = accounts.get(connector).get(ref);
                    refAccounts.put(ref, perFp.values().stream().mapToLong(Long::longValue).sum());
                    fingerprints.addAll(perFp.keySet());
                }
            });
            if (!wide.isEmpty()) {
                out.put(connector, new Drift(wide, refAccounts, fingerprints));
            }
        });
        return out;
    }

    static String refOf(ReportProblem p) {
        String relation = p.relation() == null ? "?" : p.relation().toLowerCase(Locale.ROOT);
        return "MISSING_RELATION".equals(p.code()) || p.column() == null ? relation
                : relation + "." + p.column().toLowerCase(Locale.ROOT);
    }

    static String dedupKeyOfDrift(String connector) {
        return new Observation(DRIFT, Map.of("connector", connector), null, null, null, true).dedupKey();
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

    private Map<String, IngestService.Fleet> fleets(List<PackSummary> packs) {
        Map<String, IngestService.Fleet> fleets = new TreeMap<>();
        for (PackSummary p : packs) {
            if (p.activeVersions() > 0 && !fleets.containsKey(p.connector())) {
                fleets.put(p.connector(), ingest.fleet(p.connector()));
            }
        }
        return fleets;
    }

    private static Inventory inventory(List<PackVersion> active, Map<String, IngestService.Fleet> fleets) {
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

    private static String connectorOf(PackVersion v, Map<String, PackSummary> byName) {
        if (v.connector() != null) {
            return v.connector();
        }
        PackSummary s = byName.get(v.pack());
        return s == null ? null : s.connector();
    }

    private static Map<String, String> labels(String connector, PackVersion v) {
        return Map.of("connector", connector, "pack", v.pack(), "version", v.version());
    }
}
