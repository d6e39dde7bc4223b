package io.packops.ingest.rollouts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.packops.ingest.packs.RegistryFixtures.AGENT;
import static io.packops.ingest.packs.RegistryFixtures.INGEST;
import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.manifest;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class RolloutResourceTest {

    static final String ROLLOUT = "{\"steps\": [5, 25, 50, 100], \"stepMinutes\": 30,"
            + " \"analysis\": {\"maxFailureRate\": 0.05, \"maxRatioToStable\": 2.0, \"minInstalls\": 50}}";

    @Inject
    RolloutMetrics metrics;

    /** A pack with 1.0.0 and 1.1.0 published (1.1.0 the highest). */
    static String pack() {
        String pack = unique("ro");
        publish(manifest("stripe-revenue/1.0.0.yaml", pack, null));
        publish(manifest("stripe-revenue/1.1.0.yaml", pack, null));
        return pack;
    }

    static void publish(String manifest) {
        given().auth().oauth2(OPERATOR).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(201);
    }

    static ValidatableResponse start(String pack, String version, String body) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .when().post("/v1/packs/" + pack + "/versions/" + version + "/rollout").then();
    }

    static ValidatableResponse action(String pack, String version, String action, String reason) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"reason\": \"" + reason + "\"}")
                .when().post("/v1/packs/" + pack + "/versions/" + version + "/rollout/" + action).then();
    }

    static ValidatableResponse decide(long id, String decision, int fromStep, String check, String metrics) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON)
                .body("{\"decision\": \"" + decision + "\", \"fromStep\": " + fromStep + ", \"check\": \"" + check
                        + "\", \"reason\": \"" + check + " at " + fromStep + "\", \"metrics\": " + metrics + "}")
                .when().post("/v1/rollouts/" + id + "/analysis").then();
    }

    static JsonPath release(String pack, String account, String warehouse) {
        var request = given().auth().oauth2(INGEST).queryParam("account", account);
        if (warehouse != null) {
            request = request.queryParam("warehouse", warehouse);
        }
        return request.when().get("/v1/packs/" + pack + "/release").then().statusCode(200).extract().jsonPath();
    }

    static String served(String pack) {
        return given().auth().oauth2(INGEST).when().get("/v1/packs/" + pack + "/release").then().statusCode(200)
                .extract().path("servedVersion");
    }

    static JsonPath rollout(long id) {
        return given().auth().oauth2(AGENT).when().get("/v1/rollouts/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void startingARolloutKeepsThePreviousServedVersionStableAndServesTheCanaryToLowBuckets() {
        String pack = pack();
        assertThat(served(pack)).isEqualTo("1.1.0"); // publish alone serves the highest version
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201)
                .header("Location", containsString("/v1/rollouts/"))
                .body("state", is("progressing")).body("step", is(5)).body("steps", is(List.of(5, 25, 50, 100)))
                .body("canaryVersion", is("1.1.0")).body("stableVersion", is("1.0.0")).body("createdBy", is("operator"))
                .body("analysis.minInstalls", is(50)).body("timeline[0].kind", is("started"))
                .extract().jsonPath().getLong("id");
        assertThat(id).isPositive();
        // without an account: the stable version (the canary is held back while it rolls out)
        assertThat(served(pack)).isEqualTo("1.0.0");
        given().auth().oauth2(AGENT).when().get("/v1/packs?limit=500").then().statusCode(200);

        int canary = 0;
        for (int i = 0; i < 60; i++) {
            String account = "acct_" + i;
            JsonPath r = release(pack, account, "snowflake");
            int bucket = RolloutBuckets.bucket(pack, account);
            assertThat(r.getInt("bucket")).isEqualTo(bucket);
            assertThat(r.getString("servedVersion")).isEqualTo(bucket < 5 ? "1.1.0" : "1.0.0");
            assertThat(r.getString("track")).isEqualTo(bucket < 5 ? "canary" : "stable");
            assertThat(r.getLong("rollout.id")).isEqualTo(id);
            canary += bucket < 5 ? 1 : 0;
        }
        assertThat(canary).isLessThan(15);
        // the same account gets the same answer every time within a step
        assertThat(release(pack, "acct_7", "snowflake").getString("servedVersion"))
                .isEqualTo(release(pack, "acct_7", "snowflake").getString("servedVersion"));
    }

    @Test
    void aVersionPublishedHeldReachesNobodyUntilItsRolloutStartsAndEveryoneWhenPromoted() {
        String pack = unique("ro");
        publish(manifest("stripe-revenue/1.0.0.yaml", pack, null));
        given().auth().oauth2(OPERATOR).contentType("application/yaml").queryParam("hold", "true")
                .body(manifest("stripe-revenue/1.1.0.yaml", pack, null).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(201).body("heldForRollout", is(true)).body("status", is("active"));

        // published, but nobody is served it: not the release view, not any account
        assertThat(served(pack)).isEqualTo("1.0.0");
        for (int i = 0; i < 200; i++) {
            assertThat(release(pack, "acct_" + i, "snowflake").getString("servedVersion")).as("acct_" + i).isEqualTo("1.0.0");
        }
        String low = lowBucketAccount(pack, 5);

        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).body("stableVersion", is("1.0.0"))
                .extract().jsonPath().getLong("id");
        assertThat(release(pack, low, "snowflake").getString("servedVersion")).isEqualTo("1.1.0");
        assertThat(served(pack)).isEqualTo("1.0.0");

        action(pack, "1.1.0", "promote", "looks good").statusCode(200);
        assertThat(rollout(id).getString("state")).isEqualTo("promoted");
        assertThat(served(pack)).isEqualTo("1.1.0");
        assertThat(release(pack, "acct_150", "bigquery").getString("servedVersion")).isEqualTo("1.1.0");
    }

    @Test
    void holdIsTrueOrFalse() {
        String pack = unique("ro");
        given().auth().oauth2(OPERATOR).contentType("application/yaml").queryParam("hold", "yes")
                .body(manifest("stripe-revenue/1.0.0.yaml", pack, null).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("hold"));
        given().auth().oauth2(OPERATOR).contentType("application/yaml").queryParam("hold", "false")
                .body(manifest("stripe-revenue/1.0.0.yaml", pack, null).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(201).body("heldForRollout", nullValue());
        assertThat(served(pack)).isEqualTo("1.0.0");
    }

    @Test
    void stepsAdvanceMonotonicallyAndPromotionServesEveryone() {
        String pack = pack();
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).extract().jsonPath().getLong("id");
        Set<String> inCanary = new HashSet<>();
        int step = 5;
        for (int next : List.of(25, 50, 100)) {
            Set<String> now = canaryAccounts(pack, 100);
            assertThat(now).containsAll(inCanary);
            inCanary = now;
            decide(id, "advance", step, "healthy", "{\"install\": {\"canary\": {\"rate\": 0.01}, \"stable\": {\"rate\": 0.02}}}")
                    .statusCode(200).body("step", is(next)).body("state", is("progressing"));
            step = next;
        }
        Set<String> all = canaryAccounts(pack, 100);
        assertThat(all).containsAll(inCanary).hasSize(100); // at 100 % every account of the cohort
        assertThat(served(pack)).isEqualTo("1.0.0"); // not promoted yet: installers without an account stay stable

        decide(id, "advance", 100, "healthy", "{}").statusCode(200).body("state", is("promoted")).body("step", is(100))
                .body("endedAt", org.hamcrest.Matchers.notNullValue());
        assertThat(served(pack)).isEqualTo("1.1.0");
        JsonPath r = release(pack, "acct_1", "bigquery");
        assertThat(r.getString("servedVersion")).isEqualTo("1.1.0");
        assertThat(r.getString("track")).isNull(); // no rollout running any more
        JsonPath view = rollout(id);
        assertThat(view.getList("timeline.kind")).containsExactly("started", "advanced", "advanced", "advanced", "promoted");
        assertThat(view.getList("timeline.fromStep", Integer.class)).containsExactly(null, 5, 25, 50, 100);
        assertThat(view.getDouble("timeline[1].metrics.install.canary.rate")).isEqualTo(0.01);
        assertThat(view.getString("timeline[1].check")).isEqualTo("healthy");
        // a promoted version cannot be rolled out again, nor aborted
        start(pack, "1.1.0", ROLLOUT).statusCode(409).contentType("application/problem+json");
        action(pack, "1.1.0", "abort", "too late").statusCode(409).body("detail", containsString("withdraw"));
    }

    private static Set<String> canaryAccounts(String pack, int n) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if ("canary".equals(release(pack, "acct_" + i, "snowflake").getString("track"))) {
                out.add("acct_" + i);
            }
        }
        return out;
    }

    @Test
    void cohortLimitsTheCanaryToItsWarehousesUntilPromotion() {
        String pack = pack();
        long id = start(pack, "1.1.0", "{\"steps\": [50, 100], \"stepMinutes\": 10, \"cohort\": {\"warehouses\": [\"snowflake\"]}}")
                .statusCode(201).body("cohort.warehouses", is(List.of("snowflake"))).extract().jsonPath().getLong("id");
        String low = null;
        for (int i = 0; low == null; i++) {
            if (RolloutBuckets.bucket(pack, "acct_" + i) < 50) {
                low = "acct_" + i;
            }
        }
        assertThat(release(pack, low, "snowflake").getString("servedVersion")).isEqualTo("1.1.0");
        JsonPath outside = release(pack, low, "bigquery");
        assertThat(outside.getString("servedVersion")).isEqualTo("1.0.0");
        assertThat(outside.getBoolean("rollout.inCohort")).isFalse();
        // no warehouse given: the account cannot be shown to be in the cohort, so it gets the stable version
        assertThat(release(pack, low, null).getString("servedVersion")).isEqualTo("1.0.0");
        decide(id, "advance", 50, "healthy", "{}").statusCode(200).body("step", is(100));
        assertThat(release(pack, low, "bigquery").getString("servedVersion")).isEqualTo("1.0.0");
        decide(id, "advance", 100, "healthy", "{}").statusCode(200).body("state", is("promoted"));
        assertThat(release(pack, low, "bigquery").getString("servedVersion")).isEqualTo("1.1.0");
    }

    @Test
    void pauseResumeAbortAreRecordedWithWhoAndWhy() {
        String pack = pack();
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).extract().jsonPath().getLong("id");
        action(pack, "1.1.0", "pause", "looking at a support ticket").statusCode(200).body("state", is("paused")).body("step", is(5));
        action(pack, "1.1.0", "pause", "again").statusCode(200).body("state", is("paused")); // no-op
        decide(id, "advance", 5, "healthy", "{}").statusCode(409).contentType("application/problem+json");
        String low = lowBucketAccount(pack, 5);
        assertThat(release(pack, low, "snowflake").getString("servedVersion")).isEqualTo("1.1.0"); // paused keeps the step
        action(pack, "1.1.0", "resume", "ticket unrelated").statusCode(200).body("state", is("progressing"));
        action(pack, "1.1.0", "abort", "customer reports broken tiles").statusCode(200).body("state", is("aborted")).body("step", is(0));
        assertThat(release(pack, low, "snowflake").getString("servedVersion")).isEqualTo("1.0.0");
        assertThat(served(pack)).isEqualTo("1.0.0"); // an aborted canary stays held back
        JsonPath view = rollout(id);
        assertThat(view.getList("timeline.kind")).containsExactly("started", "paused", "resumed", "aborted");
        assertThat(view.getList("timeline.actor")).containsOnly("operator");
        assertThat(view.getString("timeline[3].reason")).isEqualTo("customer reports broken tiles");
        action(pack, "1.1.0", "resume", "no").statusCode(409);
        action(pack, "1.1.0", "abort", "again").statusCode(200).body("state", is("aborted"));
        // after an abort the version can be rolled out again
        start(pack, "1.1.0", ROLLOUT).statusCode(201).body("state", is("progressing"));
    }

    private static String lowBucketAccount(String pack, int below) {
        for (int i = 0; ; i++) {
            if (RolloutBuckets.bucket(pack, "acct_" + i) < below) {
                return "acct_" + i;
            }
        }
    }

    @Test
    void withdrawingTheCanaryAbortsItsRollout() {
        String pack = pack();
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).extract().jsonPath().getLong("id");
        String low = lowBucketAccount(pack, 5);
        assertThat(release(pack, low, "bigquery").getString("servedVersion")).isEqualTo("1.1.0");
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"reason\": \"fails on bigquery\"}")
                .when().post("/v1/packs/" + pack + "/versions/1.1.0/withdraw").then().statusCode(200)
                .body("servedVersion", is("1.0.0"));
        JsonPath view = rollout(id);
        assertThat(view.getString("state")).isEqualTo("aborted");
        assertThat(view.getString("timeline[-1].kind")).isEqualTo("aborted");
        assertThat(view.getString("timeline[-1].reason")).isEqualTo("version withdrawn: fails on bigquery");
        assertThat(view.getString("timeline[-1].actor")).isEqualTo("operator");
        assertThat(release(pack, low, "bigquery").getString("servedVersion")).isEqualTo("1.0.0");
        // a withdrawn version cannot start a rollout
        start(pack, "1.1.0", ROLLOUT).statusCode(409).body("detail", containsString("withdrawn"));
    }

    @Test
    void analysisHoldsAreCoalescedAndStaleDecisionsRefused() {
        String pack = pack();
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).extract().jsonPath().getLong("id");
        decide(id, "hold", 5, "too-few-installs", "{\"install\": {\"canary\": {\"attempts\": 3}}}").statusCode(200);
        decide(id, "hold", 5, "too-few-installs", "{\"install\": {\"canary\": {\"attempts\": 9, \"rate\": 0.0}}}").statusCode(200);
        decide(id, "hold", 5, "step-time", "{}").statusCode(200);
        JsonPath view = rollout(id);
        assertThat(view.getList("timeline.kind")).containsExactly("started", "held", "held");
        assertThat(view.getInt("timeline[1].repeats")).isEqualTo(2);
        assertThat(view.getInt("timeline[1].metrics.install.canary.attempts")).isEqualTo(9);
        assertThat(view.getString("timeline[2].check")).isEqualTo("step-time");
        decide(id, "advance", 25, "healthy", "{}").statusCode(409).body("detail", containsString("step 5"));
        decide(id, "abort", 5, "install-failure-rate", "{\"install\": {\"canary\": {\"rate\": 0.3}, \"stable\": {\"rate\": 0.01}}}")
                .statusCode(200).body("state", is("aborted")).body("lastAnalysis.install.canary.rate", is(0.3f));
        decide(id, "abort", 5, "install-failure-rate", "{}").statusCode(409);
        decide(999_999_999L, "hold", 5, "x", "{}").statusCode(404).contentType("application/problem+json");

        metrics.refresh();
        String scrape = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(scrape).contains("packops_rollout_state{pack=\"" + pack + "\",state=\"aborted\"} 1.0")
                .contains("packops_rollout_step{pack=\"" + pack + "\"} 0.0")
                .contains("packops_rollout_failure_rate{pack=\"" + pack + "\",track=\"canary\",type=\"install\"} 0.3");
    }

    @Test
    void oneRunningRolloutPerPackAndListsFilterByPackAndState() {
        String pack = pack();
        publish(manifest("stripe-revenue/1.1.0.yaml", pack, null, "1.2.0"));
        long id = start(pack, "1.1.0", ROLLOUT).statusCode(201).extract().jsonPath().getLong("id");
        start(pack, "1.2.0", ROLLOUT).statusCode(409).body("detail", containsString("rollout " + id));
        given().auth().oauth2(AGENT).queryParam("pack", pack).queryParam("state", "progressing").when().get("/v1/rollouts")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", is((int) id))
                .body("items[0].timeline", nullValue());
        given().auth().oauth2(AGENT).queryParam("pack", pack).queryParam("state", "aborted").when().get("/v1/rollouts")
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions/1.1.0/rollout")
                .then().statusCode(200).body("id", is((int) id));
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions/1.2.0/rollout")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AGENT).queryParam("state", "running").when().get("/v1/rollouts")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("state"));
        given().auth().oauth2(AGENT).when().get("/v1/rollouts/abc").then().statusCode(400).body("errors.field", hasItem("id"));
        given().auth().oauth2(AGENT).when().get("/v1/rollouts/999999999").then().statusCode(404);
        // paging
        action(pack, "1.1.0", "abort", "make room").statusCode(200);
        start(pack, "1.2.0", ROLLOUT).statusCode(201);
        JsonPath first = given().auth().oauth2(AGENT).queryParam("pack", pack).queryParam("limit", 1).when().get("/v1/rollouts")
                .then().statusCode(200).body("items", hasSize(1)).extract().jsonPath();
        assertThat(first.getString("items[0].canaryVersion")).isEqualTo("1.2.0");
        given().auth().oauth2(AGENT).queryParam("pack", pack).queryParam("limit", 1).queryParam("cursor", first.getString("nextCursor"))
                .when().get("/v1/rollouts").then().statusCode(200).body("items[0].canaryVersion", is("1.1.0"));
    }

    @Test
    void theFirstVersionOfAPackCanBeRolledOutWithNoStable() {
        String pack = unique("ro");
        publish(manifest("stripe-revenue/1.0.0.yaml", pack, null));
        start(pack, "1.0.0", ROLLOUT).statusCode(201).body("stableVersion", nullValue());
        assertThat(served(pack)).isNull();
        String low = lowBucketAccount(pack, 5);
        assertThat(release(pack, low, "snowflake").getString("servedVersion")).isEqualTo("1.0.0");
    }

    @Test
    void unknownPackOrVersionIs404() {
        start("no-such-pack-xyz", "1.0.0", ROLLOUT).statusCode(404).contentType("application/problem+json");
        String pack = pack();
        start(pack, "9.9.9", ROLLOUT).statusCode(404).body("detail", containsString("9.9.9"));
        action(pack, "1.0.0", "pause", "x").statusCode(404).body("detail", containsString("never been rolled out"));
        given().auth().oauth2(INGEST).queryParam("account", "acct 1").when().get("/v1/packs/" + pack + "/release")
                .then().statusCode(400).body("errors.field", hasItem("account"));
    }
}
