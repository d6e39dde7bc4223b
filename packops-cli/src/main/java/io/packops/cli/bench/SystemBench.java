package io.packops.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.up.LocalStack;
import io.packops.cli.up.RepoRoot;
import io.packops.launcher.Ports;
import io.packops.launcher.Postgres;
import io.packops.launcher.ServiceProcess;
import io.packops.launcher.Stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * System benchmarks of the packaged services (run by {@code bench/run-system}; not part of the tests):
 * <ul>
 *   <li><b>startup</b>: each service's time from {@code java -jar} to a ready {@code /q/health/ready} and its RSS
 *       when ready and after a warm-up, against a baseline measured in the same run: a bare Quarkus application
 *       (this CLI's jar, {@code --version}) for time and an idle JVM for RSS.</li>
 *   <li><b>detection</b>: with the services' <em>default</em> configuration (no rehearsal timings), the time from a
 *       batch of failing installs crossing {@code install-failure-rate}'s threshold to the PagerDuty trigger arriving
 *       at the fake pager; baseline: the time until those installs show in ingest's stats (the pipeline's floor).
 *       Goal: under 30 s.</li>
 * </ul>
 */
public final class SystemBench {

    /** The benchmarked services' tokens, one per role. */
    private static final Map<String, String> BENCH_TOKENS = Stack.fixedTokens("bench");

