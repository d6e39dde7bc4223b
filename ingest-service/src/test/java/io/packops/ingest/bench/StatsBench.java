package io.packops.ingest.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.postgresql.PGConnection;

/**
 * Stats benchmark (not a test; run by {@code ingest-service/bench/stats-bench.sh}): an embedded
 * PostgreSQL 17, the packaged service on top of it, {@code EVENTS} generated events spread over 30 days,
 * then every stats query (and the account list and view) through HTTP, timed, next to the same question asked
 * naively of the raw table.
 * Ends with the ingest cost of the stats triggers (COPY and batched INSERT with and without them).
 */
public final class StatsBench {

    private static final String TOKEN = "bench-operator-token-0123456789abcdef0123456789";

    private record Query(String name, String path, String baselineSql) {
    }

    public static void main(String[] args) throws Exception {
        long events = Long.parseLong(env("EVENTS", "10000000"));
        int repeat = Integer.parseInt(env("REPEAT", "200"));
        int warmup = Integer.parseInt(env("WARMUP", "20"));
        int baselineRuns = Integer.parseInt(env("BASELINE_RUNS", "3"));
        Path jar = Path.of(env("SERVICE_JAR", "ingest-service/target/quarkus-app/quarkus-run.jar"));
        // REUSE=1 (with a data directory kept by KEEP=1): skip the load, time the queries again
        boolean reuse = "1".equals(System.getenv("REUSE"));
        String only = env("QUERIES", "");
        Path dataDir = Path.of(env("DATA_DIR", "ingest-service/target/stats-bench-pg")).toAbsolutePath();

        if (!reuse && Files.exists(dataDir)) {
            deleteTree(dataDir);
        }
        // never "clean": the embedded server would delete its data directory on close, whatever KEEP says
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setServerConfig("shared_buffers", "1GB")
                .setServerConfig("work_mem", "32MB")
                .setServerConfig("maintenance_work_mem", "512MB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "30min")
                // where the refresh spends its time: rollups, or the per-account folds (printed after the catch-up)
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        String jdbc = pg.getJdbcUrl("postgres", "postgres");
        int port = freePort();
        Process service = null;
        try {
            System.out.printf("PostgreSQL %s at %s (data in %s)%n", scalar(jdbc, "show server_version"), jdbc, dataDir);
            ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(new File("ingest-service/target/stats-bench-service.log"));
            pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL", jdbc.replace("?user=postgres", ""));
            pb.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            pb.environment().put("PORT", String.valueOf(port));
            pb.environment().put("PACKOPS_TOKEN_OPERATOR", TOKEN);
            service = pb.start();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://localhost:" + port;
            waitReady(http, base, service);
            System.out.println("service up on " + base);

            String url = jdbc + "&currentSchema=ingest&reWriteBatchedInserts=true";
            if (!reuse) {
                load(url, events);
                loadSchemas(url);
            }
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("create extension if not exists pg_stat_statements schema public");
                s.execute("select public.pg_stat_statements_reset()");
            }
            waitForRollups(url);
            refreshTime(url);
            diskUse(url, dataDir);

            List<Query> queries = queries();
            System.out.printf("%n%-44s %9s %9s %9s %12s %9s%n", "query (HTTP, sequential)", "p50 ms", "p99 ms", "max ms",
                    "naive p50 ms", "speed-up");
            for (Query q : queries) {
                if (!only.isEmpty() && !q.name().matches(only)) {
                    continue;
                }
                double[] t = http(http, base + q.path(), warmup, repeat);
                double naive = q.baselineSql() == null || baselineRuns == 0 ? Double.NaN : baseline(url, q.baselineSql(), baselineRuns);
                System.out.printf(Locale.ROOT, "%-44s %9.1f %9.1f %9.1f %12.1f %8.0fx%n", q.name(), pct(t, 50), pct(t, 99),
                        t[t.length - 1], naive, naive / pct(t, 50));
            }
            if (!reuse && !"1".equals(System.getenv("NO_INGEST"))) {
                ingestCost(url);
            }
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            pg.close();
            if (!"1".equals(System.getenv("KEEP"))) {
                deleteTree(dataDir);
                System.out.println("\nremoved " + dataDir);
            }
        }
    }

