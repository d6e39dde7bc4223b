package io.packops.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.compat.schema.SchemaReader;
import io.packops.launcher.Response;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a fresh stack with the demo: the sample packs (the first version of each; the drill publishes the
 * broken stripe-revenue 1.1.0 itself), a schema snapshot per account of the {@link DemoFleet}, and a day of
 * install and render history. Does nothing when ingest already has packs (the data is kept between runs).
 */
public final class DemoSeeder {

    /** The demo's constants: {@code up} and {@code drill} must build the same fleet. */
    public static final long SEED = 20_261_126L;
    public static final int ACCOUNTS = 300;
    public static final double DRIFT_SHARE = 0.03;

    private final Api api;
    private final DemoFleet fleet;
    private final TelemetryStream stream;

    public DemoSeeder(Api api, DemoFleet fleet, TelemetryStream stream) {
        this.api = api;
        this.fleet = fleet;
        this.stream = stream;
    }

    /** True when ingest has no pack yet, i.e. the demo was never seeded into this database. */
    public boolean needed() {
        Response r = api.get(api.urls().ingest() + "/v1/packs?limit=1", "operator");
        if (!r.ok()) {
            throw new IllegalStateException("ingest GET /v1/packs: " + r.describe());
        }
        return r.body().path("items").isEmpty();
    }

    public void seed(PrintWriter out, Duration history, int historyInstalls) throws Exception {
        int packs = 0;
        for (DemoFleet.Pack p : fleet.packs().values()) {
            String version = p.firstVersion();
            Response r = api.post(api.urls().ingest() + "/v1/packs", "operator", "application/yaml", p.manifests().get(version));
            if (!r.ok()) {
                throw new IllegalStateException("publishing " + p.name() + " " + version + ": " + r.describe());
            }
            packs++;
        }
        out.println("  published " + packs + " packs (" + String.join(", ", fleet.packs().values().stream()
                .map(p -> p.name() + " " + p.firstVersion()).toList()) + ")");
        out.flush();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Random random = new Random(DemoSeeder.SEED);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (DemoFleet.Account a : fleet.accounts()) {
                Instant capturedAt = now.minus(Duration.ofMinutes(30 + random.nextInt(24 * 60)));
                String body = snapshot(a, a.schema().relations(), capturedAt).toString();
                posts.add(pool.submit(() -> {
                    Response r = api.post(api.urls().ingest() + "/v1/schema-snapshots", "ingest", "application/json", body);
                    if (!r.ok()) {
                        throw new IllegalStateException("snapshot of " + a.id() + ": " + r.describe());
                    }
                    return null;
                }));
            }
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        long drifted = fleet.accounts().stream().filter(a -> a.drift() != DemoFleet.Drift.NONE).count();
        out.println("  stored " + fleet.accounts().size() + " schema snapshots (" + drifted + " drifted, "
                + fleet.accounts().stream().filter(a -> a.drift() == DemoFleet.Drift.MISSING_UNUSED_COLUMN).count()
                + " of them missing a column their pack does not read)");
        out.flush();

        // history: installs spread evenly over the past period, oldest first
        int rounds = 48;
        int failed = 0;
        int installs = 0;
        for (int i = rounds; i >= 1; i--) {
            Instant at = now.minus(history.multipliedBy(i).dividedBy(rounds + 1));
            TelemetryStream.Round r = stream.installs(fleet.accounts(), historyInstalls / rounds, at, true);
            installs += r.installs();
            failed += r.failed();
        }
        out.println("  sent " + installs + " installs of the last " + history.toHours() + "h (" + failed + " failed) with their renders");
        out.flush();
    }

    /** One snapshot body as {@code POST /v1/schema-snapshots} takes it; the installer says the account's package release. */
    public static ObjectNode snapshot(DemoFleet.Account a, List<io.packops.compat.schema.Relation> relations, Instant capturedAt) {
        DemoFleet.DbtPackage release = DemoFleet.PACKAGES.get(a.connector());
        return snapshot(a, relations, capturedAt, release == null ? null : release.version());
    }

    /** As above, the account running {@code dbtPackageVersion} of its connector's package (none said when null). */
    public static ObjectNode snapshot(DemoFleet.Account a, List<io.packops.compat.schema.Relation> relations, Instant capturedAt,
                                      String dbtPackageVersion) {
        try {
            ObjectNode body = (ObjectNode) Api.JSON.readTree(SchemaReader.toNativeJson(new io.packops.compat.schema.WarehouseSchema(
                    a.id(), a.connector(), a.warehouse(), capturedAt.toString(), relations)));
            DemoFleet.DbtPackage release = DemoFleet.PACKAGES.get(a.connector());
            if (release != null && dbtPackageVersion != null) {
                body.set("dbtPackage", Api.JSON.valueToTree(new DemoFleet.DbtPackage(release.name(), dbtPackageVersion).json()));
            }
            return body;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
