package io.packops.alerting.compat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.alerting.PgSessions;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.alerting.rules.IngestTestBase;
import io.packops.alerting.system.SweepMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.alerting.alerts.Observation;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.packops.alerting.rules.IngestStubs.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@TestProfile(RulesTestProfile.class)
class CompatSweepTest extends IngestTestBase {

    static final String V100 = resource("packs/stripe-revenue/1.0.0.yaml");
    static final String V110 = resource("packs/stripe-revenue/1.1.0.yaml");
    /** Compiles on every warehouse but PostgreSQL (a select-list alias in HAVING). */
    static final String V120 = resource("packs/stripe-revenue/1.2.0.yaml");
    /** Another pack written against the same old column names as stripe-revenue 1.1.0. */
    static final String FEES = V110.replace("name: stripe-revenue", "name: stripe-fees").replace("version: 1.1.0", "version: 2.0.0");

    @Inject
    CompatSweep sweep;
    @Inject
    CompatService compat;
    @Inject
    SweepMetrics sweepMetrics;
    @Inject
    MeterRegistry registry;
    @Inject
    DataSource dataSource;
    @Inject
    OncePerInterval once;

    WarehouseSchema stripe;

    @BeforeEach
    void stripe() {
        stripe = IngestStubs.stripeCatalog();
    }

    static long results() {
        Long n = QuarkusTransaction.requiringNew().call(() -> CompatResult.count());
        return n;
    }

    record V(String pack, String version, String status, String manifest) {
    }

    /** The registry: packs (all stripe), their versions and manifests. */
    void registry(String served, V... versions) {
        ObjectNode packs = IngestStubs.JSON.createObjectNode();
        ArrayNode items = packs.putArray("items");
        Map<String, List<V>> byPack = new java.util.TreeMap<>();
        for (V v : versions) {
            byPack.computeIfAbsent(v.pack(), k -> new java.util.ArrayList<>()).add(v);
        }
        byPack.forEach((pack, list) -> {
            long active = list.stream().filter(v -> v.status().equals("active")).count();
            items.addObject().put("pack", pack).put("connector", "stripe").put("latestVersion", list.get(0).version())
                    .put("servedVersion", pack.equals("stripe-revenue") ? served : list.get(0).version())
                    .put("versions", list.size()).put("activeVersions", active);
            ObjectNode page = IngestStubs.JSON.createObjectNode();
            ArrayNode vs = page.putArray("items");
            for (V v : list) {
                vs.addObject().put("pack", pack).put("version", v.version()).put("connector", "stripe").put("status", v.status())
                        .put("contentSha256", CompatService.sha256(v.manifest()));
                ObjectNode one = IngestStubs.JSON.createObjectNode().put("pack", pack).put("version", v.version())
                        .put("connector", "stripe").put("status", v.status())
                        .put("contentSha256", CompatService.sha256(v.manifest())).put("manifest", v.manifest());
                ingest.stubFor(get(urlPathEqualTo("/v1/packs/" + pack + "/versions/" + v.version())).willReturn(okJson(one.toString())));
            }
            page.putNull("nextCursor");
            ingest.stubFor(get(urlPathEqualTo("/v1/packs/" + pack + "/versions")).willReturn(okJson(page.toString())));
        });
        packs.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/packs")).willReturn(okJson(packs.toString())));
    }

