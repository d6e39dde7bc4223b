package io.packops.alerting.compat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.InjectIngestMock;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.compat.schema.WarehouseSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.packops.alerting.rules.IngestStubs.resource;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(RulesTestProfile.class)
class CompatApiTest {

    static final String V100 = resource("packs/stripe-revenue/1.0.0.yaml");
    static final String V110 = resource("packs/stripe-revenue/1.1.0.yaml");
    static final String CATALOG = resource("packs/catalogs/stripe.catalog.json");

    @InjectIngestMock
    WireMockServer ingest;

    @BeforeEach
    void reset() {
        ingest.resetAll();
        IngestStubs.resetCircuits();
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String checkBody(String manifest, String schemaJson) throws Exception {
        return "{\"manifest\": " + IngestStubs.JSON.writeValueAsString(manifest) + ",\n \"schema\": " + schemaJson + "}";
    }

    @Test
    void checkReportsTheBrokenTilesOfStripe110AgainstTheRealCatalog() throws Exception {
        given().auth().oauth2("test-agent").contentType("application/json").body(checkBody(V110, CATALOG))
                .when().post("/v1/compat/check")
                .then().statusCode(200)
                .body("pack", is("stripe-revenue")).body("version", is("1.1.0"))
                .body("fingerprint", startsWith("sha256:"))
                .body("compatible", is(false))
                .body("problems.code", hasItem("MISSING_COLUMN"))
                .body("problems.severity", hasItem("error"))
                .body("problems.tile", hasItem("fee_rate_by_month"))
                .body("problems.findAll { it.code == 'MISSING_COLUMN' }.column", hasItem("currency"));
    }

    @Test
    void checkPassesStripe100() throws Exception {
        given().auth().oauth2("test-operator").contentType("application/json").body(checkBody(V100, CATALOG))
                .when().post("/v1/compat/check")
                .then().statusCode(200).body("compatible", is(true));
    }

    @Test
    void badManifestIs422WithLineAndColumn() throws Exception {
        String broken = "apiVersion: packops/v1\nkind: DashboardPack\nname: Not A Slug\nversion: one\n";
        given().auth().oauth2("test-agent").contentType("application/json").body(checkBody(broken, CATALOG))
                .when().post("/v1/compat/check")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", everyItem(startsWith("manifest")))
                .body("errors.message", hasItem(startsWith("line 3, column")));
    }

    @Test
    void badSchemaIs422WithLineAndColumnInTheRequestBody() throws Exception {
        String schema = "{\"relations\": [\n  {\"name\": \"charge\", \"kind\": \"table\", \"columns\": []}]}";
        // the schema starts on line 2 of the body, so its line 2 is the body's line 3
        given().auth().oauth2("test-agent").contentType("application/json").body(checkBody(V100, schema))
                .when().post("/v1/compat/check")
                .then().statusCode(422)
                .body("errors[0].field", startsWith("schema/relations/0"))
                .body("errors[0].message", startsWith("line 3, column"));
    }

    @Test
    void notJsonIs400() {
        given().auth().oauth2("test-agent").contentType("application/json").body("{\"manifest\": ")
                .when().post("/v1/compat/check")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("line 1"));
    }

