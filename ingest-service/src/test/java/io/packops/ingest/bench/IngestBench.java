package io.packops.ingest.bench;

import io.packops.testsupport.bench.ServiceJar;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Ingest throughput over HTTP vs raw COPY into the same {@code events} table on the same PostgreSQL.
 *
 * <p>Starts an embedded PostgreSQL (zonky, real binaries) and the packaged service
 * ({@code target/quarkus-app/quarkus-run.jar}) pointed at it, posts N events in batches from T client
 * threads (Java HttpClient, bodies serialised before the clock starts), then exports exactly the rows
 * the service stored, truncates the table and COPYs them back in one stream. Each measurement runs
 * {@code --rounds} times on an empty table; the medians and their ratio are printed.
 *
 * <p>Run with {@code ingest-service/bench/run-ingest-bench.sh}; not part of any test run.
 */
public final class IngestBench {

    private static final String TOKEN = "bench-ingest-token-0123456789abcdef0123456789";
    private static Process SERVICE;
    private static ProcessHandle POSTMASTER;
    private static final String[] CONNECTORS = {"stripe", "salesforce", "hubspot", "shopify", "zendesk"};
    private static final String[] WAREHOUSES = {"snowflake", "bigquery", "redshift", "databricks", "postgres"};
    private static final String[] VERSIONS = {"1.3.2", "1.4.0", "1.4.1", "2.0.0-rc.1"};
    private static final String[] MESSAGES = {
            "SQL compilation error:\nerror line %d at position %d\ninvalid identifier 'AMOUNT'",
            "Object 'ANALYTICS.STRIPE.BALANCE_TRANSACTION' does not exist or not authorized. (query %d, %d ms)",
            "Failed to connect to jdbc:postgresql://loader:S3cret-%d@db.example.com:5432/dw (attempt %d)",
            "Numeric value 'abc' is not recognized at line %d position %d",
    };

    private record Options(int events, int batch, int threads, int rounds, int warmup, Path jar, String synchronousCommit,
                           String fsync) {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        System.out.printf(Locale.ROOT, "ingest bench: %,d events, batches of %,d, %d client threads, %d rounds, warm-up %,d events%n",
                o.events(), o.batch(), o.threads(), o.rounds(), o.warmup());
        if (!Files.isRegularFile(o.jar())) {
            throw new IllegalStateException(o.jar() + " not found; build with ./mvnw -B -pl ingest-service -am package -DskipTests");
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", o.synchronousCommit())
                .setServerConfig("fsync", o.fsync())
                .setServerConfig("max_wal_size", "2GB")
                .start()) {
            String jdbc = pg.getJdbcUrl("postgres", "postgres");
            Process service = startService(o.jar(), jdbc);
            try {
                int port = awaitReady(service);
                run(o, jdbc, port);
            } finally {
                ServiceJar.stop(service);
            }
        }
    }

