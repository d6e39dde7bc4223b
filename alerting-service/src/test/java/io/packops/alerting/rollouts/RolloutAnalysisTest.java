package io.packops.alerting.rollouts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.packops.alerting.compat.CompatResult;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.IngestTestBase;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.alerting.alerts.Observation;
import io.packops.compat.schema.WarehouseSchema;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary analysis against a WireMock ingest: crafted per-version stats, compat results in the database,
 * the decision posted to ingest with its numbers, and rollout-aborted observed (paged) on abort.
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class RolloutAnalysisTest extends IngestTestBase {

    static final String PACK = "stripe-revenue";
    static final String CANARY = "1.1.0";
    static final String STABLE = "1.0.0";

    @Inject
    RolloutAnalysis analysis;

    @BeforeEach
    void noRolloutNumbersYet() {
        ingest.stubFor(post(urlPathEqualTo("/v1/rollouts/7/analysis")).willReturn(okJson("{\"id\": 7, \"state\": \"progressing\"}")));
        failures(CANARY, "install", List.of());
        failures(STABLE, "install", List.of());
        failures(CANARY, "render", List.of());
        failures(STABLE, "render", List.of());
        stats(CANARY, "render", Map.of());
        stats(STABLE, "render", Map.of());
    }

    /** One progressing rollout, id 7, at 5 %, its step begun {@code minutesAgo}. */
    void rollout(int minutesAgo, List<String> cohort) {
        ObjectNode page = IngestStubs.JSON.createObjectNode();
        ObjectNode r = page.putArray("items").addObject();
        r.put("id", 7).put("pack", PACK).put("connector", "stripe").put("canaryVersion", CANARY).put("stableVersion", STABLE)
                .put("state", "progressing").put("step", 5).put("stepMinutes", 30)
                .put("stepStartedAt", Instant.now().minus(minutesAgo, ChronoUnit.MINUTES).toString());
        r.putArray("steps").add(5).add(25).add(50).add(100);
        r.putObject("analysis").put("maxFailureRate", 0.05).put("maxRatioToStable", 2.0).put("minInstalls", 50);
        if (cohort != null) {
            ArrayNode w = r.putObject("cohort").putArray("warehouses");
            cohort.forEach(w::add);
        }
        page.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/rollouts")).withQueryParam("state", equalTo("progressing"))
                .willReturn(okJson(page.toString())));
    }

    /** Per-warehouse {attempts, failed} of one version ({@code groupBy=warehouse}). */
    void stats(String version, String type, Map<String, long[]> byWarehouse) {
        ObjectNode body = IngestStubs.JSON.createObjectNode();
        ArrayNode groups = body.putArray("groups");
        byWarehouse.forEach((w, n) -> groups.addObject().put("warehouse", w).put("attempts", n[0])
                .put("succeeded", n[0] - n[1]).put("failed", n[1]).put("accounts", n[0] / 2));
        body.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/stats/installs")).withQueryParam("type", equalTo(type))
                .withQueryParam("pack", equalTo(PACK)).withQueryParam("version", equalTo(version))
                .withQueryParam("groupBy", equalTo("warehouse")).willReturn(okJson(body.toString())));
    }

    void failures(String version, String type, List<String> fingerprints) {
        ObjectNode body = IngestStubs.JSON.createObjectNode();
        ArrayNode groups = body.putArray("groups");
        for (String fp : fingerprints) {
            groups.addObject().put("fingerprint", fp).put("count", 40).put("accounts", 12).put("stage", "compile")
                    .put("errorCode", "SQL_COMPILATION").put("sampleMessage", "invalid identifier <name> " + fp);
        }
        ingest.stubFor(get(urlPathEqualTo("/v1/stats/failures")).withQueryParam("type", equalTo(type))
                .withQueryParam("version", equalTo(version)).willReturn(okJson(body.toString())));
    }

    List<LoggedRequest> decisions() {
        return ingest.findAll(postRequestedFor(urlPathEqualTo("/v1/rollouts/7/analysis")));
    }

    ObjectNode decision() throws Exception {
        List<LoggedRequest> posted = decisions();
        assertThat(posted).hasSize(1);
        return (ObjectNode) IngestStubs.JSON.readTree(posted.get(0).getBodyAsString());
    }

    @Test
    void healthyCanaryWithEnoughInstallsAfterTheStepAdvances() throws Exception {
        rollout(31, null);
        stats(CANARY, "install", Map.of("snowflake", new long[]{120, 1}, "bigquery", new long[]{80, 1}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{3000, 30}, "bigquery", new long[]{2000, 20}));

        List<RolloutAnalysis.Result> results = analysis.analyse();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.decision()).isEqualTo("advance");
            assertThat(r.applied()).isTrue();
        });
        ObjectNode d = decision();
        assertThat(d.get("decision").asText()).isEqualTo("advance");
        assertThat(d.get("fromStep").asInt()).isEqualTo(5);
        assertThat(d.get("check").asText()).isEqualTo("healthy");
        assertThat(d.at("/metrics/install/canary/attempts").asLong()).isEqualTo(200);
        assertThat(d.at("/metrics/install/canary/rate").asDouble()).isEqualTo(0.01);
        assertThat(d.at("/metrics/install/stable/attempts").asLong()).isEqualTo(5000);
        assertThat(d.at("/metrics/confidence").asDouble()).isEqualTo(0.99);
        assertThat(d.at("/metrics/window").asText()).matches("18[0-9][0-9]s");
        assertThat(recorded.observed(RolloutAnalysis.RULE)).isEmpty();
    }

    @Test
    void tooFewInstallsWaitsAndNeverPromotes() throws Exception {
        rollout(45, null);
        stats(CANARY, "install", Map.of("snowflake", new long[]{30, 0}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{3000, 30}));

        analysis.analyse();

        ObjectNode d = decision();
        assertThat(d.get("decision").asText()).isEqualTo("hold");
        assertThat(d.get("check").asText()).isEqualTo("too-few-installs");
        assertThat(d.get("reason").asText()).contains("30 canary installs of the 50 needed");
    }

    @Test
    void aCanaryFailingOnBigQueryAbortsAndPagesTheOwnerWithTheNewFingerprints() throws Exception {
        rollout(4, null); // first step, young: a clear failure does not wait for the step's minutes
        stats(CANARY, "install", Map.of("snowflake", new long[]{40, 0}, "bigquery", new long[]{30, 24}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{600, 3}, "bigquery", new long[]{500, 2}));
        failures(CANARY, "install", List.of("fp-new-bigquery", "fp-old-timeout"));
        failures(STABLE, "install", List.of("fp-old-timeout"));

        assertThat(analysis.analyse()).singleElement().satisfies(r -> assertThat(r.decision()).isEqualTo("abort"));

        ObjectNode d = decision();
        assertThat(d.get("decision").asText()).isEqualTo("abort");
        assertThat(d.get("check").asText()).isEqualTo("install-failure-rate");
        assertThat(d.at("/metrics/install/canary/failed").asLong()).isEqualTo(24);
        assertThat(d.at("/metrics/newFailures/0/fingerprint").asText()).isEqualTo("fp-new-bigquery");
        assertThat(d.at("/metrics/newFailures").size()).isEqualTo(1);

        List<Observation> pages = recorded.observed(RolloutAnalysis.RULE);
        assertThat(pages).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.severity()).isEqualTo("critical");
            assertThat(o.labels()).containsEntry("pack", PACK).containsEntry("version", CANARY).containsEntry("connector", "stripe");
            assertThat(o.dedupKey()).isEqualTo("rollout-aborted{connector=stripe,pack=stripe-revenue,version=1.1.0}");
            assertThat(o.summary()).contains("aborted at 5 %").contains("34.3 %");
            assertThat(o.details()).containsEntry("rolloutId", 7L).containsEntry("stableVersion", STABLE);
            assertThat(o.details().get("newFailureFingerprints").toString()).contains("fp-new-bigquery").doesNotContain("fp-old-timeout");
            assertThat(o.details().get("install").toString()).contains("attempts=70").contains("attempts=1100");
        });
    }

    @Test
    void theCohortOnlyCountsItsOwnWarehouses() throws Exception {
        rollout(31, List.of("snowflake"));
        // BigQuery fails, but BigQuery is not in the cohort: those installs are not the canary's
        stats(CANARY, "install", Map.of("snowflake", new long[]{100, 1}, "bigquery", new long[]{30, 24}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{900, 9}, "bigquery", new long[]{500, 2}));

        analysis.analyse();

        ObjectNode d = decision();
        assertThat(d.get("decision").asText()).isEqualTo("advance");
        assertThat(d.at("/metrics/install/canary/attempts").asLong()).isEqualTo(100);
        assertThat(d.at("/metrics/cohort/0").asText()).isEqualTo("snowflake");
    }

    @Test
    void compatBrokenForAFingerprintInTheCohortAborts() throws Exception {
        WarehouseSchema bigquery = IngestStubs.withoutColumn(IngestStubs.stripeCatalog(), "stripe__balance_transactions",
                "balance_transaction_amount");
        IngestStubs.schemas(ingest, "stripe", new Fp(IngestStubs.stripeCatalog(), 300, List.of("snowflake")),
                new Fp(bigquery, 42, List.of("bigquery")));
        brokenFor(bigquery.fingerprint(), "bigquery");
        rollout(2, List.of("bigquery", "redshift"));
        stats(CANARY, "install", Map.of());
        stats(STABLE, "install", Map.of("bigquery", new long[]{100, 0}));

        analysis.analyse();

        ObjectNode d = decision();
        assertThat(d.get("decision").asText()).isEqualTo("abort");
        assertThat(d.get("check").asText()).isEqualTo("compat-broken");
        assertThat(d.get("reason").asText()).contains("1 fingerprint(s)").contains("42 accounts on bigquery");
        assertThat(d.at("/metrics/compatBroken/0/fingerprint").asText()).isEqualTo(bigquery.fingerprint());
        assertThat(d.at("/metrics/compatBroken/0/problems/0").asText()).startsWith("MISSING_COLUMN");
        assertThat(recorded.observed(RolloutAnalysis.RULE)).singleElement()
                .satisfies(o -> assertThat(o.details()).containsKey("compatBroken"));
    }

    @Test
    void compatBrokenOutsideTheCohortDoesNotAbort() throws Exception {
        WarehouseSchema bigquery = IngestStubs.withoutColumn(IngestStubs.stripeCatalog(), "stripe__balance_transactions",
                "balance_transaction_amount");
        IngestStubs.schemas(ingest, "stripe", new Fp(bigquery, 42, List.of("bigquery")));
        brokenFor(bigquery.fingerprint(), "bigquery");
        rollout(2, List.of("snowflake"));
        stats(CANARY, "install", Map.of("snowflake", new long[]{10, 0}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{100, 0}));

        analysis.analyse();

        assertThat(decision().get("check").asText()).isEqualTo("step-time");
        assertThat(recorded.observed(RolloutAnalysis.RULE)).isEmpty();
    }

    @Test
    void aFingerprintBrokenOnlyOnAWarehouseOutsideTheCohortDoesNotAbortAndCountsOnlyThatWarehouseOtherwise() throws Exception {
        // one schema on two warehouses; the canary breaks on PostgreSQL's dialect only
        IngestStubs.schemas(ingest, "stripe", new Fp(IngestStubs.stripeCatalog(), 40, List.of("postgres", "snowflake"),
                Map.of("snowflake", 34L, "postgres", 6L)));
        brokenFor(IngestStubs.stripeCatalog().fingerprint(), "postgres");
        rollout(2, List.of("snowflake"));
        stats(CANARY, "install", Map.of("snowflake", new long[]{10, 0}));
        stats(STABLE, "install", Map.of("snowflake", new long[]{100, 0}));

        analysis.analyse();
        assertThat(decision().get("check").asText()).isEqualTo("step-time"); // the snowflake cohort compiles it

        ingest.resetRequests();
        rollout(2, null);
        analysis.analyse();
        ObjectNode d = decision();
        assertThat(d.get("check").asText()).isEqualTo("compat-broken");
        assertThat(d.get("reason").asText()).contains("6 accounts on postgres");
        assertThat(d.at("/metrics/compatBroken/0/warehouses/0").asText()).isEqualTo("postgres");
    }

    @Test
    void aRolloutThatMovedMeanwhileIsNotPaged() {
        rollout(4, null);
        stats(CANARY, "install", Map.of("bigquery", new long[]{30, 24}));
        stats(STABLE, "install", Map.of("bigquery", new long[]{500, 2}));
        ingest.stubFor(post(urlPathEqualTo("/v1/rollouts/7/analysis")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\": 409, \"title\": \"Conflict\"}")));

        assertThat(analysis.analyse()).singleElement().satisfies(r -> {
            assertThat(r.decision()).isEqualTo("abort");
            assertThat(r.applied()).isFalse();
        });
        assertThat(recorded.observed(RolloutAnalysis.RULE)).isEmpty();
    }

    @Test
    void ingestDownDecidesNothing() {
        IngestStubs.ingestDown(ingest);
        assertThat(analysis.analyse()).isEmpty();
        assertThat(decisions()).isEmpty();
    }

    void brokenFor(String fingerprint, String warehouse) {
        QuarkusTransaction.requiringNew().run(() -> {
            CompatResult c = new CompatResult();
            c.pack = PACK;
            c.version = CANARY;
            c.fingerprint = fingerprint;
            c.warehouse = warehouse;
            c.compatible = false;
            c.errorCount = 1;
            c.problems = "[{\"severity\": \"error\", \"code\": \"MISSING_COLUMN\", \"detail\": \"column balance_transaction_amount does not exist\"}]";
            c.checkedAt = Instant.now();
            c.persist();
        });
    }
}
