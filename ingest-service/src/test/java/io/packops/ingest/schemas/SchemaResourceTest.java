package io.packops.ingest.schemas;

import io.packops.ingest.system.PageCursor;
import io.packops.compat.schema.SchemaReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.packops.ingest.packs.RegistryFixtures.AGENT;
import static io.packops.ingest.packs.RegistryFixtures.INGEST;
import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.relations;
import static io.packops.ingest.packs.RegistryFixtures.snapshot;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class SchemaResourceTest {

    private static String post(String accountId, String connector, String warehouse, String capturedAt, String extraColumn) {
        return given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot(accountId, connector, warehouse, capturedAt, relations(extraColumn)))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).extract().path("fingerprint");
    }

    private static JsonPath schemas(String connector, String... query) {
        var request = given().auth().oauth2(AGENT).queryParam("connector", connector);
        for (int i = 0; i + 1 < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.when().get("/v1/schemas").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSameSchemaFromTwoAccountsIsOneFingerprintWithBothWarehouses() {
        String connector = unique("stripe");
        String a = post("acct_a", connector, "snowflake", "2026-11-25T10:00:00Z", null);
        String b = post("acct_b", connector, "bigquery", "2026-11-25T11:00:00Z", null);
        assertThat(a).isEqualTo(b);
        post("acct_c", connector, "snowflake", "2026-11-25T09:00:00Z", null);

        given().auth().oauth2(OPERATOR).queryParam("connector", connector)
                .when().get("/v1/schemas")
                .then().statusCode(200)
                .body("connector", is(connector))
                .body("totalAccounts", is(3))
                .body("totalFingerprints", is(1))
                .body("items", hasSize(1))
                .body("items[0].fingerprint", is(a))
                .body("items[0].accounts", is(3))
                .body("items[0].accountIds", is(List.of("acct_a", "acct_b", "acct_c")))
                .body("items[0].accountIdsTruncated", is(false))
                .body("items[0].warehouses", is(List.of("bigquery", "snowflake")))
                // a pack can break on one warehouse's dialect only: the accounts per warehouse say how many it reaches
                .body("items[0].accountsByWarehouse.bigquery", is(1))
                .body("items[0].accountsByWarehouse.snowflake", is(2))
                .body("items[0].newestCapturedAt", is("2026-11-25T11:00:00Z"))
                .body("items[0].relationCount", is(2))
                .body("items[0].relations.name", is(List.of("stripe__balance_transactions", "charge")))
                .body("items[0].relations[1].columns.family", is(List.of("string", "integer")))
                .body("items[0].relations[1].columns.type", is(List.of("VARCHAR", "NUMBER(38,0)")))
                .body("nextCursor", nullValue());
    }

    @Test
    void aNewerSnapshotReplacesTheCurrentSchemaAndALateOlderOneDoesNot() {
        String connector = unique("stripe");
        String v1 = post("acct_c", connector, "snowflake", "2026-11-25T10:00:00Z", null);
        String v2 = post("acct_c", connector, "snowflake", "2026-11-25T12:00:00Z", "refunded");
        assertThat(v2).isNotEqualTo(v1);
        assertThat(schemas(connector).getList("items.fingerprint")).containsExactly(v2);

        // an older capture arriving late is history only
        String late = given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_c", connector, "snowflake", "2026-11-25T11:00:00Z", relations("captured")))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).body("current", is(false)).extract().path("fingerprint");
        assertThat(late).isNotEqualTo(v2);
        JsonPath page = schemas(connector);
        assertThat(page.getList("items.fingerprint")).containsExactly(v2);
        assertThat(page.getInt("totalAccounts")).isEqualTo(1);

        given().auth().oauth2(AGENT).when().get("/v1/accounts/acct_c/schemas")
                .then().statusCode(200)
                .body("schemas.find { it.connector == '" + connector + "' }.fingerprint", is(v2))
                .body("schemas.find { it.connector == '" + connector + "' }.capturedAt", is("2026-11-25T12:00:00Z"));

        // and the late fingerprint's body is still stored, with nobody on it
        given().auth().oauth2(AGENT).when().get("/v1/schemas/" + late)
                .then().statusCode(200).body("accounts", is(0));
    }

    @Test
    void anAccountMovingBetweenFingerprintsUpdatesTheCounts() {
        String connector = unique("stripe");
        String shared = post("acct_1", connector, "snowflake", "2026-11-20T00:00:00Z", null);
        post("acct_2", connector, "snowflake", "2026-11-20T00:00:00Z", null);
        String upgraded = post("acct_2", connector, "snowflake", "2026-11-21T00:00:00Z", "upgraded");

        JsonPath page = schemas(connector);
        assertThat(page.getList("items.fingerprint")).containsExactlyInAnyOrder(shared, upgraded);
        assertThat(page.getInt("items.find { it.fingerprint == '" + shared + "' }.accounts")).isEqualTo(1);
        assertThat(page.getInt("items.find { it.fingerprint == '" + upgraded + "' }.accounts")).isEqualTo(1);
    }

    @Test
    void schemasArePagedByOpaqueCursor() {
        String connector = unique("stripe");
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fingerprints.add(post("acct_p" + i, connector, "postgres", "2026-11-25T10:00:00Z", "col" + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = cursor == null
                    ? schemas(connector, "limit", "2", "includeRelations", "false")
                    : schemas(connector, "limit", "2", "includeRelations", "false", "cursor", cursor);
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(2);
            assertThat(page.getList("items.relations")).containsOnlyNulls();
            assertThat(page.getInt("totalFingerprints")).isEqualTo(5);
            seen.addAll(page.getList("items.fingerprint"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(fingerprints.stream().sorted().toList());
    }

    @Test
    void oneSchemaBodyByFingerprint() {
        String connector = unique("stripe");
        // a column of its own: bodies are shared by fingerprint across connectors
        String fp = post("acct_body", connector, "redshift", "2026-11-25T10:00:00Z", unique("col").replace('-', '_'));
        given().auth().oauth2(AGENT).when().get("/v1/schemas/" + fp)
                .then().statusCode(200)
                .body("fingerprint", is(fp))
                .body("connectors", is(List.of(connector)))
                .body("warehouses", is(List.of("redshift")))
                .body("accounts", is(1))
                .body("columnCount", is(5))
                .body("relations[0].columns[1].family", is("timestamp"));
    }

    @Test
    void unknownAndMalformedFingerprints() {
        given().auth().oauth2(AGENT).when().get("/v1/schemas/sha256:" + "0".repeat(64))
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AGENT).when().get("/v1/schemas/md5:abc")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("fingerprint"));
    }

    @Test
    void accountSchemasListTheCurrentSchemaPerConnector() {
        String account = unique("acct");
        String stripe = unique("stripe");
        String hubspot = unique("hubspot");
        String a = post(account, stripe, "snowflake", "2026-11-25T10:00:00Z", null);
        String b = post(account, hubspot, "snowflake", "2026-11-25T10:00:00Z", "x");
        given().auth().oauth2(OPERATOR).when().get("/v1/accounts/" + account + "/schemas")
                .then().statusCode(200)
                .body("accountId", is(account))
                .body("schemas", hasSize(2))
                .body("schemas.find { it.connector == '" + stripe + "' }.fingerprint", is(a))
                .body("schemas.find { it.connector == '" + hubspot + "' }.fingerprint", is(b))
                .body("schemas[0].relationCount", is(2));
        given().auth().oauth2(OPERATOR).when().get("/v1/accounts/" + unique("nobody") + "/schemas")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void accountSchemasCarryTheRelationsALinkAndTheFingerprintHistory() {
        String account = unique("acct");
        String stripe = unique("stripe");
        String a = post(account, stripe, "snowflake", "2026-11-20T10:00:00Z", null);
        String b = post(account, stripe, "snowflake", "2026-11-21T10:00:00Z", "refunded");
        post(account, stripe, "bigquery", "2026-11-22T10:00:00Z", null); // back to a, on another warehouse
        given().auth().oauth2(AGENT).when().get("/v1/accounts/" + account + "/schemas")
                .then().statusCode(200)
                .body("schemas", hasSize(1))
                // the fields it always had
                .body("schemas[0].fingerprint", is(a))
                .body("schemas[0].warehouse", is("bigquery"))
                .body("schemas[0].capturedAt", is("2026-11-22T10:00:00Z"))
                .body("schemas[0].relationCount", is(2))
                .body("schemas[0].columnCount", is(4))
                // the relations, where GET /v1/schemas/{fingerprint} serves them, and the history
                .body("schemas[0].relations.name", is(List.of("stripe__balance_transactions", "charge")))
                .body("schemas[0].relations[1].columns.name", is(List.of("id", "amount")))
                .body("schemas[0].schemaUrl", is("/v1/schemas/" + a))
                .body("schemas[0].history.fingerprint", is(List.of(a, b)))
                .body("schemas[0].history[0].firstCapturedAt", is("2026-11-20T10:00:00Z"))
                .body("schemas[0].history[0].lastCapturedAt", is("2026-11-22T10:00:00Z"))
                .body("schemas[0].history[0].snapshots", is(2))
                .body("schemas[0].history[0].warehouse", is("bigquery"))
                .body("schemas[0].history[1].firstCapturedAt", is("2026-11-21T10:00:00Z"))
                .body("schemas[0].history[1].snapshots", is(1))
                .body("schemas[0].history[1].schemaUrl", is("/v1/schemas/" + b))
                .body("schemas[0].historyTruncated", is(false));
        // the link serves the same relations
        given().auth().oauth2(AGENT).when().get("/v1/schemas/" + a)
                .then().statusCode(200).body("relations.name", is(List.of("stripe__balance_transactions", "charge")));
        given().auth().oauth2(AGENT).queryParam("includeRelations", "false").when().get("/v1/accounts/" + account + "/schemas")
                .then().statusCode(200)
                .body("schemas[0].fingerprint", is(a))
                .body("schemas[0]", not(hasKey("relations")));
        given().auth().oauth2(AGENT).queryParam("includeRelations", "maybe").when().get("/v1/accounts/" + account + "/schemas")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("includeRelations"));
    }

    @Test
    void badQueryParametersAreBadRequests() {
        String[][] cases = {
                {"", null, "connector"},
                {"Stripe", null, "connector"},
                {"stripe", "limit=0", "limit"},
                {"stripe", "limit=501", "limit"},
                {"stripe", "limit=ten", "limit"},
                {"stripe", "cursor=not-a-cursor", "cursor"},
                {"stripe", "includeRelations=maybe", "includeRelations"},
        };
        for (String[] c : cases) {
            var request = given().auth().oauth2(AGENT);
            if (!c[0].isEmpty()) {
                request = request.queryParam("connector", c[0]);
            }
            if (c[1] != null) {
                request = request.queryParam(c[1].split("=")[0], c[1].split("=")[1]);
            }
            request.when().get("/v1/schemas")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", is(c[2]));
        }
        // a cursor of another list is refused too
        String packsCursor = PageCursor.encode("packs", "stripe-revenue");
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("cursor", packsCursor)
                .when().get("/v1/schemas").then().statusCode(400).body("detail", containsString("cursor"));
    }

    @Test
    void concurrentSnapshotsShareOneBodyAndSettleOnTheNewestCapture() throws Exception {
        String connector = unique("stripe");
        String column = unique("race").replace('-', '_');
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = snapshot("acct_r" + i, connector, "snowflake", "2026-11-25T10:00:00Z", relations(column));
                calls.add(() -> given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                        .when().post("/v1/schema-snapshots").then().extract().statusCode());
            }
            for (int i = 0; i < 8; i++) {
                String body = snapshot("acct_same", connector, "snowflake", "2026-11-25T1" + i + ":00:00Z", relations("v" + i));
                calls.add(() -> given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(body)
                        .when().post("/v1/schema-snapshots").then().extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonPath page = schemas(connector, "includeRelations", "false");
        assertThat(page.getInt("totalAccounts")).isEqualTo(9);
        String shared = SchemaReader.read(snapshot("x", "x", "x", null, relations(column))).fingerprint();
        assertThat(page.getInt("items.find { it.fingerprint == '" + shared + "' }.accounts")).isEqualTo(8);
        String newest = SchemaReader.read(snapshot("x", "x", "x", null, relations("v7"))).fingerprint();
        given().auth().oauth2(AGENT).when().get("/v1/accounts/acct_same/schemas")
                .then().statusCode(200)
                .body("schemas.find { it.connector == '" + connector + "' }.fingerprint", is(newest))
                .body("schemas.find { it.connector == '" + connector + "' }.capturedAt", is("2026-11-25T17:00:00Z"));
    }

    @Test
    void anUnknownConnectorHasNoSchemas() {
        JsonPath page = schemas(unique("nobody"));
        assertThat(page.getList("items")).isEmpty();
        assertThat(page.getInt("totalAccounts")).isZero();
    }

    @Test
    void packCompatFingerprintIgnoresTypeSpellingSoOneBodyServesBoth() {
        String connector = unique("stripe");
        String varchar = given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_s1", connector, "snowflake", null,
                        "[{\"name\": \"t\", \"kind\": \"model\", \"columns\": [{\"name\": \"a\", \"type\": \"VARCHAR\"}]}]"))
                .when().post("/v1/schema-snapshots").then().statusCode(201).extract().path("fingerprint");
        String text = given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_s2", connector, "postgres", null,
                        "[{\"name\": \"T\", \"kind\": \"model\", \"columns\": [{\"name\": \"A\", \"type\": \"text\"}]}]"))
                .when().post("/v1/schema-snapshots").then().statusCode(201).extract().path("fingerprint");
        assertThat(text).isEqualTo(varchar).isEqualTo(SchemaReader.read(
                "{\"relations\": [{\"name\": \"t\", \"kind\": \"model\", \"columns\": [{\"name\": \"a\", \"type\": \"string\"}]}]}")
                .fingerprint());
        assertThat(schemas(connector).getList("items")).hasSize(1);
    }
}
