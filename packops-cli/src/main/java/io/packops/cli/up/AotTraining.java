package io.packops.cli.up;

import io.packops.cli.client.Api;
import io.packops.cli.client.TokensFile;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.demo.InstallSimulator;
import io.packops.cli.demo.TelemetryStream;
import io.packops.launcher.AotCache;
import io.packops.launcher.Response;
import io.packops.launcher.FakePager;
import io.packops.launcher.Ports;
import io.packops.launcher.Postgres;
import io.packops.launcher.ServiceProcess;
import io.packops.launcher.Stack;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes each service's JDK 25 AOT cache ({@code <module>/target/quarkus-app/app.aot}) from a training run that does
 * what {@code packops up} does: the three services on a temporary PostgreSQL, the demo fleet seeded through ingest's
 * API (packs, schema snapshots, install history), alerting evaluating its rules against a live telemetry stream, and a
 * few hundred reads of the main endpoints; then a graceful stop, at which each JVM writes its cache. Run by
 * {@code bench/build-aot} after packaging; the caches are then used by {@code packops up} ({@link AotCache}).
 * The run uses the same JVM flags as {@code packops up} (none), so the cache matches how it is used.
 */
public final class AotTraining {

    private static final int READ_ROUNDS = 150;

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path root = RepoRoot.find().orElseThrow(() -> new IllegalStateException("run from the packops repository"));
        Optional<Path> jdk = AotCache.jdk25(System.getenv());
        if (jdk.isEmpty()) {
            System.err.println("build-aot: JDK 25 not found at " + AotCache.jdk25Home(System.getenv()) + " (set " + AotCache.JDK_VARIABLE
                    + "): no AOT cache written; the services start on the plain JVM");
            System.exit(4);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        Path dir = Files.createTempDirectory("packops-aot-");
        long t0 = System.nanoTime();
        try {
            train(root, jdk.get(), dir, out);
        } finally {
            Stack.deleteTree(dir);
        }
        for (String module : LocalStack.MODULES) {
            Path jar = ServiceProcess.jar(root, module);
            AotCache.Choice c = AotCache.choose(jar, jdk.get(), ServiceProcess.java());
            if (!c.aot()) {
                System.err.println("build-aot: " + module + ": " + c.reason());
                System.exit(3);
            }
            out.printf(Locale.ROOT, "build-aot: %s: %s (%d MB)%n", module, AotCache.cacheOf(jar),
                    Files.size(AotCache.cacheOf(jar)) >> 20);
        }
        out.printf(Locale.ROOT, "build-aot: trained and written in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
        System.exit(0);
    }

    private static void train(Path root, Path jdk, Path dir, PrintWriter out) throws Exception {
        Map<String, String> tokens = TokensFile.loadOrCreate(dir.resolve("tokens.env")).values();
        Path ownershipFile = root.resolve("deploy/demo/ownership.yaml");
        int[] ports = Ports.free(3);
        // the JVMs write their caches on exit: give them minutes rather than packops up's 20 s before a KILL
        Stack.Settings settings = new Stack.Settings(root, dir.resolve("logs"), "aot training", false, List.of(),
                Duration.ofMinutes(5), tokens, line -> out.println("build-aot: " + line));
        try (FakePager pager = FakePager.start(); Stack stack = new Stack(settings)) {
            stack.database(Postgres.temporary(dir.resolve("pgdata"), dir.resolve("postgres.log")));
            Map<String, String> paging = LocalStack.demoPagingEnv(Files.readString(ownershipFile), Map.of(), pager.url());
            ServiceProcess ingest = stack.ingest(ports[0], Map.of()).trainAot(jdk);
            ServiceProcess ownership = stack.ownership(ports[1], ownershipFile, Map.of()).trainAot(jdk);
            ServiceProcess alerting = stack.alerting("alerting-service", ports[2], ingest, ownership, paging.get("PAGERDUTY_EVENTS_URL"),
                    paging.get("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY"), Map.of("PACKOPS_PAGING_DISPATCH_EVERY", "2s")).trainAot(jdk);
            stack.startAll(Duration.ofMinutes(3), ingest, ownership);

            Api api = new Api(Api.Urls.local(ports[0], ports[2], ports[1]), tokens);
            DemoFleet fleet = DemoFleet.build(root.resolve("packs"), DemoSeeder.ACCOUNTS, DemoSeeder.DRIFT_SHARE, DemoSeeder.SEED);
            TelemetryStream stream = new TelemetryStream(api, fleet, new InstallSimulator(DemoSeeder.SEED, 0.01, 0.005), DemoSeeder.SEED + 1);
            out.println("build-aot: seeding the demo fleet through ingest ...");
            new DemoSeeder(api, fleet, stream).seed(out, Duration.ofHours(6), 600);
            stack.startAll(Duration.ofMinutes(3), alerting);
            stream.start(20, 1_000);
            Map<String, Integer> failed = reads(api, ingest, ownership, alerting);
            stream.stop();
            out.printf(Locale.ROOT, "build-aot: %d read rounds done (answers not 2xx: %s), stopping the services ...%n", READ_ROUNDS,
                    failed.isEmpty() ? "none" : failed);
        }
    }

    /** The main read endpoints of each service, {@link #READ_ROUNDS} times; per URL, how many answers were not 2xx. */
    private static Map<String, Integer> reads(Api api, ServiceProcess ingest, ServiceProcess ownership, ServiceProcess alerting) {
        List<String> agent = List.of(ingest.url() + "/v1/stats/installs?window=24h&groupBy=warehouse",
                ingest.url() + "/v1/stats/installs?window=15m&type=install", ingest.url() + "/v1/packs?limit=20",
                alerting.url() + "/v1/alerts?limit=20", ownership.url() + "/v1/ownership");
        List<String> open = List.of(ingest.url() + "/q/health/ready", ownership.url() + "/q/health/ready",
                alerting.url() + "/q/health/ready", ingest.url() + "/q/health", alerting.url() + "/q/health");
        Map<String, Integer> failed = new java.util.TreeMap<>();
        for (int i = 0; i < READ_ROUNDS; i++) {
            for (String url : agent) {
                Response r = api.get(url, "agent");
                if (!r.ok()) {
                    failed.merge(url + " (" + r.status() + ")", 1, Integer::sum);
                }
            }
            for (String url : open) {
                Response r = api.get(url, null);
                if (!r.ok()) {
                    failed.merge(url + " (" + r.status() + ")", 1, Integer::sum);
                }
            }
        }
        return failed;
    }
}