    private static void run(Options o, String jdbc, int port) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc + "&currentSchema=ingest")) {
            // the postmaster is the parent of this connection's backend (other PostgreSQL servers on the machine do not count)
            POSTMASTER = ProcessHandle.of(Long.parseLong(scalar(db, "select pg_backend_pid()"))).flatMap(ProcessHandle::parent).orElse(null);
            System.out.println("postgres: " + scalar(db, "select version()").split(",")[0]
                    + ", synchronous_commit=" + scalar(db, "show synchronous_commit")
                    + ", fsync=" + scalar(db, "show fsync") + ", shared_buffers=" + scalar(db, "show shared_buffers"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create("http://localhost:" + port + "/v1/events");

            List<byte[]> warm = batches("warm", o.warmup(), o.batch(), 7);
            post(http, uri, warm, o.threads(), null);
            List<byte[]> batches = batches("bench", o.events(), o.batch(), 42);
            long bytes = batches.stream().mapToLong(b -> b.length).sum();
            System.out.printf(Locale.ROOT, "payload: %,d bytes of JSON (%,d bytes per event)%n", bytes, bytes / o.events());

            double[] httpRates = new double[o.rounds()];
            double[] copyRates = new double[o.rounds()];
            long[] latencies = new long[batches.size()];
            for (int round = 0; round < o.rounds(); round++) {
                truncate(db);
                double[] cpuBefore = cpu();
                long start = System.nanoTime();
                post(http, uri, batches, o.threads(), latencies);
                double seconds = (System.nanoTime() - start) / 1e9;
                double[] cpuAfter = cpu();
                long stored = Long.parseLong(scalar(db, "select count(*) from events"));
                if (stored != o.events()) {
                    throw new IllegalStateException("expected " + o.events() + " stored events, found " + stored);
                }
                httpRates[round] = o.events() / seconds;
                long[] sorted = latencies.clone();
                Arrays.sort(sorted);
                System.out.printf(Locale.ROOT, "round %d  HTTP  %,9.0f events/s  (%.2f s; batch latency p50 %d ms, p99 %d ms;"
                                + " CPU s: service %.1f, postgres %.1f, client %.1f)%n",
                        round + 1, httpRates[round], seconds, sorted[sorted.length / 2] / 1_000_000,
                        sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1_000_000,
                        cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1], cpuAfter[2] - cpuBefore[2]);

                // exactly the rows the service stored, back in by COPY on an empty table
                byte[] rows = exportRows(db);
                truncate(db);
                cpuBefore = cpu();
                start = System.nanoTime();
                long copied = ((PGConnection) db.unwrap(PGConnection.class)).getCopyAPI()
                        .copyIn("copy events from stdin (format csv)", new ByteArrayInputStream(rows));
                seconds = (System.nanoTime() - start) / 1e9;
                cpuAfter = cpu();
                if (copied != o.events()) {
                    throw new IllegalStateException("COPY loaded " + copied + " rows");
                }
                copyRates[round] = o.events() / seconds;
                System.out.printf(Locale.ROOT, "round %d  COPY  %,9.0f rows/s    (%.2f s; CPU s: postgres %.1f, client %.1f)%n",
                        round + 1, copyRates[round], seconds, cpuAfter[1] - cpuBefore[1], cpuAfter[2] - cpuBefore[2]);
            }
            double httpMedian = ServiceJar.median(httpRates);
            double copyMedian = ServiceJar.median(copyRates);
            System.out.println();
            System.out.printf(Locale.ROOT, "HTTP ingest (median): %,9.0f events/s%n", httpMedian);
            System.out.printf(Locale.ROOT, "raw COPY    (median): %,9.0f rows/s%n", copyMedian);
            System.out.printf(Locale.ROOT, "ratio HTTP / COPY:    %.0f %% (goal >= 50 %%); best round vs best round: %.0f %%%n",
                    100 * httpMedian / copyMedian, 100 * max(httpRates) / max(copyRates));
        }
    }

    /** N events in batches, as JSON arrays; a realistic mix of installs, failures and renders. */
    static List<byte[]> batches(String prefix, int events, int batchSize, long seed) {
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<byte[]> batches = new ArrayList<>();
        StringBuilder b = new StringBuilder(batchSize * 420);
        for (int i = 0; i < events; i++) {
            if (i % batchSize == 0) {
                b.setLength(0);
                b.append('[');
            } else {
                b.append(',');
            }
            int kind = random.nextInt(10);
            String connector = CONNECTORS[random.nextInt(CONNECTORS.length)];
            b.append("{\"eventId\":\"").append(prefix).append('-').append(seed).append('-').append(i).append('"')
                    .append(",\"type\":\"").append(kind < 8 ? "install" : "render").append('"')
                    .append(",\"occurredAt\":\"").append(now.minusMillis(random.nextInt(36 * 3_600_000))).append('"')
                    .append(",\"accountId\":\"acct_").append(random.nextInt(5_000)).append('"')
                    .append(",\"connector\":\"").append(connector).append('"')
                    .append(",\"pack\":\"").append(connector).append("-revenue\"")
                    .append(",\"packVersion\":\"").append(VERSIONS[random.nextInt(VERSIONS.length)]).append('"')
                    .append(",\"warehouse\":\"").append(WAREHOUSES[random.nextInt(WAREHOUSES.length)]).append('"');
            if (kind < 8) {
                b.append(",\"stage\":\"").append(kind == 7 ? "compile" : "run").append('"');
            } else {
                b.append(",\"dashboard\":\"revenue\",\"tile\":\"gross_volume\"");
            }
            if (kind == 7 || kind == 9) {
                String message = String.format(Locale.ROOT, MESSAGES[random.nextInt(MESSAGES.length)], 1 + random.nextInt(40),
                        random.nextInt(100_000));
                b.append(",\"outcome\":\"failed\",\"errorCode\":\"SQL_COMPILATION\",\"errorMessage\":\"")
                        .append(message.replace("\n", "\\n")).append('"');
            } else {
                b.append(",\"outcome\":\"succeeded\"");
            }
            b.append(",\"durationMs\":").append(random.nextInt(60_000)).append('}');
            if (i % batchSize == batchSize - 1 || i == events - 1) {
                b.append(']');
                batches.add(b.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return batches;
    }

    /** Posts every batch once from {@code threads} threads; each answer must accept the whole batch. */
    private static void post(HttpClient http, URI uri, List<byte[]> batches, int threads, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < batches.size(); i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + TOKEN)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(batches.get(i))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 202 || r.body().contains("\"rejected\":[{")) {
                            throw new IllegalStateException("batch " + i + ": " + r.statusCode() + " " + r.body());
                        }
                        if (latencies != null) {
                            latencies[i] = System.nanoTime() - start;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU seconds used so far by the service, by the embedded PostgreSQL (postmaster and children), and by this JVM (the client). */
    private static double[] cpu() {
        double service = SERVICE == null ? 0 : seconds(SERVICE.toHandle().info().totalCpuDuration().orElse(Duration.ZERO));
        double postgres = POSTMASTER == null ? 0 : Stream.concat(Stream.of(POSTMASTER), POSTMASTER.descendants())
                .mapToDouble(p -> seconds(p.info().totalCpuDuration().orElse(Duration.ZERO))).sum();
        double client = seconds(ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new double[] {service, postgres, client};
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static byte[] exportRows(Connection db) throws SQLException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        CopyManager copy = ((PGConnection) db.unwrap(PGConnection.class)).getCopyAPI();
        copy.copyOut("copy (select * from events) to stdout (format csv)", out);
        return out.toByteArray();
    }

    private static void truncate(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("truncate events, event_keys");
            s.execute("checkpoint");
        }
    }

    private static Process startService(Path jar, String jdbc) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        File log = jar.getParent().getParent().resolve("bench-service.log").toFile();
        ProcessBuilder pb = ServiceJar.process(jar, jdbc, port, log);
        pb.environment().put("PACKOPS_TOKEN_INGEST", TOKEN);
        System.out.println("service: " + jar + " on port " + port + " (log: " + log + ")");
        Process p = pb.start();
        System.setProperty("bench.port", String.valueOf(port));
        SERVICE = p;
        return p;
    }

    private static int awaitReady(Process service) throws Exception {
        int port = Integer.parseInt(System.getProperty("bench.port"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited with " + service.exitValue() + "; see bench-service.log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return port;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready in 90 s");
    }

    private static String scalar(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static Options parse(String[] args) {
        int events = 200_000;
        int batch = 1_000;
        int threads = 4;
        int rounds = 5;
        int warmup = 200_000;
        Path jar = Path.of("ingest-service/target/quarkus-app/quarkus-run.jar");
        // PostgreSQL's defaults (zonky turns both off): every 202 is a durable commit
        String synchronousCommit = "on";
        String fsync = "on";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--jar" -> jar = Path.of(value);
                case "--synchronous-commit" -> synchronousCommit = value;
                case "--fsync" -> fsync = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--events N --batch N --threads N --rounds N --warmup N --jar PATH --synchronous-commit on|off --fsync on|off)");
            }
            i++;
        }
        return new Options(events, batch, threads, rounds, warmup, jar, synchronousCommit, fsync);
    }
}
