package io.packops.alerting.upgrades;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.alerting.alerts.Alert;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.compat.ComingReleases;
import io.packops.alerting.compat.CompatConfig;
import io.packops.alerting.compat.CompatService;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestRestClient.PackSummary;
import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.packops.alerting.peers.IngestRestClient.PackageRelease;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.alerting.upgrades.UpgradeReport.PackResult;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.rename.ColumnRename;
import io.packops.compat.upgrade.ModelChange;
import io.packops.compat.upgrade.UpgradeDiff;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The upgrade gate for the fleet: a coming release of a connector's dbt package, diffed against the release before it
 * (what accounts run now), applied to every current schema fingerprint of the connector, and every served or held
 * pack version of that connector checked before and after ({@link FleetUpgradeCheck}). Each pack version the
 * release breaks raises {@value #RULE} to its owner (the ownership lookup of the alert's connector and pack) with the
 * accounts that break when they upgrade, by warehouse, the broken tiles and the renames suggested; versions it no
 * longer breaks clear. Checks are recorded, clean ones too (a row per change of the result).
 */
@ApplicationScoped
public class PackageUpgradeService implements ComingReleases {

    public static final String RULE = "dbt-package-upgrade-breaks";

    @Inject
    IngestClient ingest;
    @Inject
    CompatService compat;
    @Inject
    AlertService alerts;
    @Inject
    UpgradeCheckRepository checks;
    @Inject
    CompatConfig config;
    @Inject
    Clock clock;

    /** One pack version to check, compiled once. */
    record Candidate(String pack, String version, boolean served, CompiledPack compiled) {
    }

    /** Checks one registered release against the fleet, records the result and raises or clears the alerts. */
    public UpgradeReport check(long releaseId) {
        PackageRelease release = ingest.packageRelease(releaseId);
        Optional<PackageRelease> previous = PackageReleases.previous(ingest.packageReleases(release.connector()), release);
        if (previous.isEmpty()) {
            UpgradeReport baseline = new UpgradeReport(release.id(), release.connector(), release.packageName(),
                    release.version(), null, UpgradeReport.BASELINE, null, 0, 0, List.of(), clock.instant());
            checks.record(baseline);
            return baseline;
        }
        UpgradeDiff diff = UpgradeDiff.between(schemaOf(ingest.packageRelease(previous.get().id())), schemaOf(release));
        List<Candidate> candidates = candidates(release.connector());
        IngestClient.Fleet fleet = ingest.fleet(release.connector());
        UpgradeReport report = report(release, previous.get().version(), diff, fleet,
                new FleetUpgradeCheck(compat, release.connector(), fleet).run(diff, candidates));
        checks.record(report);
        observe(report);
        return report;
    }

    /**
     * The release gate's part: {@code pack} (a version about to be published) against every coming release of its
     * connector's packages (the newest registered of each), each diffed from the release before it.
     */
    @Override
    public List<ComingRelease> check(DashboardPack pack, CompiledPack compiled) {
        return gate(pack, compiled).stream().map(PackageUpgradeService::comingRelease).toList();
    }

    List<UpgradeReport> gate(DashboardPack pack, CompiledPack compiled) {
        List<PackageRelease> all = ingest.packageReleases(pack.connector());
        List<UpgradeReport> out = new ArrayList<>();
        IngestClient.Fleet fleet = null;
        for (PackageRelease coming : PackageReleases.newestPerPackage(all)) {
            Optional<PackageRelease> previous = PackageReleases.previous(all, coming);
            if (previous.isEmpty()) {
                continue; // nothing to diff from: the release is the baseline every later one is compared with
            }
            fleet = fleet != null ? fleet : ingest.fleet(pack.connector());
            UpgradeDiff diff = UpgradeDiff.between(schemaOf(ingest.packageRelease(previous.get().id())),
                    schemaOf(ingest.packageRelease(coming.id())));
            List<Candidate> one = List.of(new Candidate(pack.name(), pack.version(), false, compiled));
            out.add(report(coming, previous.get().version(), diff, fleet,
                    new FleetUpgradeCheck(compat, pack.connector(), fleet).run(diff, one)));
        }
        return out;
    }

    private static ComingRelease comingRelease(UpgradeReport r) {
        PackResult p = r.packs().get(0);
        return new ComingRelease(r.packageName(), r.version(), r.fromVersion(), p.breaks(), p.accounts(),
                p.accountsByWarehouse(), p.brokenTiles());
    }

    /** The latest recorded checks of {@code connector}. */
    public List<UpgradeReport> recorded(String connector, int limit) {
        return checks.latest(connector, limit);
    }

    /** Every active (served or held) version of the connector's packs, compiled (cached by content). */
    private List<Candidate> candidates(String connector) {
        List<Candidate> out = new ArrayList<>();
        for (PackSummary p : ingest.packs()) {
            if (!connector.equals(p.connector()) || p.activeVersions() == 0) {
                continue;
            }
            for (PackVersion v : ingest.versions(p.pack())) {
                if (!"active".equals(v.status())) {
                    continue;
                }
                PackVersion full = ingest.version(v.pack(), v.version());
                DashboardPack pack = compat.manifest(full.manifest());
                String key = v.pack() + "@" + v.version() + "#" + (full.contentSha256() != null ? full.contentSha256()
                        : CompatService.sha256(full.manifest()));
                out.add(new Candidate(v.pack(), v.version(), v.version().equals(p.servedVersion()),
                        compat.compile(pack, key)));
            }
        }
        return out;
    }

    private UpgradeReport report(PackageRelease release, String fromVersion, UpgradeDiff diff, IngestClient.Fleet fleet,
                                 List<PackResult> packs) {
        String verdict = packs.stream().anyMatch(PackResult::breaks) ? UpgradeReport.BREAKS : UpgradeReport.CLEAN;
        return new UpgradeReport(release.id(), release.connector(), release.packageName(), release.version(), fromVersion,
                verdict, summary(diff), fleet.totalAccounts(), fleet.fingerprints().size(), packs, clock.instant());
    }

    static UpgradeReport.Diff summary(UpgradeDiff diff) {
        List<String> removed = new ArrayList<>();
        diff.modelsRemoved().forEach(r -> removed.add(r.name()));
        for (ModelChange c : diff.modelsChanged()) {
            c.removed().forEach(col -> removed.add(c.model() + "." + col.name()));
        }
        List<String> renames = new ArrayList<>();
        diff.modelRenames().forEach(r -> renames.add(r.from() + " → " + r.to()));
        for (ColumnRename r : diff.columnRenames()) {
            renames.add(r.model() + "." + r.from() + " → " + r.to());
        }
        return new UpgradeReport.Diff(diff.modelsRemoved().size(), diff.modelsAdded().size(), diff.columnsRemoved(),
                diff.columnsAdded(), diff.columnsRetyped(), removed, renames);
    }

    /** A release's stored catalog as pack-compat reads it (sources and models; only models are diffed). */
    private static WarehouseSchema schemaOf(PackageRelease release) {
        JsonNode relations = release.relations();
        if (relations == null || !relations.isArray()) {
            throw new IngestUnavailable("ingest-service served package release " + release.id()
                    + " without its catalog", null);
        }
        ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.set("relations", relations);
        WarehouseSchema parsed = SchemaReader.read(wrapped.toString());
        return new WarehouseSchema(null, release.connector(), null, null, parsed.relations(), null);
    }

    // ---- alerts -------------------------------------------------------------------------------------------------

    private void observe(UpgradeReport report) {
        Set<String> seen = new HashSet<>();
        for (PackResult p : report.packs()) {
            Observation o = observation(report, p);
            seen.add(o.dedupKey());
            observeOne(o);
        }
        // a version no longer served or held (withdrawn, or a fixed version replaced it) has nothing left to break
        for (Alert a : alerts.activeOfRules(List.of(RULE))) {
            Map<String, String> l = a.labels;
            if (report.connector().equals(l.get("connector")) && report.packageName().equals(l.get("dbtPackage"))
                    && report.version().equals(l.get("dbtPackageVersion")) && !seen.contains(a.dedupKey)) {
                observeOne(new Observation(RULE, l, null, null, null, false));
            }
        }
    }

    private void observeOne(Observation o) {
        try {
            QuarkusTransaction.requiringNew().run(() -> alerts.observe(o));
        } catch (RuntimeException e) {
            Log.errorf(e, "package upgrade check: observing %s failed", o.dedupKey());
        }
    }

    Observation observation(UpgradeReport r, PackResult p) {
        Map<String, String> labels = Map.of("connector", r.connector(), "pack", p.pack(), "version", p.version(),
                "dbtPackage", r.packageName(), "dbtPackageVersion", r.version());
        String release = r.packageName() + " " + r.version();
        if (!p.breaks()) {
            return new Observation(RULE, labels, null, release + " breaks no tile of " + p.pack() + " " + p.version(),
                    Map.of("release", release, "from", r.fromVersion()), false);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("release", release);
        details.put("releaseId", r.releaseId());
        details.put("from", r.fromVersion());
        details.put("served", p.served());
        details.put("accounts", p.accounts());
        details.put("totalAccounts", r.totalAccounts());
        details.put("accountsByWarehouse", p.accountsByWarehouse());
        if (p.accountsByPackageVersion() != null) {
            details.put("accountsByPackageVersion", p.accountsByPackageVersion());
        }
        details.put("fingerprints", p.fingerprints());
        details.put("brokenTiles", p.brokenTiles().stream().limit(config.sweep().maxProblemsPerAlert()).toList());
        details.put("renames", renamesUsed(p));
        List<String> refs = p.brokenTiles().stream().flatMap(t -> t.problems().stream()).map(PackageUpgradeService::ref)
                .distinct().toList();
        String summary = release + " (coming; accounts on " + r.fromVersion() + ") breaks " + p.pack() + " " + p.version()
                + " for " + p.accounts() + " of " + r.totalAccounts() + " " + r.connector() + " accounts when they upgrade ("
                + String.join(", ", p.accountsByWarehouse().entrySet().stream()
                .map(e -> (e.getKey().isEmpty() ? "unknown warehouse" : e.getKey()) + " " + e.getValue()).toList())
                + "): " + p.brokenTiles().size() + " tile" + (p.brokenTiles().size() == 1 ? "" : "s") + " — "
                + String.join(", ", refs.stream().limit(5).toList()) + (refs.size() > 5 ? ", …" : "");
        return new Observation(RULE, labels, p.served() ? "error" : "warning", summary, details, true);
    }

    private static String ref(ComingReleases.Issue i) {
        String what = i.column() != null && i.relation() != null ? i.relation() + "." + i.column()
                : i.column() != null ? i.column() : String.valueOf(i.relation());
        return what + " " + (i.cause() == null ? i.code() : i.cause())
                + (i.didYouMean() == null ? "" : " (did you mean " + i.didYouMean() + "?)");
    }

    private static List<String> renamesUsed(PackResult p) {
        return p.brokenTiles().stream().flatMap(t -> t.problems().stream())
                .filter(i -> i.didYouMean() != null)
                .map(i -> Stream.of(i.relation(), i.column()).filter(s -> s != null).reduce((a, b) -> a + "." + b)
                        .orElse("?") + " → " + i.didYouMean())
                .distinct().toList();
    }
}