    Observation only(List<Observation> observations, String rule, String pack, String version) {
        List<Observation> found = observations.stream().filter(o -> o.rule().equals(rule)
                && (pack == null || pack.equals(o.labels().get("pack"))) && (version == null || version.equals(o.labels().get("version"))))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    @Test
    void brokenVersionFiresWithAccountsAndFingerprintsAndTheGoodOneIsClear() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));

        long ranBefore = registry.timer("packops.sweep.duration", "sweep", "compat", "outcome", "ran").count();
        long before = System.currentTimeMillis() / 1000;
        CompatSweep.SweepResult result = sweep.sweep();

        assertThat(result.ran()).isTrue();
        // a completed sweep is timed and stamps packops_sweep_last_success_seconds{sweep="compat"}
        assertThat(registry.timer("packops.sweep.duration", "sweep", "compat", "outcome", "ran").count()).isEqualTo(ranBefore + 1);
        assertThat(sweepMetrics.lastSuccess("compat")).isBetween(before, System.currentTimeMillis() / 1000);
        assertThat(result.pairs()).isEqualTo(2);
        assertThat(result.computed()).isEqualTo(2);
        Observation broken = only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.1.0");
        assertThat(broken.firing()).isTrue();
        assertThat(broken.labels()).isEqualTo(Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0"));
        assertThat(broken.severity()).isEqualTo("critical"); // the served version
        assertThat(broken.summary()).contains("40 of 40 accounts").contains("stripe__balance_transactions.currency");
        assertThat(broken.details()).containsEntry("accounts", 40L).containsEntry("fingerprints", List.of(stripe.fingerprint()));
        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.0.0").firing()).isFalse();
        assertThat(only(recorded.observed(), CompatSweep.DRIFT, null, null).firing()).isFalse();
    }

    @Test
    void secondSweepNeitherRecompilesNorRefetchesUnchangedPairs() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));
        sweep.sweep();
        ingest.resetRequests();
        long compilations = compat.compilations();
        recorded.clear();

        CompatSweep.SweepResult again = sweep.sweep();

        assertThat(again.computed()).isZero();
        assertThat(again.pairs()).isEqualTo(2);
        assertThat(compat.compilations()).isEqualTo(compilations);
        ingest.verify(0, getRequestedFor(urlPathMatching("/v1/schemas/sha256.*")));
        ingest.verify(0, getRequestedFor(urlPathMatching("/v1/packs/stripe-revenue/versions/.+")));
        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.1.0").firing()).isTrue();
        assertThat(results()).isEqualTo(2L);
    }

    @Test
    void aNewFingerprintIsNoticedByThePollAndOnlyNewPairsAreComputed() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));
        sweep.sweep();
        assertThat(sweep.pollForChanges()).isFalse();

        WarehouseSchema older = IngestStubs.withoutColumn(stripe, "stripe__customer_overview", "is_delinquent");
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")), new Fp(older, 2, List.of("postgres")));
        long compilations = compat.compilations();
        recorded.clear();

        assertThat(sweep.pollForChanges()).isTrue();
        assertThat(compat.compilations() - compilations).isLessThanOrEqualTo(0); // compiled packs are reused
        assertThat(results()).isEqualTo(4L);
        Observation v100 = only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.0.0");
        assertThat(v100.firing()).isTrue();
        assertThat(v100.severity()).isEqualTo("error"); // not the served version
        assertThat(v100.details()).containsEntry("accounts", 2L).containsEntry("fingerprints", List.of(older.fingerprint()));
        assertThat(sweep.pollForChanges()).isFalse();
    }

    @Test
    void snapshotsLandingOnAFingerprintAlreadySeenMoveTheBlastRadiusOnTheNextPoll() {
        registry("1.0.0", new V("stripe-revenue", "1.0.0", "active", V100));
        WarehouseSchema older = IngestStubs.withoutColumn(stripe, "stripe__customer_overview", "is_delinquent");
        // the sweep fires while the changed snapshots are still landing: 3 accounts on one warehouse so far
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 37, List.of("snowflake")), new Fp(older, 3, List.of("snowflake")));
        assertThat(sweep.pollForChanges()).isTrue();
        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.0.0").details())
                .containsEntry("accounts", 3L).containsEntry("warehouses", List.of("snowflake"));
        recorded.clear();

        // the rest land on the same (already seen) fingerprint: the next poll sweeps and the numbers converge
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 24, List.of("snowflake")),
                new Fp(older, 16, List.of("bigquery", "databricks", "redshift", "snowflake")));
        assertThat(sweep.pollForChanges()).isTrue();
        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.0.0").details())
                .containsEntry("accounts", 16L).containsEntry("warehouses", List.of("bigquery", "databricks", "redshift", "snowflake"));
        assertThat(sweep.pollForChanges()).isFalse(); // nothing moved since
    }

    @Test
    void aVersionBrokenOnOneWarehouseCountsOnlyThatWarehousesAccounts() {
        registry("1.2.0", new V("stripe-revenue", "1.2.0", "active", V120));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("postgres", "snowflake"),
                Map.of("snowflake", 30L, "postgres", 10L)));

        CompatSweep.SweepResult result = sweep.sweep();

        assertThat(result.pairs()).isEqualTo(2); // one fingerprint, resolved on each of its two warehouses
        Observation broken = only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.2.0");
        assertThat(broken.firing()).isTrue();
        assertThat(broken.details()).containsEntry("accounts", 10L).containsEntry("warehouses", List.of("postgres"));
        assertThat(broken.summary()).contains("(10 of 40 accounts on postgres)");
        @SuppressWarnings("unchecked")
        List<CompatService.ReportProblem> problems = (List<CompatService.ReportProblem>) broken.details().get("problems");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.tile()).isEqualTo("mrr_by_currency");
            assertThat(p.warehouses()).containsExactly("postgres");
        });
        // each (fingerprint, warehouse) is cached on its own: a second sweep computes nothing
        assertThat(results()).isEqualTo(2L);
        assertThat(sweep.sweep().computed()).isZero();
    }

    @Test
    void packsBrokenByTheSameMissingColumnAreOneDriftAlertNamingThePacks() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-fees", "2.0.0", "active", FEES));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));

        sweep.sweep();

        Observation drift = only(recorded.observed(), CompatSweep.DRIFT, null, null);
        assertThat(drift.firing()).isTrue();
        assertThat(drift.labels()).isEqualTo(Map.of("connector", "stripe"));
        assertThat(drift.details().get("packs")).isEqualTo(List.of("stripe-fees", "stripe-revenue"));
        assertThat(drift.summary()).contains("stripe-fees").contains("stripe-revenue")
                .contains("stripe__balance_transactions.amount");
        // the per-version alerts are still observed, inhibited by the drift alert
        Observation fees = only(recorded.observed(), CompatSweep.BROKEN, "stripe-fees", "2.0.0");
        assertThat(fees.firing()).isTrue();
        assertThat(fees.details()).containsEntry("inhibitedBy", "connector-schema-drift{connector=stripe}");
    }

    @Test
    void ingestDownMidSweepObservesNothingNotEvenAClear() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));
        sweep.sweep();
        recorded.clear();

        IngestStubs.ingestDown(ingest);
        CompatSweep.SweepResult result = sweep.sweep();

        assertThat(result.ran()).isFalse();
        assertThat(result.skipped()).contains("unavailable");
        assertThat(recorded.observed()).isEmpty();
        assertThat(sweep.pollForChanges()).isFalse();
        assertThat(recorded.observed()).isEmpty();
    }

    @Test
    void aWithdrawnVersionIsObservedClear() {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));
        sweep.sweep();
        recorded.clear();

        registry("1.0.0", new V("stripe-revenue", "1.1.0", "withdrawn", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        sweep.sweep();

        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.1.0").firing()).isFalse();
        assertThat(only(recorded.observed(), CompatSweep.BROKEN, "stripe-revenue", "1.0.0").firing()).isFalse();
    }

    @Test
    void whileAnotherReplicaSweepsTheSweepIsSkippedAndRunsOnceTheLockIsFree() throws Exception {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));

        // another replica: a database session of its own holding the sweep's lock
        try (Connection other = dataSource.getConnection()) {
            assertThat(advisory(other, "select pg_try_advisory_lock(?)")).isTrue();
            CompatSweep.SweepResult skipped = sweep.sweep();
            assertThat(skipped.ran()).isFalse();
            assertThat(skipped.skipped()).isEqualTo("another replica is sweeping");
            assertThat(recorded.observed()).isEmpty();
            assertThat(results()).isZero();
            assertThat(advisory(other, "select pg_advisory_unlock(?)")).isTrue();
        }

        assertThat(sweep.sweep().ran()).isTrue();
        assertThat(results()).isEqualTo(2L);
        // and the sweep gave the lock back: the other session can take it again
        try (Connection other = dataSource.getConnection()) {
            assertThat(advisory(other, "select pg_try_advisory_lock(?)")).isTrue();
            assertThat(advisory(other, "select pg_advisory_unlock(?)")).isTrue();
        }
    }

    /**
     * The sweep used to run in one transaction holding {@code pg_try_advisory_xact_lock} across its ingest calls; under
     * load those outlasted the transaction timeout, the transaction manager rolled it back, and the sweep's next
     * write failed ("Enlisted connection used without active transaction"). Now, while the sweep waits on a slow
     * ingest, it holds its lock but no transaction is open, and what it computed before is already committed.
     */
    @Test
    void aSweepWaitingOnIngestHoldsItsLockButNoOpenTransaction() throws Exception {
        registry("1.1.0", new V("stripe-revenue", "1.1.0", "active", V110), new V("stripe-revenue", "1.0.0", "active", V100));
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake")));
        // the second version's manifest comes slowly: the sweep has stored the first pair by then
        ObjectNode slow = IngestStubs.JSON.createObjectNode().put("pack", "stripe-revenue").put("version", "1.0.0")
                .put("connector", "stripe").put("status", "active").put("contentSha256", CompatService.sha256(V100))
                .put("manifest", V100);
        ingest.stubFor(get(urlPathEqualTo("/v1/packs/stripe-revenue/versions/1.0.0"))
                .willReturn(okJson(slow.toString()).withFixedDelay(5_000)));

        CompletableFuture<CompatSweep.SweepResult> running = CompletableFuture.supplyAsync(sweep::sweep);
        try (Connection observer = dataSource.getConnection()) {
            // the first pair is committed before the slow call (one sweep transaction kept it invisible until the end)
            await().atMost(Duration.ofSeconds(10)).until(() -> results() == 1L);
            Thread.sleep(1_000); // the sweep is now waiting on the slow manifest
            assertThat(running).as("still waiting on ingest").isNotDone();
            assertThat(lockHolders(observer)).as("sessions holding the sweep lock").isEqualTo(1);
            assertThat(openTransactions(observer)).as("sessions idle in a transaction").isZero();
        }
        CompatSweep.SweepResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.ran()).isTrue();
        assertThat(result.computed()).isEqualTo(2);
        assertThat(results()).isEqualTo(2L);
        try (Connection observer = dataSource.getConnection()) {
            assertThat(lockHolders(observer)).as("lock released after the sweep").isZero();
        }
    }

    @Test
    void theSweepLockIsHeldOnlyWhileItsWorkRunsEvenWhenTheWorkFails() throws Exception {
        // held: a second taker (this replica's next tick, or another replica) is turned away, nothing runs twice
        String inner = once.exclusively(CompatSweep.JOB, () -> {
            OncePerInterval.Run<String> second = once.exclusively(CompatSweep.JOB, () -> "ran twice");
            return second.ran() ? second.value() : "turned away";
        }).value();
        assertThat(inner).isEqualTo("turned away");
        // a failing sweep gives the lock back (else no sweep would ever run again on this replica's pooled connection)
        assertThatThrownBy(() -> once.exclusively(CompatSweep.JOB, () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        try (Connection observer = dataSource.getConnection()) {
            assertThat(lockHolders(observer)).isZero();
        }
        assertThat(once.exclusively(CompatSweep.JOB, () -> "ran").value()).isEqualTo("ran");
    }

    static boolean advisory(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, OncePerInterval.lockKey(CompatSweep.JOB));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static long lockHolders(Connection c) throws Exception {
        return PgSessions.advisoryLockHolders(c, OncePerInterval.lockKey(CompatSweep.JOB));
    }

    static long openTransactions(Connection c) throws Exception {
        return PgSessions.idleInTransaction(c);
    }
}
