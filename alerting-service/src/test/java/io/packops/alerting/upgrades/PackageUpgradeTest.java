package io.packops.alerting.upgrades;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.InjectIngestMock;
import io.packops.alerting.rules.RecordingAlertService;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.compat.CompatService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.upgrades.UpgradeReport.PackResult;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.packops.alerting.rules.IngestStubs.JSON;
import static io.packops.alerting.rules.IngestStubs.resource;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * A coming release of fivetran/dbt_stripe checked against a fleet and the served and held pack versions, on the real
 * releases 33 (0.14.1 here) and 34 (0.15.0, "handle multiple disputes", which removed dispute_id and dispute_reason).
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class PackageUpgradeTest {

    static final String HISTORY = "packs/catalog-history/stripe/";
    static final WarehouseSchema R33 = SchemaReader.read(resource(HISTORY + "33-2024-09-25-e2677a5.catalog.json"));
    static final WarehouseSchema R34 = SchemaReader.read(resource(HISTORY + "34-2024-10-02-7cfdfc5.catalog.json"));
    static final String DISPUTES = resource(HISTORY + "readers/disputes.yaml");
    static final String OVERVIEW = resource(HISTORY + "readers/daily-overview.yaml");
    /** The owner's fix: the new names of 0.15.0, published as 1.1.0. */
    static final String DISPUTES_FIXED = DISPUTES.replace("version: 1.0.0", "version: 1.1.0")
            .replace("dispute_reason", "dispute_reasons").replace("dispute_id", "dispute_ids");

    @InjectIngestMock
    WireMockServer ingest;
    @Inject
    AlertService alerts;
    @Inject
    PackageUpgradeService upgrades;
    @Inject
    PackageUpgradeSweep sweep;

    RecordingAlertService recorded;

    @BeforeEach
    void reset() {
        ingest.resetAll();
        IngestStubs.resetCircuits();
        recorded = (RecordingAlertService) alerts;
        recorded.reset();
    }

    record V(String pack, String version, String status, String manifest) {
    }

    /** ingest's registry: {@code served} per pack is its first version listed. */
    void registry(V... versions) {
        ObjectNode packs = JSON.createObjectNode();
        ArrayNode items = packs.putArray("items");
        Map<String, List<V>> byPack = new java.util.TreeMap<>();
        for (V v : versions) {
            byPack.computeIfAbsent(v.pack(), k -> new java.util.ArrayList<>()).add(v);
        }
        byPack.forEach((pack, list) -> {
            items.addObject().put("pack", pack).put("connector", "stripe").put("latestVersion", list.get(0).version())
                    .put("servedVersion", list.get(0).version()).put("versions", list.size())
                    .put("activeVersions", list.stream().filter(v -> v.status().equals("active")).count());
            ObjectNode page = JSON.createObjectNode();
            ArrayNode vs = page.putArray("items");
            for (V v : list) {
                ObjectNode one = vs.addObject().put("pack", pack).put("version", v.version()).put("connector", "stripe")
                        .put("status", v.status()).put("contentSha256", CompatService.sha256(v.manifest()));
                ingest.stubFor(get(urlPathEqualTo("/v1/packs/" + pack + "/versions/" + v.version()))
                        .willReturn(okJson(one.deepCopy().put("manifest", v.manifest()).toString())));
            }
            page.putNull("nextCursor");
            ingest.stubFor(get(urlPathEqualTo("/v1/packs/" + pack + "/versions")).willReturn(okJson(page.toString())));
        });
        packs.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/packs")).willReturn(okJson(packs.toString())));
    }

    /** ingest's package releases of stripe: ids 1.. in the order given, each {@code version=catalog}. */
    void releases(Map.Entry<String, WarehouseSchema>... releases) throws IOException {
        ObjectNode list = JSON.createObjectNode().put("connector", "stripe");
        ArrayNode items = list.putArray("items");
        long id = 1;
        for (Map.Entry<String, WarehouseSchema> r : releases) {
            ObjectNode item = items.addObject().put("id", id).put("connector", "stripe").put("packageName", "fivetran/stripe")
                    .put("version", r.getKey()).put("fingerprint", r.getValue().fingerprint()).put("models", 40);
            ObjectNode one = item.deepCopy();
            one.set("relations", JSON.readTree(SchemaReader.toNativeJson(r.getValue())).get("relations"));
            ingest.stubFor(get(urlPathEqualTo("/v1/package-releases/" + id)).willReturn(okJson(one.toString())));
            id++;
        }
        ingest.stubFor(get(urlPathEqualTo("/v1/package-releases")).withQueryParam("connector", equalTo("stripe"))
                .willReturn(okJson(list.toString())));
    }

    static PackResult result(UpgradeReport r, String pack, String version) {
        return r.packs().stream().filter(p -> p.pack().equals(pack) && p.version().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError(pack + " " + version + " not checked"));
    }

    @Test
    void theDisputesReleaseAlertsTheOwnerOfThePackItBreaksWithTheAccountsStillOnTheOldRelease() throws IOException {
        registry(new V("stripe-disputes", "1.0.0", "active", DISPUTES), new V("stripe-daily-overview", "1.0.0", "active", OVERVIEW));
        releases(Map.entry("0.14.1", R33), Map.entry("0.15.0", R34));
        // 40 accounts on 0.14.1 (30 snowflake, 10 bigquery), 5 already on 0.15.0: their schema is the new release's
        IngestStubs.schemas(ingest, "stripe",
                new Fp(R33, 40, List.of("bigquery", "snowflake"), Map.of("snowflake", 30L, "bigquery", 10L),
                        Map.of("0.14.1", 38L, "", 2L)),
                new Fp(R34, 5, List.of("snowflake"), null, Map.of("0.15.0", 5L)));

        UpgradeReport report = upgrades.check(2);

        assertThat(report.verdict()).isEqualTo("breaks");
        assertThat(report.fromVersion()).isEqualTo("0.14.1");
        assertThat(report.totalAccounts()).isEqualTo(45);
        assertThat(report.diff().columnsRemoved()).isEqualTo(5);
        assertThat(report.diff().renames()).contains("stripe__balance_transactions.dispute_id → dispute_ids",
                "stripe__balance_transactions.dispute_reason → dispute_reasons");
        PackResult disputes = result(report, "stripe-disputes", "1.0.0");
        assertThat(disputes.breaks()).isTrue();
        assertThat(disputes.served()).isTrue();
        assertThat(disputes.accounts()).isEqualTo(40);
        assertThat(disputes.accountsByWarehouse()).isEqualTo(Map.of("snowflake", 30L, "bigquery", 10L));
        assertThat(disputes.accountsByPackageVersion()).isEqualTo(Map.of("0.14.1", 38L, "", 2L));
        assertThat(disputes.fingerprints()).containsExactly(R33.fingerprint());
        assertThat(disputes.brokenTiles()).extracting(io.packops.alerting.compat.ComingReleases.Tile::item)
                .containsExactly("disputes/disputes_by_reason", "disputes/reconciliation_by_reason");
        assertThat(disputes.brokenTiles().get(0).problems()).extracting(io.packops.alerting.compat.ComingReleases.Issue::column, io.packops.alerting.compat.ComingReleases.Issue::didYouMean)
                .contains(org.assertj.core.groups.Tuple.tuple("dispute_id", "dispute_ids"),
                        org.assertj.core.groups.Tuple.tuple("dispute_reason", "dispute_reasons"));
        assertThat(disputes.brokenTiles().get(0).problems()).allSatisfy(i -> {
            assertThat(i.cause()).isEqualTo("removed by the upgrade");
            assertThat(i.fileLine()).isPositive();
        });
        PackResult overview = result(report, "stripe-daily-overview", "1.0.0");
        assertThat(overview.breaks()).isFalse();
        assertThat(overview.accounts()).isZero();

        Observation fired = recorded.observed().stream()
                .filter(o -> o.rule().equals(PackageUpgradeService.RULE) && o.labels().get("pack").equals("stripe-disputes"))
                .findFirst().orElseThrow();
        assertThat(fired.firing()).isTrue();
        assertThat(fired.severity()).isEqualTo("error");
        assertThat(fired.labels()).isEqualTo(Map.of("connector", "stripe", "pack", "stripe-disputes", "version", "1.0.0",
                "dbtPackage", "fivetran/stripe", "dbtPackageVersion", "0.15.0"));
        assertThat(fired.summary()).startsWith("fivetran/stripe 0.15.0 (coming; accounts on 0.14.1) breaks stripe-disputes"
                + " 1.0.0 for 40 of 45 stripe accounts when they upgrade (bigquery 10, snowflake 30): 2 tiles — ");
        assertThat(fired.summary()).contains("stripe__balance_transactions.dispute_id removed by the upgrade (did you mean dispute_ids?)");
        assertThat(fired.details()).containsEntry("accounts", 40L).containsEntry("from", "0.14.1");
        assertThat(recorded.observed()).filteredOn(o -> o.labels().get("pack").equals("stripe-daily-overview"))
                .singleElement().satisfies(o -> assertThat(o.firing()).isFalse());

        // recorded once per result: the same check again (as the sweep runs it every 5 minutes) adds no row
        int rows = upgrades.recorded("stripe", 100).size();
        assertThat(upgrades.check(2).verdict()).isEqualTo("breaks");
        assertThat(upgrades.recorded("stripe", 100)).hasSize(rows);

        // recorded, and readable by support
        given().auth().oauth2("test-agent").queryParam("connector", "stripe")
                .when().get("/v1/package-upgrades")
                .then().statusCode(200)
                .body("items[0].verdict", is("breaks"))
                .body("items[0].version", is("0.15.0"))
                .body("items[0].packs.pack", hasItem("stripe-disputes"));
    }

    @Test
    void aFixedVersionReplacingTheBrokenOneClearsTheAlertAndTheCleanCheckIsRecorded() throws IOException {
        registry(new V("stripe-disputes", "1.0.0", "active", DISPUTES));
        releases(Map.entry("0.14.1", R33), Map.entry("0.15.0", R34));
        IngestStubs.schemas(ingest, "stripe", new Fp(R33, 40, List.of("snowflake")));
        assertThat(sweep.sweep()).singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo("breaks"));

        // the owner publishes 1.1.0 (held, then rolled out) and withdraws 1.0.0
        registry(new V("stripe-disputes", "1.1.0", "active", DISPUTES_FIXED), new V("stripe-disputes", "1.0.0", "withdrawn", DISPUTES));
        UpgradeReport after = upgrades.check(2);

        assertThat(after.verdict()).isEqualTo("clean");
        assertThat(after.packs()).singleElement().satisfies(p -> {
            assertThat(p.version()).isEqualTo("1.1.0");
            assertThat(p.breaks()).isFalse();
        });
        List<Observation> old = recorded.observed().stream()
                .filter(o -> o.rule().equals(PackageUpgradeService.RULE) && o.labels().get("version").equals("1.0.0")).toList();
        assertThat(old).extracting(Observation::firing).containsExactly(true, false);
        given().auth().oauth2("test-operator").queryParam("connector", "stripe").queryParam("limit", "1")
                .when().get("/v1/package-upgrades")
                .then().statusCode(200).body("items[0].verdict", is("clean"));
    }

    @Test
    void theFirstReleaseOfAPackageIsTheBaselineAndBadRequestsAreProblems() throws IOException {
        registry(new V("stripe-disputes", "1.0.0", "active", DISPUTES));
        releases(Map.entry("0.14.1", R33));
        IngestStubs.schemas(ingest, "stripe", new Fp(R33, 40, List.of("snowflake")));

        given().auth().oauth2("test-operator").when().post("/v1/package-upgrades/1/check")
                .then().statusCode(200).body("verdict", is("baseline")).body("packs.size()", is(0));
        assertThat(recorded.observed()).isEmpty();

        given().auth().oauth2("test-operator").when().post("/v1/package-upgrades/x1/check")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2("test-operator").when().post("/v1/package-upgrades/77/check")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2("test-agent").when().post("/v1/package-upgrades/1/check").then().statusCode(403);
        given().auth().oauth2("test-agent").queryParam("connector", "Stripe!").when().get("/v1/package-upgrades")
                .then().statusCode(400);
        IngestStubs.ingestDown(ingest);
        given().auth().oauth2("test-operator").when().post("/v1/package-upgrades/1/check")
                .then().statusCode(503).contentType("application/problem+json");
    }
}
