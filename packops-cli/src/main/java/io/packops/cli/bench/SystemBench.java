package io.packops.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.up.LocalStack;
import io.packops.cli.up.RepoRoot;
import io.packops.launcher.AotCache;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * System benchmarks of the packaged services (run by {@code bench/run-system}; not part of the tests):
 * <ul>
 *   <li><b>startup</b>: each service's time from {@code java -jar} to a ready {@code /q/health/ready} and its RSS
 *       when ready and after a warm-up, on the plain JVM, on plain JDK 25 and on JDK 25 with the service's AOT cache
 *       ({@code bench/build-aot}; each mode when it is there), against a baseline measured in the same run: a bare Quarkus application
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
            bench.startup(Integer.parseInt(System.getProperty("rounds", "3")));
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

        String loadAtStart = loadAverage();
        Path jdk25Home = AotCache.jdk25Home(System.getenv());
        Optional<Path> jdk25 = AotCache.jdk25(System.getenv());
        Path logs = Files.createTempDirectory("packops-startup-");
        try (Postgres pg = Postgres.temporary(logs.resolve("pgdata"), logs.resolve("postgres.log"))) {
            List<String[]> table = new ArrayList<>();
            for (String service : SERVICES) {
                Path jar = ServiceProcess.jar(root, service);
                List<Mode> modes = new ArrayList<>();
                modes.add(new Mode("plain JVM " + Runtime.version().feature(), ServiceProcess.java(), List.of()));
                if (jdk25.isPresent() && Runtime.version().feature() != 25) {
                    modes.add(new Mode("plain JVM 25", AotCache.javaOf(jdk25.get()).toString(), List.of()));
                }
                AotCache.Choice aot = AotCache.choose(jar, jdk25Home, ServiceProcess.java());
                if (aot.aot()) {
                    modes.add(new Mode("JVM 25 + AOT cache", aot.java(), aot.flags()));
                } else {
                    out.println("startup " + service + ": no AOT measurement: " + aot.reason());
                }
                // the modes take turns within each round, so a change in the machine's load hits them alike
                Map<Mode, List<Sample>> samples = new LinkedHashMap<>();
                for (int i = 0; i < rounds; i++) {
                    for (int k = 0; k < modes.size(); k++) {
                        Mode mode = modes.get(k);
                        samples.computeIfAbsent(mode, m -> new ArrayList<>()).add(run(service, jar, mode, pg, logs.resolve(service + "-" + i + "-" + k + ".log")));
                    }
                }
                long plainMs = -1;
                for (Map.Entry<Mode, List<Sample>> e : samples.entrySet()) {
                    List<Sample> s = e.getValue();
                    long med = median(s.stream().map(Sample::readyMs).toList());
                    long warm = median(s.stream().map(Sample::rssWarmKb).toList());
                    if (plainMs < 0) {
                        plainMs = med;
                    }
                    out.printf(Locale.ROOT, "startup %-18s %-20s ready after %5d ms median of %d (Quarkus says started in %.2f s), %.1fx the bare Quarkus app, "
                                    + "%.2fx the plain JVM; RSS %d MB ready, %d MB after 1,000 requests (%.1fx an idle JVM)%n",
                            service, e.getKey().name(), med, rounds, s.get(s.size() / 2).quarkusSeconds(), (double) med / baseline,
                            (double) med / plainMs, median(s.stream().map(Sample::rssReadyKb).toList()) / 1024, warm / 1024, (double) warm / idleRss);
                    table.add(new String[] {service, e.getKey().name(), Long.toString(med), String.format(Locale.ROOT, "%.2f", (double) med / plainMs),
                            Long.toString(warm / 1024)});
                }
            }
            out.printf(Locale.ROOT, "%nload average at the end of the startup runs: %s (at the start: %s)%n", loadAverage(), loadAtStart);
            out.printf(Locale.ROOT, "| service | JVM | ready (ms, median of %d) | / plain JVM | RSS after 1,000 requests (MB) |%n|---|---|---|---|---|%n", rounds);
            out.printf(Locale.ROOT, "| bare Quarkus app (packops --version, start to exit) | plain JVM %d | %d | | idle JVM: %d |%n",
                    Runtime.version().feature(), baseline, idleRss / 1024);
            for (String[] row : table) {
                out.println("| " + String.join(" | ", row) + " |");
            }
        } finally {
            Stack.deleteTree(logs);
        }
    }

    /** A way to start a service: which java, with which flags. */
    private record Mode(String name, String java, List<String> flags) {
    }

    private record Sample(long readyMs, double quarkusSeconds, long rssReadyKb, long rssWarmKb) {
    }

    /** One start of {@code service} in {@code mode}: time to ready, RSS when ready and after 1,000 requests; then a stop. */
    private Sample run(String service, Path jar, Mode mode, Postgres pg, Path log) throws Exception {
        int port = Ports.free();
        List<String> command = new ArrayList<>();
        command.add(mode.java());
        command.addAll(mode.flags());
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
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
                    throw new IllegalStateException(service + " (" + mode.name() + ") did not become ready; see " + log);
                }
                Thread.sleep(20);
            }
            long ready = (System.nanoTime() - t0) / 1_000_000;
            long rssReady = rssKb(p.pid());
            for (int r = 0; r < 500; r++) {
                ok("http://localhost:" + port + "/q/openapi");
                ok(url);
            }
            long rssWarm = rssKb(p.pid());
            Matcher m = STARTED.matcher(Files.readString(log));
            return new Sample(ready, m.find() ? Double.parseDouble(m.group(1)) : Double.NaN, rssReady, rssWarm);
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
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

    /** The 1, 5 and 15 minute load averages (Linux), to read the times against. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
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