    private static List<Query> queries() {
        String naiveInstalls = """
                select connector, pack, pack_version%s, count(*), count(*) filter (where outcome = 'succeeded'),
                       count(*) filter (where outcome = 'failed'), count(distinct account_id)
                  from events where type = '%s' and occurred_at >= now() - interval '%s' and occurred_at < now()
                 group by 1, 2, 3%s
                """;
        String naiveFailures = """
                select failure_fingerprint, count(*), count(distinct account_id), min(stage), min(error_code),
                       min(occurred_at), max(occurred_at), (array_agg(error_message order by occurred_at desc))[1],
                       array_agg(distinct connector), array_agg(distinct pack), array_agg(distinct pack_version)
                  from events where outcome = 'failed' and type = 'install'
                   and occurred_at >= now() - interval '%s' and occurred_at < now()
                 group by 1 order by 2 desc limit 100
                """;
        List<Query> q = new ArrayList<>();
        String[][] windows = {{"15m", "15 minutes"}, {"1h", "1 hour"}, {"6h", "6 hours"}, {"24h", "24 hours"},
                {"7d", "7 days"}, {"30d", "30 days"}};
        for (String[] w : windows) {
            q.add(new Query("installs " + w[0] + " by connector,pack,version",
                    "/v1/stats/installs?window=" + w[0] + "&groupBy=connector,pack,version",
                    naiveInstalls.formatted("", "install", w[1], "")));
        }
        for (String[] w : new String[][] {{"24h", "24 hours"}, {"7d", "7 days"}, {"30d", "30 days"}}) {
            q.add(new Query("installs " + w[0] + " by connector,pack,version,wh",
                    "/v1/stats/installs?window=" + w[0] + "&groupBy=connector,pack,version,warehouse",
                    naiveInstalls.formatted(", warehouse", "install", w[1], ", 4")));
        }
        q.add(new Query("installs 7d pack=stripe-pack-3 by version",
                "/v1/stats/installs?window=7d&pack=stripe-pack-3&groupBy=version",
                naiveInstalls.formatted("", "install", "7 days", "").replace("where type", "where pack = 'stripe-pack-3' and type")));
        for (String[] w : new String[][] {{"24h", "24 hours"}, {"7d", "7 days"}}) {
            q.add(new Query("render " + w[0] + " by pack,dashboard,tile",
                    "/v1/stats/installs?window=" + w[0] + "&type=render&groupBy=pack,dashboard,tile",
                    """
                    select pack, dashboard, tile, count(*), count(*) filter (where outcome = 'failed'), count(distinct account_id)
                      from events where type = 'render' and occurred_at >= now() - interval '%s' and occurred_at < now()
                     group by 1, 2, 3
                    """.formatted(w[1])));
        }
        for (String[] w : new String[][] {{"1h", "1 hour"}, {"24h", "24 hours"}, {"7d", "7 days"}, {"30d", "30 days"}}) {
            q.add(new Query("failures " + w[0], "/v1/stats/failures?window=" + w[0], naiveFailures.formatted(w[1])));
        }
        // accounts: the folded per-account tables, next to the same question asked of the raw events
        String naiveLatest = """
                select * from (select distinct on (account_id, pack) account_id, connector, pack, pack_version, outcome
                                 from events where type = 'install' and occurred_at >= now() - interval '%s'%s
                                order by account_id, pack, occurred_at desc) l
                 where true%s order by account_id, connector limit 51
                """;
        q.add(new Query("accounts (first page)", "/v1/accounts", naiveLatest.formatted("30 days", "", "")));
        q.add(new Query("accounts page from acct_5000", "/v1/accounts?cursor=" + java.util.Base64.getUrlEncoder()
                .withoutPadding().encodeToString("accounts:acct_5000 stripe".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                naiveLatest.formatted("30 days", " and account_id > 'acct_5000'", "")));
        q.add(new Query("accounts connector=stripe warehouse=snowflake", "/v1/accounts?connector=stripe&warehouse=snowflake",
                naiveLatest.formatted("30 days", " and connector = 'stripe' and warehouse = 'snowflake'", "")));
        q.add(new Query("accounts outcome=failed 24h", "/v1/accounts?outcome=failed",
                naiveLatest.formatted("24 hours", "", " and outcome = 'failed'")));
        q.add(new Query("accounts pack=stripe-pack-3 outcome=failed 7d", "/v1/accounts?pack=stripe-pack-3&outcome=failed&window=7d",
                naiveLatest.formatted("7 days", " and pack = 'stripe-pack-3'", " and outcome = 'failed'")));
        q.add(new Query("accounts version=1.0.0 outcome=failed 1h", "/v1/accounts?version=1.0.0&outcome=failed&window=1h",
                naiveLatest.formatted("1 hour", "", " and pack_version = '1.0.0' and outcome = 'failed'")));
        q.add(new Query("accounts limit=500", "/v1/accounts?limit=500", null));
        String naiveRecent = """
                select * from events where account_id = '%s' and occurred_at >= now() - interval '30 days'
                 order by occurred_at desc limit 20
                """;
        q.add(new Query("account acct_7 (busy)", "/v1/accounts/acct_7", naiveRecent.formatted("acct_7")));
        q.add(new Query("account acct_19990 (quiet)", "/v1/accounts/acct_19990", naiveRecent.formatted("acct_19990")));
        q.add(new Query("freshness", "/v1/stats/freshness", """
                select connector, max(occurred_at), max(received_at),
                       count(*) filter (where occurred_at >= now() - interval '24 hours' and occurred_at < now())
                  from events group by connector
                """));
        return q;
    }

    // ---- data ----------------------------------------------------------------------------------------------

    /**
     * 5 connectors with 6 packs each, 2 to 5 versions per pack released over the month (newer versions
     * take over, a quarter of installs stay one version behind), 20,000 accounts (skewed), each on one
     * warehouse of 5, 70 % installs and 30 % renders (3 dashboards of 5 tiles per pack), about 5 %
     * failures in ~200 fingerprints, one bad release (stripe-pack-3's newest version fails 30 %).
     * Rows go in time order, as they arrive in production.
     */
    private static final String GENERATE = """
            insert into events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                                warehouse, outcome, stage, dashboard, tile, error_code, error_message, failure_fingerprint, duration_ms)
            select md5(i::text),
                   case when r_type < 0.7 then 'install' else 'render' end,
                   t,
                   least(now(), t + r_recv * interval '5 seconds' + case when r_late < 0.002 then interval '3 hours' else interval '0' end),
                   'acct_' || a,
                   (array['stripe','salesforce','hubspot','shopify','zendesk'])[p / 6 + 1],
                   (array['stripe','salesforce','hubspot','shopify','zendesk'])[p / 6 + 1] || '-pack-' || p,
                   '1.' || v || '.0',
                   (array['snowflake','bigquery','redshift','databricks','postgres'])[(a * 7919) %% 5 + 1],
                   case when failed then 'failed' else 'succeeded' end,
                   case when r_type >= 0.7 then null when failed then (array['resolve','compile','run'])[fp %% 3 + 1] else 'run' end,
                   case when r_type >= 0.7 then 'dash_' || d end,
                   case when r_type >= 0.7 then 'tile_' || (d * 5 + floor(r_tile * 5)::int) end,
                   case when failed then (array['SQL_COMPILATION','PERMISSION_DENIED','TIMEOUT','MISSING_RELATION','MISSING_COLUMN','TYPE_MISMATCH'])[fp %% 6 + 1] end,
                   case when failed then 'error ' || fp || ': invalid identifier ''COL_' || fp || ''' at line ' || (a %% 40) end,
                   case when failed then md5('fp' || fp) end,
                   (100 + r_dur * 9900)::int
            from (
              select i, t, a, p, r_type, r_recv, r_late, r_tile, r_dur, floor(r_dash * 3)::int as d,
                     greatest(0, least(nv - 1, floor(extract(epoch from (t - (now() - interval '30 days'))) / (30 * 86400.0 / nv))::int)
                                 - case when r_old < 0.25 then 1 else 0 end) as v,
                     (r_fail < case when p = 3 and t > now() - interval '7 days' then 0.30 else 0.045 end) as failed,
                     (p * 7 + floor(r_fp * 7)::int) %% 200 as fp
              from (
                select i,
                       now() - interval '30 days' + interval '1 hour'
                             + ((i - 1 + random()) / %d.0) * (interval '30 days' - interval '1 hour') as t,
                       floor(power(random(), 1.3) * 20000)::int as a,
                       random() as r_k, random() as r_type, random() as r_recv, random() as r_late, random() as r_tile,
                       random() as r_dash, random() as r_dur, random() as r_old, random() as r_fail, random() as r_fp
                from generate_series(%d, %d) i offset 0
              ) s0, lateral (select ((a * 7 + floor(r_k * 3)::int * 11) %% 30) as p) lp,
                    lateral (select 2 + (lp.p %% 4) as nv) lnv
              offset 0
            ) s
            """;

    private static void load(String url, long events) throws SQLException {
        long chunk = 1_000_000;
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("select setseed(0.42)");
            for (long lo = 1; lo <= events; lo += chunk) {
                long hi = Math.min(events, lo + chunk - 1);
                s.execute(GENERATE.formatted(events, lo, hi));
                System.out.printf("loaded %,d events (%.0f s)%n", hi, (System.nanoTime() - started) / 1e9);
            }
            s.execute("vacuum analyze events");
        }
        System.out.printf("load + vacuum analyze: %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * A current schema for every account, on the connector and warehouse of its main pack (100 distinct
     * fingerprints), so the account list reads both of its sources.
     */
    private static void loadSchemas(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("""
                    insert into schema_bodies (fingerprint, relation_count, column_count, body, first_seen_at)
                    select 'sha256:' || encode(sha256(('bench' || f)::bytea), 'hex'), 1, 1, '[]', now() - interval '30 days'
                      from generate_series(0, 99) f""");
            s.execute("""
                    insert into schema_snapshots (id, account_id, connector, warehouse, captured_at, received_at, fingerprint)
                    select md5('snap' || a)::uuid, 'acct_' || a,
                           (array['stripe','salesforce','hubspot','shopify','zendesk'])[((a * 7) % 30) / 6 + 1],
                           (array['snowflake','bigquery','redshift','databricks','postgres'])[(a * 7919) % 5 + 1],
                           now() - interval '1 day', now() - interval '1 day',
                           'sha256:' || encode(sha256(('bench' || (a % 100))::bytea), 'hex')
                      from generate_series(0, 19999) a""");
            s.execute("""
                    insert into current_schemas (account_id, connector, warehouse, fingerprint, snapshot_id, captured_at, received_at)
                    select account_id, connector, warehouse, fingerprint, id, captured_at, received_at from schema_snapshots""");
            s.execute("analyze schema_bodies, schema_snapshots, current_schemas");
        }
    }

