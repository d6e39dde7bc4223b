package io.packops.ingest.packagereleases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.compat.schema.SchemaReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.packops.ingest.packs.RegistryFixtures.AGENT;
import static io.packops.ingest.packs.RegistryFixtures.INGEST;
import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.read;
import static io.packops.ingest.packs.RegistryFixtures.relations;
import static io.packops.ingest.packs.RegistryFixtures.snapshot;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code /v1/package-releases} with real releases of fivetran/dbt_stripe (packs/catalog-history/stripe/), and the
 * package version schema snapshots carry.
 */
@QuarkusTest
class PackageReleaseResourceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String R33 = "catalog-history/stripe/33-2024-09-25-e2677a5.catalog.json";
    static final String R34 = "catalog-history/stripe/34-2024-10-02-7cfdfc5.catalog.json";

    static String release(String connector, String version, String catalogFile) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("connector", connector).put("package", "fivetran/stripe")
                .put("version", version);
        body.set("catalog", JSON.readTree(read(catalogFile)));
        return body.toString();
    }

    @Test
    void aReleaseIsRegisteredOnceListedAndServedWithItsRelations() throws IOException {
        String connector = unique("stripe");
        String body = release(connector, "0.14.1", R33);
        String fingerprint = SchemaReader.read(read(R33)).fingerprint();

        int id = given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .when().post("/v1/package-releases")
                .then().statusCode(201)
                .body("connector", is(connector)).body("packageName", is("fivetran/stripe")).body("version", is("0.14.1"))
                .body("fingerprint", is(fingerprint)).body("models", greaterThan(10))
                .body("registeredBy", is("operator")).body("relations", nullValue())
                .extract().path("id");

        // a retry is answered with what is stored
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .when().post("/v1/package-releases")
                .then().statusCode(200).body("id", is(id));

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(release(connector, "0.14.1", R34))
                .when().post("/v1/package-releases")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already registered with another catalog"));

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(release(connector, "0.15.0", R34))
                .when().post("/v1/package-releases")
                .then().statusCode(201).body("version", is("0.15.0"));

        given().auth().oauth2(AGENT).queryParam("connector", connector)
                .when().get("/v1/package-releases")
                .then().statusCode(200)
                .body("items", hasSize(2)).body("items.version", is(List.of("0.15.0", "0.14.1")))
                .body("items[0].relations", nullValue());

        given().auth().oauth2(AGENT).when().get("/v1/package-releases/" + id)
                .then().statusCode(200)
                .body("version", is("0.14.1"))
                .body("relations.name", hasItem("stripe__balance_transactions"))
                .body("relations.find { it.name == 'stripe__balance_transactions' }.columns.name", hasItem("dispute_id"));
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceAndBadRequestsNeverReachTheStore() throws IOException {
        String connector = unique("stripe");
        String sourcesOnly = """
                {"connector": "Stripe!", "package": "Fivetran Stripe", "version": "1.0", "catalog": {
                  "metadata": {}, "nodes": {}, "sources": {"source.stripe.stripe.charge": {
                    "metadata": {"type": "BASE TABLE", "schema": "stripe", "name": "charge"},
                    "columns": {"id": {"type": "text", "index": 1, "name": "id"}}, "unique_id": "source.stripe.stripe.charge"}}}}""";

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(sourcesOnly)
                .when().post("/v1/package-releases")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", is(List.of("/connector", "/package", "/version", "/catalog")))
                .body("errors[3].message", containsString("has no dbt models"));

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON)
                .body("{\"connector\": \"" + connector + "\", \"package\": \"fivetran/stripe\", \"version\": 7,"
                        + " \"catalog\": {\"relations\": [{\"name\": \"m\", \"kind\": \"table\", \"columns\": []}]}}")
                .when().post("/v1/package-releases")
                .then().statusCode(422)
                .body("errors.field", is(List.of("/version", "/catalog/relations/0/kind")));

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"connector\": ")
                .when().post("/v1/package-releases")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("line 1"));

        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(release(connector, "0.14.1", R33))
                .when().post("/v1/package-releases")
                .then().statusCode(403);
        given().auth().oauth2(OPERATOR).when().get("/v1/package-releases/12x").then().statusCode(400);
        given().auth().oauth2(OPERATOR).when().get("/v1/package-releases/999999999").then().statusCode(404);
        given().auth().oauth2(OPERATOR).queryParam("connector", connector)
                .when().get("/v1/package-releases")
                .then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void snapshotsCarryThePackageVersionTheInstallerOrTheCatalogMetadataSays() throws IOException {
        String connector = unique("stripe");
        String declared = snapshot("acct_pkg_a", connector, "snowflake", "2026-11-25T10:00:00Z", relations(null))
                .replaceFirst("\\{", "{\"dbtPackage\": {\"name\": \"fivetran/stripe\", \"version\": \"0.14.1\"}, ");
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(declared)
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201)
                .body("dbtPackage.name", is("fivetran/stripe")).body("dbtPackage.version", is("0.14.1"));

        ObjectNode catalog = (ObjectNode) JSON.readTree(read(R33));
        ((ObjectNode) catalog.with("metadata")).putObject("env").put("DBT_ENV_CUSTOM_ENV_DBT_PACKAGE", "fivetran/stripe")
                .put("DBT_ENV_CUSTOM_ENV_DBT_PACKAGE_VERSION", "0.15.0");
        ObjectNode fromCatalog = JSON.createObjectNode().put("accountId", "acct_pkg_b").put("connector", connector)
                .put("warehouse", "bigquery").put("capturedAt", "2026-11-25T10:00:00Z");
        fromCatalog.set("dbtCatalog", catalog);
        given().auth().oauth2(INGEST).contentType(ContentType.JSON).body(fromCatalog.toString())
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).body("dbtPackage.version", is("0.15.0"));

        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(snapshot("acct_pkg_c", connector, "snowflake", "2026-11-25T10:00:00Z", relations(null)))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(201).body("dbtPackage", nullValue());

        given().auth().oauth2(AGENT).when().get("/v1/accounts/acct_pkg_a/schemas")
                .then().statusCode(200)
                .body("schemas.find { it.connector == '" + connector + "' }.dbtPackage.version", is("0.14.1"));

        given().auth().oauth2(OPERATOR).queryParam("connector", connector).queryParam("includeRelations", "false")
                .when().get("/v1/schemas")
                .then().statusCode(200)
                .body("items.find { it.accounts == 2 }.accountsByPackageVersion", is(java.util.Map.of("", 1, "0.14.1", 1)))
                .body("items.find { it.accounts == 1 }.accountsByPackageVersion", is(java.util.Map.of("0.15.0", 1)));

        given().auth().oauth2(INGEST).contentType(ContentType.JSON)
                .body(declared.replace("\"version\": \"0.14.1\"", "\"version\": 14"))
                .when().post("/v1/schema-snapshots")
                .then().statusCode(422).body("errors.field", is(List.of("/dbtPackage/version")));
    }
}
