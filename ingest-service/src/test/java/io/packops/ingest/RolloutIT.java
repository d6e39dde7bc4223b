package io.packops.ingest;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A canary that fails on BigQuery, against the packaged service over HTTP only (the calls of a canary-abort drill,
 * with the analysis' abort posted as alerting-service would): rollout at 10 %, canary accounts install and fail,
 * abort, everyone back on the stable version, and how many accounts ever installed the canary.
 */
@QuarkusIntegrationTest
class RolloutIT {

    @Test
    void aFailingCanaryIsAbortedAndEveryoneGetsTheStableVersion() throws Exception {
        String pack = "canary-it-" + UUID.randomUUID().toString().substring(0, 8);
        for (String version : new String[] {"1.0.0", "1.1.0"}) {
            String manifest = Files.readString(Path.of("..", "packs", "stripe-revenue", version + ".yaml"))
                    .replaceFirst("(?m)^name: .*$", "name: " + pack);
            given().auth().oauth2("test-operator").contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8))
                    .when().post("/v1/packs").then().statusCode(201);
        }
        long id = given().auth().oauth2("test-operator").contentType("application/json")
                .body("{\"steps\": [10, 100], \"stepMinutes\": 30, \"analysis\": {\"maxFailureRate\": 0.05, \"maxRatioToStable\": 2.0, \"minInstalls\": 50}}")
                .when().post("/v1/packs/" + pack + "/versions/1.1.0/rollout")
                .then().statusCode(201).body("stableVersion", is("1.0.0")).body("step", is(10))
                .extract().jsonPath().getLong("id");

        List<String> canary = new ArrayList<>();
        List<String> events = new ArrayList<>();
        String at = Instant.now().minusSeconds(30).toString();
        for (int i = 0; i < 200; i++) {
            String account = "acct_it_" + i;
            JsonPath r = given().auth().oauth2("test-ingest").queryParam("account", account).queryParam("warehouse", "bigquery")
                    .when().get("/v1/packs/" + pack + "/release").then().statusCode(200).extract().jsonPath();
            String version = r.getString("servedVersion");
            boolean failed = version.equals("1.1.0");
            if (failed) {
                canary.add(account);
            }
            events.add("""
                    {"eventId": "%s", "type": "install", "occurredAt": "%s", "accountId": "%s", "connector": "stripe",
                     "pack": "%s", "packVersion": "%s", "warehouse": "bigquery", "outcome": "%s", "stage": "compile"%s}
                    """.formatted(UUID.randomUUID(), at, account, pack, version, failed ? "failed" : "succeeded",
                    failed ? ", \"errorCode\": \"SQL_COMPILATION\", \"errorMessage\": \"invalid identifier 'AMOUNT'\"" : ""));
        }
        assertThat(canary.size()).isBetween(8, 35); // ~10 % of 200
        given().auth().oauth2("test-ingest").contentType("application/json").body(("[" + String.join(",", events) + "]").getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/events").then().statusCode(202).body("accepted", is(200));

        given().auth().oauth2("test-operator").contentType("application/json").body("""
                        {"decision": "abort", "fromStep": 10, "check": "install-failure-rate",
                         "reason": "canary install failure rate 100 % exceeds the maximum 5 %",
                         "metrics": {"install": {"canary": {"version": "1.1.0", "rate": 1.0}, "stable": {"version": "1.0.0", "rate": 0.0}}}}""")
                .when().post("/v1/rollouts/" + id + "/analysis").then().statusCode(200).body("state", is("aborted"));

        for (String account : canary) {
            given().auth().oauth2("test-ingest").queryParam("account", account).queryParam("warehouse", "bigquery")
                    .when().get("/v1/packs/" + pack + "/release").then().statusCode(200).body("servedVersion", is("1.0.0"));
        }
        given().auth().oauth2("test-agent").when().get("/v1/packs/" + pack + "/release").then().statusCode(200)
                .body("servedVersion", is("1.0.0"));
        given().auth().oauth2("test-agent").when().get("/v1/rollouts/" + id).then().statusCode(200)
                .body("state", is("aborted")).body("timeline[-1].check", is("install-failure-rate"))
                .body("timeline[-1].metrics.install.canary.rate", is(1.0f));
        // how many accounts ever installed the bad version
        given().auth().oauth2("test-agent").queryParam("window", "1h").queryParam("pack", pack).queryParam("version", "1.1.0")
                .when().get("/v1/stats/installs").then().statusCode(200)
                .body("total.accounts", is(canary.size())).body("total.failed", is(canary.size()));
    }
}