    /** The service's refresh job folds the backlog of dirty hours (here: the whole month) in the background. */
    private static void waitForRollups(String url) throws Exception {
        long started = System.nanoTime();
        while (true) {
            long pending = Long.parseLong(scalar(url, "select count(distinct hour) from stats_changes"));
            if (pending == 0) {
                break;
            }
            if (System.nanoTime() - started > Duration.ofMinutes(30).toNanos()) {
                throw new IllegalStateException("rollups not caught up after 30 minutes: " + pending + " hours dirty");
            }
            Thread.sleep(2000);
        }
        System.out.printf("rollups caught up %.0f s after the load (%s hourly+daily rows, %s failure rows;"
                        + " %s account_installs rows, %s account_events rows)%n",
                (System.nanoTime() - started) / 1e9, scalar(url, "select count(*) from stats_rollup"),
                scalar(url, "select count(*) from stats_failure_rollup"), scalar(url, "select count(*) from account_installs"),
                scalar(url, "select count(*) from account_events"));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("vacuum analyze stats_rollup, stats_failure_rollup, stats_changes, account_installs, account_events");
        }
    }

    /** The database time of the statements run since the load, split into per-account folds and the rest. */
    private static void refreshTime(String url) throws SQLException {
        String sql = """
                select case when query ~* '^\\s*(insert into|delete from) account_' then 'per-account folds'
                            else 'rollups and the rest' end, sum(calls), sum(total_exec_time) / 1000
                  from public.pg_stat_statements group by 1 order by 1
                """;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                System.out.printf(Locale.ROOT, "  database time since the load, %-22s %,10d statements %8.1f s%n",
                        rs.getString(1) + ":", rs.getLong(2), rs.getDouble(3));
            }
        }
    }

    private static void diskUse(String url, Path dataDir) throws Exception {
        System.out.printf("disk: database %s (events %s, their indexes %s, rollups %s, account tables %s), data directory %s%n",
                scalar(url, "select pg_size_pretty(pg_database_size(current_database()))"),
                scalar(url, """
                        select pg_size_pretty(sum(pg_relation_size(inhrelid))) from pg_inherits where inhparent = 'events'::regclass"""),
                scalar(url, """
                        select pg_size_pretty(sum(pg_indexes_size(inhrelid))) from pg_inherits where inhparent = 'events'::regclass"""),
                scalar(url, "select pg_size_pretty(pg_total_relation_size('stats_rollup') + pg_total_relation_size('stats_failure_rollup'))"),
                scalar(url, "select pg_size_pretty(pg_total_relation_size('account_installs') + pg_total_relation_size('account_events'))"),
                humanSize(dataDir));
    }

    // ---- measuring -----------------------------------------------------------------------------------------

    private static double[] http(HttpClient http, String url, int warmup, int repeat) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(60)).GET().build();
        double[] times = new double[repeat];
        for (int i = 0; i < warmup + repeat; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            long t = System.nanoTime() - t0;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " -> " + r.statusCode() + " " + r.body());
            }
            if (i >= warmup) {
                times[i - warmup] = t / 1e6;
            }
        }
        Arrays.sort(times);
        return times;
    }

    /** The naive answer: the same aggregate straight over the raw table, with PostgreSQL's defaults. */
    private static double baseline(String url, String sql, int runs) throws SQLException {
        double[] times = new double[runs];
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(times);
        return pct(times, 50);
    }

    private static double pct(double[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * What the triggers cost the write path: the same rows written in 1,000-row statements, by COPY and by
     * a batched INSERT, with the stats triggers disabled and enabled, alternating.
     */
    private static void ingestCost(String url) throws Exception {
        int rows = Integer.parseInt(env("INGEST_ROWS", "200000"));
        System.out.printf("%ningest cost of the stats triggers (%,d rows per run, 1,000 per statement, 2 writers)%n", rows);
        System.out.printf("%-8s %-10s %12s%n", "method", "triggers", "rows/s");
        for (String method : List.of("copy", "insert")) {
            double[] with = new double[2];
            double[] without = new double[2];
            for (int round = 0; round < 4; round++) {
                boolean on = round % 2 == 1;
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("alter table events " + (on ? "enable" : "disable") + " trigger events_stats_inserted");
                    s.execute("checkpoint");
                }
                double rate = write(url, method, rows, round);
                (on ? with : without)[round / 2] = rate;
                System.out.printf(Locale.ROOT, "%-8s %-10s %,12.0f%n", method, on ? "on" : "off", rate);
            }
            double w = (with[0] + with[1]) / 2;
            double wo = (without[0] + without[1]) / 2;
            System.out.printf(Locale.ROOT, "%s with triggers: %.0f %% of the rate without%n", method, 100 * w / wo);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("alter table events enable trigger events_stats_inserted");
            // a data directory kept for REUSE=1 must hold the generated month only, not this hour of extra writes
            s.execute("delete from events where event_id like 'bench-%'");
        }
    }

    private static double write(String url, String method, int rows, int round) throws Exception {
        int writers = 2;
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread t = new Thread(() -> {
                try {
                    writeRows(url, method, rows / writers, round * 10 + writer);
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return rows / ((System.nanoTime() - t0) / 1e9);
    }

    private static void writeRows(String url, String method, int rows, int seed) throws Exception {
        Random r = new Random(seed);
        String[] connectors = {"stripe", "salesforce", "hubspot", "shopify", "zendesk"};
        Instant now = Instant.now();
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            var insert = c.prepareStatement("""
                    insert into events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                                        warehouse, outcome, stage, error_code, error_message, failure_fingerprint, duration_ms)
                    values (?, 'install', ?::timestamptz, ?::timestamptz, ?, ?, ?, ?, 'snowflake', ?, ?, ?, ?, ?, 1234)""");
            for (int done = 0; done < rows; done += 1000) {
                StringBuilder copy = new StringBuilder();
                for (int j = 0; j < 1000; j++) {
                    int p = r.nextInt(30);
                    boolean failed = r.nextInt(20) == 0;
                    String[] v = {"bench-" + seed + "-" + done + "-" + j, now.minusSeconds(r.nextInt(600)).toString(), now.toString(),
                            "acct_" + r.nextInt(20000), connectors[p / 6], connectors[p / 6] + "-pack-" + p, "1." + r.nextInt(4) + ".0",
                            failed ? "failed" : "succeeded", failed ? "compile" : "run", failed ? "SQL_COMPILATION" : null,
                            failed ? "invalid identifier 'X'" : null, failed ? "fp" + r.nextInt(200) : null};
                    if (method.equals("copy")) {
                        copy.append(v[0]).append("\tinstall\t").append(v[1]).append('\t').append(v[2]);
                        for (int k = 3; k < v.length; k++) {
                            copy.append('\t').append(v[k] == null ? "\\N" : v[k]);
                            if (k == 6) {
                                copy.append("\tsnowflake");
                            }
                        }
                        copy.append("\t1234\n");
                    } else {
                        for (int k = 0; k < v.length; k++) {
                            insert.setString(k + 1, v[k]);
                        }
                        insert.addBatch();
                    }
                }
                if (method.equals("copy")) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            copy events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                                         warehouse, outcome, stage, error_code, error_message, failure_fingerprint, duration_ms)
                            from stdin""", new StringReader(copy.toString()));
                } else {
                    insert.executeBatch();
                }
                c.commit();
            }
        }
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private static void waitReady(HttpClient http, String base, Process service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("service exited; see ingest-service/target/stats-bench-service.log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not ready after 3 minutes");
    }

    private static String scalar(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String humanSize(Path dir) throws IOException {
        long bytes;
        try (Stream<Path> files = Files.walk(dir)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StatsBench() {
    }
}
