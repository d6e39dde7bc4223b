package io.packops.ownership.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.testsupport.bench.ServiceJar;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /v1/lookup} under load vs a bare Quarkus GET of the same service, in the same run.
 *
 * <p>Starts an embedded PostgreSQL (zonky, real binaries) and the packaged service built with {@code -Pbench}
 * ({@code target/bench/quarkus-app/quarkus-run.jar}: the shipped application plus {@link BenchBaselineResource}) with
 * {@code PACKOPS_BENCH_BASELINE=true}, PUTs a generated
 * organisation-sized ownership document ({@link BenchDocument}), checks a sample of lookup answers against the
 * rules it generated, then runs {@code --clients} closed-loop virtual users (one keep-alive HTTP/1.1 connection
 * each, plain blocking sockets: the client stays cheap on a 2-CPU machine) for {@code --duration} seconds per
 * round, alternating baseline and lookup rounds so machine noise hits both. Lookups cycle through
 * {@value #TARGETS} precomputed requests spread over pack, connector, pack-only, unknown-pack and
 * unknown-connector matches and nine {@code at} values (now, hours and days ahead and back). Both endpoints use the
 * same agent bearer token.
 *
 * <p>Prints requests/s, p50/p99/max latency and service CPU per request for every round, then the medians and
 * the ratio lookup/baseline (goal: throughput &ge; 50 %). Exits 1 on any non-200 answer or wrong lookup answer,
 * 0 otherwise (PASS or MISS is printed, not enforced). Run with {@code ownership-service/bench/lookup-bench.sh}.
 */
public final class LookupBench {

    private static final String AGENT = "bench-agent-token-0123456789abcdef0123456789";
    private static final String ADMIN = "bench-admin-token";
    private static final String BASELINE_PATH = "/v1/bench/baseline";
    static final int TARGETS = 4096;

    /** {@code mixed}: 40 % now, the rest one of eight instants; {@code spread}: every lookup its own minute in ±14 days. */
    private record Options(int clients, int duration, int warmup, int rounds, Path jar, long seed, String at) {
    }

    /** One timed round: latencies (ns) of every request answered within the round, and service CPU used. */
    private record Round(String endpoint, int number, double seconds, long[] latencies, long bytes, double serviceCpu,
                         double clientCpu) {
        double rate() {
            return latencies.length / seconds;
        }

        double percentileMs(double p) {
            return LookupBench.percentile(latencies, p) / 1e6;
        }

        double maxMs() {
            return latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6;
        }

        double cpuMicrosPerRequest() {
            return latencies.length == 0 ? 0 : serviceCpu * 1e6 / latencies.length;
        }
    }

    private static Process service;

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (!Files.isRegularFile(o.jar())) {
            throw new IllegalStateException(o.jar() + " not found; build with ./mvnw -B -pl ownership-service -am package -DskipTests -Pbench");
        }
        System.out.printf(Locale.ROOT, "lookup bench: %d clients, %d s rounds, %d rounds per endpoint, warm-up %d s per endpoint,"
                        + " at=%s; %d CPUs, load average %s%n", o.clients(), o.duration(), o.rounds(), o.warmup(), o.at(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        int exit;
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            int port = freePort();
            service = startService(o.jar(), pg.getJdbcUrl("postgres", "postgres"), port);
            try {
                awaitReady(port);
                exit = run(o, port);
            } finally {
                ServiceJar.stop(service);
            }
        }
        System.exit(exit);
    }

    private static int run(Options o, int port) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Instant now = Instant.now();
        BenchDocument doc = new BenchDocument(json, o.seed(), now);
        byte[] body = json.writeValueAsBytes(doc.document);
        try (Conn admin = new Conn(port)) {
            Conn.Response r = admin.send(request("PUT", "/v1/ownership", port, ADMIN, body), true);
            if (r.status() != 201) {
                System.out.println("PUT /v1/ownership answered " + r.status() + ": " + r.text());
                return 1;
            }
        }
        System.out.printf(Locale.ROOT, "document: %d teams, %d people, %d schedules (%d layers, %d overrides), %d policies, %d rules;"
                        + " %,d bytes of JSON%n", doc.document.get("teams").size(), doc.document.get("people").size(), doc.schedules,
                doc.layers, doc.overrides, doc.document.get("escalationPolicies").size(), doc.rules(), body.length);

        List<Target> targets = targets(doc, o.seed(), now, o.at());
        byte[][] lookups = targets.stream().map(t -> request("GET", t.path(), port, AGENT, null)).toArray(byte[][]::new);
        byte[][] baseline = {request("GET", BASELINE_PATH, port, AGENT, null)};
        String problem = verify(json, doc, targets, port);
        if (problem != null) {
            System.out.println("FAIL: " + problem);
            return 1;
        }
        try (Conn c = new Conn(port)) {
            Conn.Response r = c.send(baseline[0], true);
            if (r.status() != 200) {
                System.out.println("FAIL: " + BASELINE_PATH + " answered " + r.status() + " " + r.text());
                return 1;
            }
            System.out.printf(Locale.ROOT, "baseline: GET %s -> %s (%d bytes)%n", BASELINE_PATH, r.text(), r.body().length);
        }
        long lookupBytes = 0;
        try (Conn c = new Conn(port)) {
            for (int i = 0; i < 256; i++) {
                lookupBytes += c.send(lookups[i], true).body().length;
            }
        }
        Set<String> distinct = new LinkedHashSet<>();
        targets.forEach(t -> distinct.add(t.path()));
        System.out.printf(Locale.ROOT, "lookup:   GET /v1/lookup, %d requests (%d distinct; %d connectors, %d packs, %d at values, unknown"
                        + " and absent ones included); %,d bytes per answer on average%n", lookups.length, distinct.size(),
                targets.stream().map(Target::connector).distinct().count(), targets.stream().map(Target::pack).distinct().count(),
                targets.stream().map(Target::at).distinct().count(), lookupBytes / 256);

        AtomicReference<String> error = new AtomicReference<>();
        System.out.println();
        System.out.printf(Locale.ROOT, "warm-up: %d s baseline, %d s lookup ...%n", o.warmup(), o.warmup());
        for (int w = 0; w < 2; w++) {
            load("baseline", 0, baseline, o.clients(), Math.max(1, o.warmup() / 2), port, error);
            load("lookup", 0, lookups, o.clients(), Math.max(1, o.warmup() / 2), port, error);
        }
        if (error.get() != null) {
            System.out.println("FAIL during warm-up: " + error.get());
            return 1;
        }

        System.out.println();
        System.out.println("endpoint  round   requests        req/s   p50 ms   p99 ms   max ms   service CPU µs/req   client CPU s");
        List<Round> base = new ArrayList<>();
        List<Round> look = new ArrayList<>();
        for (int round = 1; round <= o.rounds(); round++) {
            Round b = load("baseline", round, baseline, o.clients(), o.duration(), port, error);
            print(b);
            base.add(b);
            Round l = load("lookup", round, lookups, o.clients(), o.duration(), port, error);
            print(l);
            look.add(l);
        }
        if (error.get() != null) {
            System.out.println("FAIL: " + error.get());
            return 1;
        }

        double baseRate = ServiceJar.median(base.stream().mapToDouble(Round::rate).toArray());
        double lookRate = ServiceJar.median(look.stream().mapToDouble(Round::rate).toArray());
        double baseP50 = ServiceJar.median(base.stream().mapToDouble(r -> r.percentileMs(0.50)).toArray());
        double lookP50 = ServiceJar.median(look.stream().mapToDouble(r -> r.percentileMs(0.50)).toArray());
        double baseP99 = ServiceJar.median(base.stream().mapToDouble(r -> r.percentileMs(0.99)).toArray());
        double lookP99 = ServiceJar.median(look.stream().mapToDouble(r -> r.percentileMs(0.99)).toArray());
        double baseCpu = ServiceJar.median(base.stream().mapToDouble(Round::cpuMicrosPerRequest).toArray());
        double lookCpu = ServiceJar.median(look.stream().mapToDouble(Round::cpuMicrosPerRequest).toArray());
        double ratio = lookRate / baseRate;
        System.out.println();
        System.out.printf(Locale.ROOT, "median    baseline  %,9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   service CPU %6.0f µs/req%n",
                baseRate, baseP50, baseP99, baseCpu);
        System.out.printf(Locale.ROOT, "median    lookup    %,9.0f req/s   p50 %6.2f ms   p99 %6.2f ms   service CPU %6.0f µs/req%n",
                lookRate, lookP50, lookP99, lookCpu);
        System.out.printf(Locale.ROOT, "ratio lookup/baseline: throughput %.0f %% (goal >= 50 %%), p99 %.2fx, p50 %.2fx,"
                        + " service CPU per request %.2fx%n", 100 * ratio, lookP99 / baseP99, lookP50 / baseP50, lookCpu / baseCpu);
        System.out.println(ratio >= 0.5 ? "PASS: lookup throughput is at least 50 % of the bare GET"
                : "MISS: lookup throughput is below 50 % of the bare GET");
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        return 0;
    }

    private static void print(Round r) {
        System.out.printf(Locale.ROOT, "%-8s  %5d  %9d  %11.0f  %7.2f  %7.2f  %7.1f  %19.0f  %13.1f%n", r.endpoint(), r.number(),
                r.latencies().length, r.rate(), r.percentileMs(0.50), r.percentileMs(0.99), r.maxMs(), r.cpuMicrosPerRequest(),
                r.clientCpu());
    }

    // ---- load ----------------------------------------------------------------------------------------------

    /**
     * {@code clients} virtual users, each on its own keep-alive connection, send {@code requests} (client i starts
     * at a different offset and walks the list) back to back for {@code seconds}; every answer must be a 200.
     */
    private static Round load(String endpoint, int number, byte[][] requests, int clients, int seconds, int port,
                              AtomicReference<String> error) throws Exception {
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] bytes = new long[clients];
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                long[] lat = new long[1 << 14];
                int n = 0;
                int next = (int) ((long) client * requests.length / clients);
                boolean counted = false;
                try (Conn conn = new Conn(port)) {
                    conn.send(requests[next], false); // connect and prime outside the window
                    ready.countDown();
                    counted = true;
                    go.await();
                    long end = window[1];
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        byte[] req = requests[next];
                        next = next + 1 == requests.length ? 0 : next + 1;
                        Conn.Response r = conn.send(req, false);
                        long done = System.nanoTime();
                        if (r.status() != 200) {
                            Conn.Response again = conn.send(req, true);
                            error.compareAndSet(null, endpoint + ": " + new String(req, StandardCharsets.UTF_8).lines().findFirst().orElse("")
                                    + " answered " + r.status() + " (again: " + again.status() + " " + again.text() + ")");
                            break;
                        }
                        if (done <= end) {
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = done - start;
                            bytes[client] += r.length();
                        }
                    }
                } catch (Exception e) {
                    error.compareAndSet(null, endpoint + ": " + e);
                    if (!counted) {
                        ready.countDown();
                    }
                }
                latencies[client] = lat;
                counts[client] = n;
            }, "vu-" + c);
            thread.start();
            threads.add(thread);
        }
        ready.await();
        double[] cpuBefore = cpu();
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.SECONDS.toNanos(seconds);
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        double[] cpuAfter = cpu();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Round(endpoint, number, seconds, all, Arrays.stream(bytes).sum(), cpuAfter[0] - cpuBefore[0],
                cpuAfter[1] - cpuBefore[1]);
    }

    // ---- requests ------------------------------------------------------------------------------------------

    private record Target(String connector, String pack, String at, String expectedRule) {
        String path() {
            StringBuilder b = new StringBuilder("/v1/lookup?");
            if (connector != null) {
                b.append("connector=").append(connector);
            }
            if (pack != null) {
                b.append(connector != null ? "&" : "").append("pack=").append(pack);
            }
            if (at != null) {
                b.append("&at=").append(at);
            }
            return b.toString();
        }
    }

    /**
     * {@value #TARGETS} lookups: 40 % connector+pack with a pack rule, 20 % connector with a connector rule,
     * 15 % known connector with an unknown pack, 5 % pack only, 10 % unknown connector, 10 % unknown connector and
     * pack ({@code "*"}). {@code at}: {@code mixed} 40 % "now" (no {@code at}), the rest one of eight instants from
     * 3 days back to 8 days ahead (alerts and agents ask about now, or a few moments); {@code spread} every lookup
     * at its own minute within 14 days either side of now (the worst case for the service's remembered shifts).
     */
    private static List<Target> targets(BenchDocument doc, long seed, Instant now, String atMode) {
        Random r = new Random(seed * 31 + 7);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        String[] ats = {hour.plus(1, ChronoUnit.HOURS).plusSeconds(17 * 60).toString(), hour.plus(5, ChronoUnit.HOURS).toString(),
                hour.plus(1, ChronoUnit.DAYS).toString(), hour.plus(61, ChronoUnit.HOURS).toString(),
                hour.plus(4, ChronoUnit.DAYS).plusSeconds(23 * 60).toString(), hour.minus(3, ChronoUnit.DAYS).toString(),
                hour.plus(8, ChronoUnit.DAYS).plus(11, ChronoUnit.HOURS).toString(), hour.minus(13, ChronoUnit.HOURS).toString()};
        List<Target> out = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            int kind = r.nextInt(100);
            String connector;
            String pack;
            if (kind < 40) {
                String[] pr = doc.packRules.get(r.nextInt(doc.packRules.size()));
                connector = pr[0];
                pack = pr[1];
            } else if (kind < 60) {
                connector = doc.connectorRules.get(r.nextInt(doc.connectorRules.size()));
                pack = null;
            } else if (kind < 75) {
                connector = doc.connectorRules.get(r.nextInt(doc.connectorRules.size()));
                pack = connector + "-unknown-" + r.nextInt(20);
            } else if (kind < 80) {
                pack = r.nextBoolean() ? doc.packOnlyRules.get(r.nextInt(doc.packOnlyRules.size()))
                        : doc.packRules.get(r.nextInt(doc.packRules.size()))[1];
                connector = null;
            } else if (kind < 90) {
                connector = "unlisted-" + r.nextInt(50);
                pack = null;
            } else {
                connector = "unlisted-" + r.nextInt(50);
                pack = "unlisted-pack-" + r.nextInt(50);
            }
            String at = switch (atMode) {
                case "mixed" -> r.nextInt(10) < 4 ? null : ats[r.nextInt(ats.length)];
                case "spread" -> hour.plus(r.nextInt(28 * 24 * 60) - 14 * 24 * 60, ChronoUnit.MINUTES).toString();
                default -> throw new IllegalArgumentException("--at must be mixed or spread");
            };
            out.add(new Target(connector, pack, at, doc.expectedRule(connector, pack)));
        }
        return out;
    }

    /** The first 512 lookups answered one by one: 200, the expected rule, a team, a chain that pages somebody. */
    private static String verify(ObjectMapper json, BenchDocument doc, List<Target> targets, int port) throws IOException {
        int fallbacks = 0;
        try (Conn c = new Conn(port)) {
            for (Target t : targets.subList(0, 512)) {
                Conn.Response r = c.send(request("GET", t.path(), port, AGENT, null), true);
                if (r.status() != 200) {
                    return t.path() + " answered " + r.status() + " " + r.text();
                }
                JsonNode answer = json.readTree(r.body());
                String rule = answer.path("rule").path("id").asText();
                if (!rule.equals(t.expectedRule())) {
                    return t.path() + " matched rule " + rule + ", expected " + t.expectedRule();
                }
                if (answer.path("team").path("id").asText().isEmpty() || !answer.path("escalation").path("levels").isArray()
                        || answer.path("escalation").path("levels").isEmpty()) {
                    return t.path() + ": no team or no escalation levels: " + r.text();
                }
                if (!answer.path("escalation").path("fallbackFrom").isMissingNode()) {
                    fallbacks++;
                }
                if (answer.path("team").path("routes").path("pagerduty").isTextual()
                        && !"<redacted>".equals(answer.path("team").path("routes").path("pagerduty").asText())) {
                    return t.path() + ": an agent saw a routing key: " + r.text();
                }
            }
        }
        System.out.printf(Locale.ROOT, "checked:  512 lookup answers (rule, team, chain, redaction); %d fell back to the \"*\" policy%n",
                fallbacks);
        return null;
    }

    private static byte[] request(String method, String path, int port, String token, byte[] body) {
        StringBuilder b = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Accept: application/json\r\n");
        if (body != null) {
            b.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
        if (body == null) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * A minimal HTTP/1.1 client on one keep-alive socket: writes a prepared request, reads the status line,
     * headers and a {@code Content-Length} or chunked body. Reconnects when the server closes.
     */
    static final class Conn implements Closeable {
        record Response(int status, int length, byte[] body) {
            String text() {
                return body == null ? "" : new String(body, StandardCharsets.UTF_8);
            }
        }

        private final int port;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] skip = new byte[16 * 1024];
        private final StringBuilder line = new StringBuilder(128);

        Conn(int port) throws IOException {
            this.port = port;
            connect();
        }

        private void connect() throws IOException {
            close();
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        Response send(byte[] request, boolean keepBody) throws IOException {
            out.write(request);
            out.flush();
            String status = readLine();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                String name = h.substring(0, colon).trim();
                String value = h.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream() : null;
            int total = 0;
            if (chunked) {
                for (int size = Integer.parseInt(readLine().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(readLine().split(";")[0].trim(), 16)) {
                    total += read(size, body);
                    readLine();
                }
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // ignore trailers
                }
            } else if (length >= 0) {
                total = read(length, body);
            }
            if (close) {
                connect();
            }
            return new Response(code, total, body == null ? null : body.toByteArray());
        }

        private int read(long length, ByteArrayOutputStream body) throws IOException {
            long left = length;
            while (left > 0) {
                int n = in.read(skip, 0, (int) Math.min(skip.length, left));
                if (n < 0) {
                    throw new EOFException("connection closed in a body");
                }
                if (body != null) {
                    body.write(skip, 0, n);
                }
                left -= n;
            }
            return (int) length;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
        }
    }

    // ---- process ---------------------------------------------------------------------------------------------

    private static Process startService(Path jar, String jdbc, int port) throws IOException {
        File log = jar.getParent().getParent().resolve("lookup-bench-service.log").toFile();
        ProcessBuilder pb = ServiceJar.process(jar, jdbc, port, log);
        pb.environment().put("PACKOPS_TOKEN_AGENT", AGENT);
        pb.environment().put("PACKOPS_TOKEN_ADMIN", ADMIN);
        pb.environment().put("PACKOPS_BENCH_BASELINE", "true");
        pb.environment().put("OWNERSHIP_RUNBOOK_BASE_URL", "https://git.example.com/packops/blob/main/");
        pb.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        System.out.println("service: " + jar + " on port " + port + " (log: " + log + ")");
        return pb.start();
    }

    private static void awaitReady(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        byte[] ready = ("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see lookup-bench-service.log");
            }
            try (Conn c = new Conn(port)) {
                if (c.send(ready, false).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready in 90 s");
    }

    /** CPU seconds used so far by the service and by this JVM (the client). */
    private static double[] cpu() {
        double s = service.toHandle().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        double c = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
        return new double[] {s, c};
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
    }

    private static Options parse(String[] args) {
        int clients = 16;
        int duration = 10;
        int warmup = 20;
        int rounds = 3;
        long seed = 42;
        String at = "mixed";
        Path jar = Path.of("ownership-service/target/bench/quarkus-app/quarkus-run.jar");
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(value);
                case "--duration" -> duration = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--jar" -> jar = Path.of(value);
                case "--at" -> at = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--clients N --duration SECONDS --warmup SECONDS --rounds N --at mixed|spread --seed N --jar PATH)");
            }
            i++;
        }
        if (!at.equals("mixed") && !at.equals("spread")) {
            throw new IllegalArgumentException("--at must be mixed or spread");
        }
        return new Options(clients, duration, warmup, rounds, jar, seed, at);
    }
}
