package io.packops.alerting.alerts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.packops.alerting.TestTokens.AGENT;
import static io.packops.alerting.TestTokens.OPERATOR;
import static io.packops.alerting.TestTokens.ADMIN;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AlertResourceTest extends AlertsTestBase {

    long fire(String version) {
        int before = pager.pages().size();
        alerts.observe(firing(version));
        return pager.pages().get(before).alertId();
    }

    @Test
    void listFiltersByStateRuleConnectorAndPackAndPagesNewestFirst() {
        long a = fire("1.0.0");
        long b = fire("1.1.0");
        long c = fire("1.2.0");
        alerts.observe(new Observation("telemetry-silent", Map.of("connector", "salesforce"), "warning", "no telemetry",
                Map.of(), true));
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + b + "/ack").then().statusCode(200);
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + c + "/resolve").then().statusCode(200);

        given().auth().oauth2(AGENT).when().get("/v1/alerts?state=firing&pack=stripe-revenue")
                .then().statusCode(200).body("items.id", contains((int) a));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?state=acknowledged")
                .then().statusCode(200).body("items.id", contains((int) b));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?rule=telemetry-silent")
                .then().statusCode(200).body("items.size()", is(1)).body("items[0].labels.connector", is("salesforce"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?connector=stripe")
                .then().statusCode(200).body("items.id", contains((int) c, (int) b, (int) a))
                .body("items[0].timeline", nullValue());

        String next = given().auth().oauth2(AGENT).when().get("/v1/alerts?limit=3")
                .then().statusCode(200).body("items.size()", is(3)).extract().path("nextCursor");
        given().auth().oauth2(AGENT).queryParam("cursor", next).queryParam("limit", 3).when().get("/v1/alerts")
                .then().statusCode(200).body("items.id", contains((int) a)).body("nextCursor", nullValue());
    }

    @Test
    void ackingOrResolvingAResolvedAlertIsAConflict() {
        long id = fire("1.1.0");
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": \"fixed upstream\"}")
                .when().post("/v1/alerts/" + id + "/resolve")
                .then().statusCode(200).body("state", is("resolved"))
                .body("timeline[2].kind", is("resolved")).body("timeline[2].detail", is("fixed upstream"))
                .body("timeline[2].actor", is("operator"));
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + id + "/ack")
                .then().statusCode(409).contentType("application/problem+json").body("status", is(409))
                .body("detail", containsString("resolved"));
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + id + "/resolve")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(pager.pages("resolve")).hasSize(1);
        assertThat(pager.pages("acknowledge")).isEmpty();
    }

    @Test
    void ackingTwiceChangesNothing() {
        long id = fire("1.1.0");
        given().auth().oauth2(ADMIN).when().post("/v1/alerts/" + id + "/ack").then().statusCode(200)
                .body("acknowledgedBy", is("admin"));
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + id + "/ack").then().statusCode(200)
                .body("acknowledgedBy", is("admin"));
        assertThat(pager.pages("acknowledge")).hasSize(1);
    }

    @Test
    void rollbackWithdrawsTheVersionRecordsItAndNotifiesTheOwner() {
        long id = fire("1.1.0");
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"reason\": \"installs fail on snowflake\"}")
                .when().post("/v1/alerts/" + id + "/rollback")
                .then().statusCode(200)
                .body("pack", is("stripe-revenue"))
                .body("withdrawnVersion", is("1.1.0"))
                .body("servedVersion", is("1.0.0"))
                .body("alert.timeline.kind", contains("fired", "paged", "rolled-back", "paged"))
                .body("alert.timeline[2].actor", is("operator"))
                .body("alert.timeline[2].detail", containsString("installers now get 1.0.0"));
        assertThat(ingest.withdrawals()).containsExactly(
                new FakeIngest.Withdrawal("stripe-revenue", "1.1.0", "installs fail on snowflake"));
        assertThat(pager.pages("trigger")).hasSize(2);
        assertThat(pager.pages("trigger").get(1).details().get("note").toString()).startsWith("rolled back: stripe-revenue 1.1.0");
    }

    @Test
    void rollbackWhenIngestFailsIs502AndRecordsNothing() {
        long id = fire("1.1.0");
        ingest.failing(true);
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"reason\": \"bad\"}")
                .when().post("/v1/alerts/" + id + "/rollback")
                .then().statusCode(502).contentType("application/problem+json").body("detail", containsString("nothing was rolled back"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + id)
                .then().statusCode(200).body("timeline.kind", contains("fired", "paged"));
        assertThat(pager.pages()).hasSize(1);
    }

    @Test
    void rollbackOfAnAlertWithoutPackAndVersionIsAConflict() {
        alerts.observe(new Observation("telemetry-silent", Map.of("connector", "stripe"), "warning", "silent", Map.of(), true));
        long id = pager.pages().get(0).alertId();
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"reason\": \"x\"}")
                .when().post("/v1/alerts/" + id + "/rollback")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(ingest.withdrawals()).isEmpty();
    }

    @Test
    void badInputsAreProblems() {
        long id = fire("1.1.0");
        given().auth().oauth2(AGENT).when().get("/v1/alerts/999999").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AGENT).when().get("/v1/alerts/abc").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/999999/ack").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(AGENT).when().get("/v1/alerts?state=open")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("state"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?limit=0").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?limit=x").then().statusCode(400).body("errors.field", hasItem("limit"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts?cursor=%%%").then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": ")
                .when().post("/v1/alerts/" + id + "/ack").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": \"" + "x".repeat(1001) + "\"}")
                .when().post("/v1/alerts/" + id + "/ack").then().statusCode(400).body("errors.field", hasItem("comment"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"reason\": \" \"}")
                .when().post("/v1/alerts/" + id + "/rollback").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .when().post("/v1/alerts/" + id + "/rollback").then().statusCode(400).contentType("application/problem+json");
        assertThat(ingest.withdrawals()).isEmpty();
    }
}
