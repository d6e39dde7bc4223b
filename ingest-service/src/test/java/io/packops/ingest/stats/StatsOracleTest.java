package io.packops.ingest.stats;

import io.packops.ingest.stats.refresh.StatsRefresh;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated month of events checked against a straightforward in-memory count, for every window
 * size and every groupBy combination, on raw events, after a refresh, and with late events on top of
 * a refresh: counts must match exactly, distinct accounts exactly or (from rollups) within 2 %.
 */
@QuarkusTest
class StatsOracleTest {

    private static final String[] PACKS = {"stripe-revenue", "stripe-churn", "hubspot-pipeline", "zendesk-tickets"};
    private static final String[] VERSIONS = {"1.0.0", "1.1.0", "2.0.0"};
    private static final String[] WAREHOUSES = {"snowflake", "bigquery", "redshift", null};
    private static final String[] TILES = {"a", "b", "c"};
    private static final List<String> WINDOWS = List.of("1m", "15m", "1h", "90m", "6h", "24h", "7d", "30d");

    @Inject
    DataSource dataSource;
    @Inject
    StatsRefresh refresh;

    private final List<StatsTestData.Event> events = new ArrayList<>();

    @BeforeEach
    void generatedMonth() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
        StatsTestData.reset(dataSource);
        events.clear();
        // within retention (30 days): older events are dropped with their partitions and not counted
        events.addAll(generate(new Random(42), 3000, Duration.ofDays(29)));
        StatsTestData.insert(dataSource, events);
    }

    private static List<StatsTestData.Event> generate(Random r, int n, Duration span) {
        List<StatsTestData.Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // denser near now, like a dashboard's recent history; some a little in the future
            double f = Math.pow(r.nextDouble(), 3);
            Instant t = StatsTestData.NOW.minusMillis((long) (f * span.toMillis())).plusSeconds(r.nextInt(120) - 30);
            String pack = PACKS[r.nextInt(PACKS.length)];
            StatsTestData.Event e = StatsTestData.install(t, "acct_" + r.nextInt(60), pack, VERSIONS[r.nextInt(3)],
                    WAREHOUSES[r.nextInt(WAREHOUSES.length)]);
            if (r.nextInt(3) == 0) {
                String tile = TILES[r.nextInt(TILES.length)];
                e = new StatsTestData.Event("render", e.occurredAt(), e.receivedAt(), e.account(), e.connector(),
                        e.pack(), e.version(), e.warehouse(), "succeeded", null, tile.equals("c") ? "ops" : "main", tile,
                        null, null, null);
            }
            if (r.nextInt(10) == 0) {
                int k = r.nextInt(3);
                e = e.failed("compile", "E" + k, "failure " + k + " in " + pack, "fp-" + k);
            }
            out.add(e);
        }
        return out;
    }

    private static final List<String> KEYS = List.of("connector", "pack", "version", "warehouse");

    private static final Map<String, Function<StatsTestData.Event, String>> KEY_OF = Map.of(
            "connector", StatsTestData.Event::connector, "pack", StatsTestData.Event::pack,
            "version", StatsTestData.Event::version, "warehouse", StatsTestData.Event::warehouse,
            "dashboard", StatsTestData.Event::dashboard, "tile", StatsTestData.Event::tile);

    /** Every subset of the four install keys, and a few with the render keys. */
    private static List<List<String>> groupings(String type) {
        List<List<String>> out = new ArrayList<>();
        for (int mask = 0; mask < 16; mask++) {
            List<String> g = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                if ((mask & 1 << i) != 0) {
                    g.add(KEYS.get(i));
                }
            }
            out.add(g);
        }
        if (type.equals("render")) {
            out.add(List.of("dashboard", "tile"));
            out.add(List.of("pack", "tile"));
            out.add(List.of("warehouse", "dashboard", "tile"));
        }
        return out;
    }

    private record Expected(long attempts, long succeeded, long failed, long accounts) {
    }

    private Map<List<String>, Expected> oracle(String type, Instant from, Instant to, List<String> groupBy,
                                                Map<String, String> filters) {
        Map<List<String>, long[]> counts = new HashMap<>();
        Map<List<String>, Set<String>> accounts = new HashMap<>();
        for (StatsTestData.Event e : events) {
            if (!e.type().equals(type) || e.occurredAt().isBefore(from) || !e.occurredAt().isBefore(to)) {
                continue;
            }
            if (filters.entrySet().stream().anyMatch(f -> !f.getValue().equals(KEY_OF.get(f.getKey()).apply(e)))) {
                continue;
            }
            List<String> key = groupBy.stream().map(k -> KEY_OF.get(k).apply(e)).toList();
            long[] c = counts.computeIfAbsent(key, k -> new long[3]);
            c[0]++;
            c[e.outcome().equals("succeeded") ? 1 : 2]++;
            accounts.computeIfAbsent(key, k -> new HashSet<>()).add(e.account());
        }
        Map<List<String>, Expected> out = new HashMap<>();
        counts.forEach((k, c) -> out.put(k, new Expected(c[0], c[1], c[2], accounts.get(k).size())));
        return out;
    }

    private void checkAll(String stage, Instant at) {
        for (String type : List.of("install", "render")) {
            for (String window : WINDOWS) {
                for (List<String> groupBy : groupings(type)) {
                    check(stage, type, window, groupBy, Map.of(), at);
                }
            }
            check(stage, type, "7d", List.of("version"), Map.of("pack", "stripe-revenue", "warehouse", "snowflake"), at);
            check(stage, type, "30d", List.of("warehouse"), Map.of("connector", "stripe", "version", "1.1.0"), at);
        }
    }

    private void check(String stage, String type, String window, List<String> groupBy, Map<String, String> filters, Instant at) {
        var request = StatsInstallsTest.agent().queryParam("window", window).queryParam("type", type)
                .queryParam("groupBy", String.join(",", groupBy)).queryParam("limit", "1000");
        filters.forEach(request::queryParam);
        if (at != null) {
            request.queryParam("at", at.toString());
        }
        JsonPath json = request.when().get("/v1/stats/installs").then().statusCode(200).extract().jsonPath();
        Instant from = Instant.parse(json.getString("from"));
        Instant to = Instant.parse(json.getString("to"));
        Map<List<String>, Expected> expected = oracle(type, from, to, groupBy, filters);
        boolean exact = json.getBoolean("accountsExact");
        String what = stage + " " + type + " " + window + " groupBy=" + groupBy + " " + filters;

        List<Map<String, Object>> groups = json.getList("groups");
        assertThat(groups).as(what + " groups").hasSize(expected.size());
        for (Map<String, Object> g : groups) {
            List<String> key = groupBy.stream().map(k -> (String) g.get(k)).toList();
            Expected e = expected.get(key);
            assertThat(e).as(what + " unexpected group " + key).isNotNull();
            assertThat(Arrays.asList(num(g, "attempts"), num(g, "succeeded"), num(g, "failed")))
                    .as(what + " " + key).containsExactly(e.attempts(), e.succeeded(), e.failed());
            assertAccounts(what + " " + key, num(g, "accounts"), e.accounts(), exact);
        }
        long attempts = expected.values().stream().mapToLong(Expected::attempts).sum();
        assertThat(json.getLong("total.attempts")).as(what + " total").isEqualTo(attempts);
        Set<String> all = new HashSet<>();
        events.stream().filter(e -> e.type().equals(type) && !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to))
                .filter(e -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(KEY_OF.get(f.getKey()).apply(e))))
                .forEach(e -> all.add(e.account()));
        assertAccounts(what + " total", json.getLong("total.accounts"), all.size(), exact);
    }

    private static long num(Map<String, Object> g, String key) {
        return ((Number) g.get(key)).longValue();
    }

    private static void assertAccounts(String what, long actual, long expected, boolean exact) {
        if (exact) {
            assertThat(actual).as(what + " accounts").isEqualTo(expected);
        } else {
            assertThat((double) actual).as(what + " accounts (estimated)")
                    .isBetween(expected * 0.98 - 1, expected * 1.02 + 1);
        }
    }

    @Test
    void rawEventsAloneMatchTheOracle() {
        checkAll("raw", null);
    }

    @Test
    void rollupsMatchTheOracleAfterARefreshAndWithLateEventsOnTop() {
        refresh.refresh();
        checkAll("refreshed", null);
        List<StatsTestData.Event> late = generate(new Random(7), 300, Duration.ofDays(20));
        StatsTestData.insert(dataSource, late);
        events.addAll(late);
        checkAll("late", null);
        refresh.refresh();
        checkAll("refreshed again", null);
    }

    @Test
    void pastWindowsMatchTheOracle() {
        refresh.refresh();
        for (Instant at : List.of(StatsTestData.NOW.minus(Duration.ofHours(5)).minusSeconds(1234),
                StatsTestData.NOW.minus(Duration.ofDays(2)).minusSeconds(77))) {
            for (String window : WINDOWS) {
                check("at " + at, "install", window, List.of("pack", "warehouse"), Map.of(), at);
            }
        }
    }
}
