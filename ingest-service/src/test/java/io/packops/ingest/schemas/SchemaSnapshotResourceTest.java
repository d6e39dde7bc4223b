package io.packops.ingest.schemas;

import io.packops.compat.schema.SchemaReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.packops.ingest.packs.RegistryFixtures.INGEST;
import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.read;
import static io.packops.ingest.packs.RegistryFixtures.relations;
import static io.packops.ingest.packs.RegistryFixtures.snapshot;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class SchemaSnapshotResourceTest {

    private static String post(String body, int status) {
        return given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(status).extract().asString();
    }

    @Test
    void nativeSnapshotIsStoredWithPackCompatsFingerprint() {
        String connector = unique("stripe");
        String body = snapshot("acct_native", connector, "snowflake", "2026-11-25T10:00:00Z", relations(null));
        String expected = SchemaReader.read(body).fingerprint();

        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201)
                .body("snapshotId", matchesPattern("[0-9a-f-]{36}"))
                .body("fingerprint", is(expected))
                .body("accountId", is("acct_native"))
                .body("connector", is(connector))
                .body("warehouse", is("snowflake"))
                .body("capturedAt", is("2026-11-25T10:00:00Z"))
                .body("relations", is(2))
                .body("columns", is(4))
                .body("current", is(true));
    }

    @Test
    void embeddedDbtCatalogGetsTheFingerprintPackCompatComputes() {
        String connector = unique("stripe");
        String catalog = read("catalogs/stripe.catalog.json");
        String body = "{\"accountId\": \"acct_dbt\", \"connector\": \"" + connector
                + "\", \"warehouse\": \"postgres\", \"dbtCatalog\": " + catalog + "}";
        String expected = SchemaReader.read(catalog).fingerprint();
        int relations = SchemaReader.read(catalog).relations().size();

        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201)
                .body("fingerprint", is(expected))
                .body("relations", is(relations));

        given().auth().oauth2(OPERATOR).when().get("/v1/schemas/" + expected)
                .then().statusCode(200)
                .body("relationCount", is(relations))
                .body("relations.find { it.name == 'stripe__balance_transactions' }.kind", is("model"))
                .body("relations.find { it.name == 'charge' }.source", is("stripe"))
                .body("relations.find { it.name == 'charge' }.columns.find { it.name == 'amount' }.family", is("integer"));

        // The stored body reads back with pack-compat (which ignores "family") to the same fingerprint.
        String json = given().auth().oauth2(OPERATOR).when().get("/v1/schemas/" + expected).then().extract().asString();
        String storedRelations = json.substring(json.indexOf("\"relations\":") + "\"relations\":".length(), json.lastIndexOf('}'));
        assertThat(SchemaReader.read("{\"relations\": " + storedRelations + "}").fingerprint()).isEqualTo(expected);
    }

    @Test
    void aLargeCatalogFitsTheBodyLimit() {
        String catalog = read("catalogs/shopify.catalog.json");
        String body = "{\"accountId\": \"acct_big\", \"connector\": \"" + unique("shopify")
                + "\", \"warehouse\": \"bigquery\", \"dbtCatalog\": " + catalog + "}";
        assertThat(body.length()).isGreaterThan(1_000_000);
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).body("fingerprint", is(SchemaReader.read(catalog).fingerprint()));
    }

    @Test
    void capturedAtDefaultsToTheReceiveTime() {
        Instant before = Instant.now().minusSeconds(1);
        String capturedAt = given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_now", unique("stripe"), "redshift", null, relations(null)))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).extract().path("capturedAt");
        assertThat(Instant.parse(capturedAt)).isAfter(before).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void aRetriedSnapshotIsStoredOnce() {
        String body = snapshot("acct_retry", unique("stripe"), "snowflake", "2026-11-20T08:00:00Z", relations(null));
        String first = given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots").then().statusCode(201).extract().path("snapshotId");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(200).body("snapshotId", is(first)).body("current", is(true));
    }

    @Test
    void capturedAtMoreThanFiveMinutesAheadIsRejected() {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_future", "stripe", "snowflake", future, relations(null)))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", is("/capturedAt"))
                .body("errors[0].message", containsString("in the future"));
        // within the allowed skew is fine
        String soon = Instant.now().plus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        post(snapshot("acct_future", unique("stripe"), "snowflake", soon, relations(null)), 201);
    }

    @Test
    void malformedJsonIsABadRequestWithLineAndColumn() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body("{\"accountId\": \"a\",\n \"connector\": \"stripe\",\n \"relations\": [}")
                .when().post("/v1/schema-snapshots")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("errors", hasSize(1))
                .body("errors[0].message", startsWith("line 3, column"))
                .body("errors[0].message", containsString("malformed JSON"));
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("")
                .when().post("/v1/schema-snapshots")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("empty"));
    }

    @Test
    void missingEnvelopeFieldsAreEachAFieldError() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body("{\"relations\": " + relations(null) + "}")
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", is(java.util.List.of("/accountId", "/connector", "/warehouse")))
                .body("errors.message", everyItem(containsString("required in a snapshot")));
    }

    @Test
    void aBareCatalogWithoutEnvelopeIsRejected() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(read("catalogs/github.catalog.json"))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422)
                .body("errors.field", hasItem("/accountId"));
    }

    @Test
    void badSlugsAndBadRelationsAreFieldErrorsWithPositions() {
        String body = """
                {"accountId": "acct 1", "connector": "Stripe", "warehouse": "snow flake",
                 "relations": [{"name": "charge", "kind": "table", "columns": []},
                               {"kind": "model", "columns": [{"type": "text"}]}]}""";
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("/accountId"))
                .body("errors.find { it.field == '/connector' }.message", containsString("line 1, column"))
                .body("errors.find { it.field == '/connector' }.message", containsString("not a slug"))
                .body("errors.field", hasItem("/warehouse"))
                .body("errors.find { it.field == '/relations/0/kind' }.message", startsWith("line 2, column"))
                .body("errors.find { it.field == '/relations/0/kind' }.message", containsString("unknown kind"))
                .body("errors.field", hasItem("/relations/1"));
    }

    @Test
    void aJsonArrayIsNotASnapshot() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422).body("errors[0].message", containsString("expected a JSON object"));
    }

    @Test
    void snapshotsAreJsonOnly() {
        given().auth().oauth2(INGEST).contentType(ContentType.TEXT).body("{}")
                .when().post("/v1/schema-snapshots")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void theResponseCarriesTheReceiveTime() {
        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_rt", unique("stripe"), "databricks", "2026-11-01T00:00:00.123456Z", relations(null)))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201)
                .body("capturedAt", is("2026-11-01T00:00:00.123456Z"))
                .body("receivedAt", notNullValue());
    }
}