    @Test
    void yamlManifestIsCheckedAgainstAFingerprintFromIngest() {
        WarehouseSchema stripe = IngestStubs.stripeCatalog();
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 3, List.of("snowflake")));
        given().auth().oauth2("test-agent").contentType("application/yaml").body(bytes(V110))
                .queryParam("fingerprint", stripe.fingerprint())
                .when().post("/v1/compat/check")
                .then().statusCode(200).body("fingerprint", is(stripe.fingerprint())).body("compatible", is(false));
        given().auth().oauth2("test-agent").contentType("application/yaml").body(bytes(V110))
                .queryParam("fingerprint", "sha256:" + "0".repeat(64))
                .when().post("/v1/compat/check")
                .then().statusCode(404);
        given().auth().oauth2("test-agent").contentType("application/yaml").body(bytes(V110))
                .when().post("/v1/compat/check")
                .then().statusCode(400).body("errors[0].field", is("fingerprint"));
    }

    @Test
    void gateBlocksStripe110WithItsBlastRadiusAndPasses100() {
        WarehouseSchema stripe = IngestStubs.stripeCatalog();
        WarehouseSchema older = IngestStubs.withoutColumn(stripe, "stripe__customer_overview", "is_delinquent");
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("snowflake", "bigquery")),
                new Fp(older, 2, List.of("postgres")));

        given().auth().oauth2("test-operator").contentType("application/yaml").body(bytes(V110))
                .when().post("/v1/compat/gate")
                .then().statusCode(200)
                .body("verdict", is("block")).body("pack", is("stripe-revenue")).body("version", is("1.1.0"))
                .body("connector", is("stripe"))
                .body("blastRadius.accounts", is(42)).body("blastRadius.fingerprints", is(2))
                .body("blastRadius.warehouses", is(List.of("bigquery", "postgres", "snowflake")))
                .body("fingerprints", hasSize(2))
                .body("fingerprints.compatible", everyItem(is(false)))
                .body("fingerprints[0].problems.code", hasItem("MISSING_COLUMN"));

        given().auth().oauth2("test-operator").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate")
                .then().statusCode(200)
                .body("verdict", is("block")) // 1.0.0 uses is_delinquent: the older schema (2 accounts) breaks it
                .body("blastRadius.accounts", is(2)).body("blastRadius.fingerprints", is(1))
                .body("fingerprints.find { it.fingerprint == '" + stripe.fingerprint() + "' }.compatible", is(true));
    }

    @Test
    void theGatesBlastRadiusOfAVersionBrokenOnOneWarehouseIsThatWarehousesAccounts() {
        WarehouseSchema stripe = IngestStubs.stripeCatalog();
        IngestStubs.schemas(ingest, "stripe", new Fp(stripe, 40, List.of("bigquery", "postgres", "snowflake"),
                Map.of("snowflake", 25L, "bigquery", 9L, "postgres", 6L)));

        given().auth().oauth2("test-operator").contentType("application/yaml")
                .body(bytes(resource("packs/stripe-revenue/1.2.0.yaml")))
                .when().post("/v1/compat/gate")
                .then().statusCode(200)
                .body("verdict", is("block"))
                .body("blastRadius.accounts", is(6)).body("blastRadius.warehouses", is(List.of("postgres")))
                .body("fingerprints[0].compatible", is(false))
                .body("fingerprints[0].accounts", is(40))
                .body("fingerprints[0].brokenWarehouses", is(List.of("postgres")))
                .body("fingerprints[0].brokenAccounts", is(6))
                .body("fingerprints[0].problems", hasSize(1))
                .body("fingerprints[0].problems[0].tile", is("mrr_by_currency"))
                .body("fingerprints[0].problems[0].warehouses", is(List.of("postgres")));
    }

    @Test
    void gatePassesStripe100AgainstTheRealCatalog() {
        IngestStubs.schemas(ingest, "stripe", new Fp(IngestStubs.stripeCatalog(), 40, List.of("snowflake")));
        given().auth().oauth2("test-operator").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate")
                .then().statusCode(200)
                .body("verdict", is("pass"))
                .body("blastRadius.accounts", is(0)).body("blastRadius.fingerprints", is(0))
                .body("totalAccounts", is(40))
                .body("fingerprints[0].compatible", is(true));
    }

    @Test
    void gateAnswers503WhenIngestIsDownNeverPass() {
        IngestStubs.ingestDown(ingest);
        given().auth().oauth2("test-operator").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate")
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("ingest-service"));
    }

    @Test
    void badManifestAtTheGateIs422() {
        given().auth().oauth2("test-operator").contentType("application/yaml").body(bytes("name: [unclosed\n"))
                .when().post("/v1/compat/gate")
                .then().statusCode(422).body("errors[0].message", startsWith("line "));
    }

    @Test
    void endpointsNeedATokenAndTheRightRole() throws Exception {
        given().contentType("application/json").body(checkBody(V100, CATALOG))
                .when().post("/v1/compat/check").then().statusCode(401);
        given().auth().oauth2("test-ingest").contentType("application/json").body(checkBody(V100, CATALOG))
                .when().post("/v1/compat/check").then().statusCode(403);
        given().contentType("application/yaml").body(bytes(V100)).when().post("/v1/compat/gate").then().statusCode(401);
        given().auth().oauth2("not-a-token").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate").then().statusCode(401);
        given().auth().oauth2("test-agent").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate").then().statusCode(403);
        given().auth().oauth2("test-ingest").contentType("application/yaml").body(bytes(V100))
                .when().post("/v1/compat/gate").then().statusCode(403);
    }
}
