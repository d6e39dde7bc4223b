package io.packops.ingest;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The packaged service (target/quarkus-app) end to end: telemetry in, a release published and
 * withdrawn, stats out. Written against HTTP only, so it also runs against a native binary.
 */
@QuarkusIntegrationTest
class IngestServiceIT {

    @Test
    void packagedServiceTakesEventsPublishesAndRollsBack() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        String now = Instant.now().minusSeconds(30).toString();
        String event = """
                {"eventId": "%s", "type": "install", "occurredAt": "%s", "accountId": "acct_it",
                 "connector": "stripe", "pack": "stripe-revenue", "packVersion": "1.0.0", "warehouse": "snowflake",
                 "outcome": "failed", "stage": "compile", "errorCode": "SQL_COMPILATION",
                 "errorMessage": "invalid identifier 'AMOUNT' (password=hunter2)", "durationMs": 5400}
                """.formatted(UUID.randomUUID(), now);
        given().auth().oauth2("test-ingest").contentType("application/json").body(event)
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1)).body("duplicates", is(0));
        given().auth().oauth2("test-ingest").contentType("application/json").body(event)
                .when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(0)).body("duplicates", is(1));

        for (String version : new String[] {"1.0.0", "1.1.0"}) {
            given().auth().oauth2("test-operator").contentType("application/yaml")
                    .body(Files.readAllBytes(Path.of("..", "packs", "stripe-revenue", version + ".yaml")))
                    .when().post("/v1/packs")
                    .then().statusCode(org.hamcrest.Matchers.anyOf(is(200), is(201)));
        }
        given().auth().oauth2("test-agent").when().get("/v1/packs/stripe-revenue/release")
                .then().statusCode(200).body("servedVersion", is("1.1.0"));
        given().auth().oauth2("test-operator").contentType("application/json").body("{\"reason\": \"IT rollback\"}")
                .when().post("/v1/packs/stripe-revenue/versions/1.1.0/withdraw")
                .then().statusCode(200);
        given().auth().oauth2("test-agent").when().get("/v1/packs/stripe-revenue/release")
                .then().statusCode(200).body("servedVersion", is("1.0.0"));

        given().auth().oauth2("test-agent").when().get("/v1/stats/installs?window=1h&connector=stripe")
                .then().statusCode(200).body("total.failed", is(1)).body("total.attempts", is(1));
        given().auth().oauth2("test-agent").when().get("/v1/stats/failures?window=1h")
                .then().statusCode(200).body("groups[0].sampleMessage", notNullValue());
        given().when().get("/v1/stats/freshness").then().statusCode(401);
    }
}