    private static final List<String> SERVICES = List.of("ingest-service", "ownership-service", "alerting-service");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final Path root;
    private final PrintWriter out = new PrintWriter(System.out, true);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SystemBench(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = RepoRoot.find().orElseThrow(() -> new IllegalStateException("run from the packops repository"));
        List<String> what = args.length == 0 ? List.of("startup", "detection") : List.of(args[0].split(","));
        int trials = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SystemBench bench = new SystemBench(root);
        bench.out.printf(Locale.ROOT, "system bench %s on %d cores, %s, Java %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("java.version"));
        if (what.contains("startup")) {
            bench.startup(3);
        }
        if (what.contains("detection")) {
            bench.detection(trials);
        }
        System.exit(0);
    }

    // ---- startup and RSS ---------------------------------------------------------------------------------------

    private void startup(int rounds) throws Exception {
        Path cli = root.resolve("packops-cli/target/quarkus-app/quarkus-run.jar");
        List<Long> baselineMs = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(ServiceProcess.java(), "-jar", cli.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(60, TimeUnit.SECONDS);
            baselineMs.add((System.nanoTime() - t0) / 1_000_000);
        }
        long idleRss = idleJvmRssKb();
        long baseline = median(baselineMs);
        out.printf(Locale.ROOT, "baseline: bare Quarkus app (packops --version, start to exit) %d ms median of %d; idle JVM RSS %d MB%n",
                baseline, rounds, idleRss / 1024);

        Path logs = Files.createTempDirectory("packops-startup-");
        try (Postgres pg = Postgres.temporary(logs.resolve("pgdata"), logs.resolve("postgres.log"))) {
            for (String service : SERVICES) {
                List<Long> ready = new ArrayList<>();
                List<Double> quarkus = new ArrayList<>();
                List<Long> rssReady = new ArrayList<>();
                List<Long> rssWarm = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    int port = Ports.free();
                    Path log = logs.resolve(service + "-" + i + ".log");
                    ProcessBuilder pb = new ProcessBuilder(ServiceProcess.java(), "-jar", root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar").toString())
                            .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
                    Map<String, String> env = pb.environment();
                    env.put("PORT", Integer.toString(port));
                    env.put("QUARKUS_DATASOURCE_JDBC_URL", pg.jdbcUrl());
                    env.put("QUARKUS_DATASOURCE_USERNAME", pg.user());
                    env.put("QUARKUS_DATASOURCE_PASSWORD", pg.password());
                    env.putAll(BENCH_TOKENS); // every role, 32+ characters: the prod profile refuses less
                    env.put("PACKOPS_PEER_TOKEN", BENCH_TOKENS.get("PACKOPS_TOKEN_PEER"));
                    env.put("PACKOPS_AUTOMATION_TOKEN", BENCH_TOKENS.get("PACKOPS_TOKEN_AUTOMATION"));
                    long t0 = System.nanoTime();
                    Process p = pb.start();
                    try {
                        String url = "http://localhost:" + port + "/q/health/ready";
                        while (!ok(url)) {
                            if (!p.isAlive() || System.nanoTime() - t0 > 120_000_000_000L) {
                                throw new IllegalStateException(service + " did not become ready; see " + log);
                            }
                            Thread.sleep(20);
                        }
                        ready.add((System.nanoTime() - t0) / 1_000_000);
                        rssReady.add(rssKb(p.pid()));
                        for (int r = 0; r < 500; r++) {
                            ok("http://localhost:" + port + "/q/openapi");
                            ok(url);
                        }
                        rssWarm.add(rssKb(p.pid()));
                        Matcher m = STARTED.matcher(Files.readString(log));
                        if (m.find()) {
                            quarkus.add(Double.parseDouble(m.group(1)));
                        }
                    } finally {
                        p.destroy();
                        if (!p.waitFor(20, TimeUnit.SECONDS)) {
                            p.destroyForcibly();
                        }
                    }
                }
                long med = median(ready);
                out.printf(Locale.ROOT, "startup %-18s ready after %5d ms median of %d (Quarkus says started in %.2f s), %.1fx the bare Quarkus app; "
                                + "RSS %d MB ready, %d MB after 1,000 requests (%.1fx an idle JVM)%n",
                        service, med, rounds, quarkus.isEmpty() ? Double.NaN : quarkus.get(quarkus.size() / 2), (double) med / baseline,
                        median(rssReady) / 1024, median(rssWarm) / 1024, (double) median(rssWarm) / idleRss);
            }
        } finally {
            Stack.deleteTree(logs);
        }
    }

    private long idleJvmRssKb() throws Exception {
        Path dir = Files.createTempDirectory("packops-idle-");
        Path src = dir.resolve("Idle.java");
        Files.writeString(src, "public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(60_000); } }");
        Process p = new ProcessBuilder(ServiceProcess.java(), src.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(4_000);
            return rssKb(p.pid());
        } finally {
            p.destroyForcibly();
            Stack.deleteTree(dir);
        }
    }

    // ---- detection latency ---------------------------------------------------------------------------------------

    private void detection(int trials) throws Exception {
        Path state = Files.createTempDirectory("packops-detect-");
        int[] ports = Ports.free(4);
        PrintWriter quiet = new PrintWriter(java.io.Writer.nullWriter());
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, state, true, null, null, null, ports[0], ports[1],
                ports[2], ports[3], 180, 1.0, 6, 2_000, false))) {
            out.println("detection: starting a private stack with the default alerting configuration ...");
            stack.start(quiet);
            Api api = stack.api();
            DemoFleet.Pack pack = stack.fleet().packs().get("stripe");
            List<DemoFleet.Account> accounts = stack.fleet().accounts("stripe");
            List<Long> detect = new ArrayList<>();
            List<Long> visible = new ArrayList<>();
            List<Long> fired = new ArrayList<>();
            java.util.Random random = new java.util.Random(1);
            for (int t = 1; t <= trials; t++) {
                Thread.sleep(random.nextInt(15_000)); // land at every phase of the evaluation cycle

                String version = "9.9." + t;
                List<ObjectNode> events = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    DemoFleet.Account a = accounts.get(i % accounts.size());
                    events.add(Api.JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "install")
                            .put("occurredAt", Instant.now().toString()).put("accountId", a.id()).put("connector", "stripe")
                            .put("pack", pack.name()).put("packVersion", version).put("warehouse", a.warehouse())
                            .put("stage", "compile").put("outcome", "failed").put("errorCode", "000904")
                            .put("errorMessage", "SQL compilation error: invalid identifier 'AMOUNT'"));
                }
                stack.stream().post(events);
                long t0 = System.nanoTime();
                Instant posted = Instant.now();
                long seen = -1;
                long paged = -1;
                String dedup = "install-failure-rate{connector=stripe,pack=" + pack.name() + ",version=" + version + "}";
                while (paged < 0 && System.nanoTime() - t0 < 600_000_000_000L) {
                    if (seen < 0) {
                        JsonNode total = api.get(api.urls().ingest() + "/v1/stats/installs?window=15m&type=install&pack="
                                + pack.name() + "&version=" + version, "agent").body().path("total");
                        if (total.path("attempts").asLong() >= 40) {
                            seen = (System.nanoTime() - t0) / 1_000_000;
                        }
                    }
                    for (JsonNode p : api.get(stack.demoUrl() + "/pages", null).body()) {
                        if (dedup.equals(p.path("body").path("dedup_key").asText()) && "trigger".equals(p.path("body").path("event_action").asText())) {
                            paged = (System.nanoTime() - t0) / 1_000_000;
                        }
                    }
                    Thread.sleep(100);
                }
                if (paged < 0) {
                    throw new IllegalStateException("no page for " + dedup + " within 10 minutes");
                }
                long firedMs = -1;
                for (JsonNode a : api.get(api.urls().alerting() + "/v1/alerts?rule=install-failure-rate&pack=" + pack.name() + "&limit=100",
                        "agent").body().path("items")) {
                    if (version.equals(a.path("labels").path("version").asText())) {
                        firedMs = Duration.between(posted, Instant.parse(a.path("firedAt").asText())).toMillis();
                    }
                }
                detect.add(paged);
                visible.add(seen);
                fired.add(firedMs);
                out.printf(Locale.ROOT, "detection trial %d: failing installs in stats after %.1f s, alert fired after %.1f s, PagerDuty trigger received after %.1f s%n",
                        t, seen / 1000.0, firedMs / 1000.0, paged / 1000.0);
            }
            long med = median(detect);
            long max = Collections.max(detect);
            long firedMed = median(fired);
            out.printf(Locale.ROOT, "detection latency (threshold crossed -> PagerDuty trigger received), default config: median %.1f s, max %.1f s "
                            + "of %d trials = %.2fx the 30 s goal (%s). Of the median: %.1f s until the alert fired (stats visible after %.1f s, "
                            + "then the rule's evaluation every 15 s), %.1f s from firing to PagerDuty (outbox every 2 s)%n",
                    med / 1000.0, max / 1000.0, trials, max / 30_000.0, max < 30_000 ? "met" : "MISSED", firedMed / 1000.0,
                    median(visible) / 1000.0, (med - firedMed) / 1000.0);
        } finally {
            Stack.deleteTree(state);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private boolean ok(String url) {
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + BENCH_TOKENS.get("PACKOPS_TOKEN_AGENT")).GET().build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident set size in kB from /proc (Linux). */
    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }


}
