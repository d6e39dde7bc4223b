package io.packops.alerting.alerts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.packops.alerting.TestTokens.AGENT;
import static io.packops.alerting.TestTokens.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class SilenceTest extends AlertsTestBase {

    static String silence(String matchers, String startsAt, String endsAt) {
        return """
                {"matchers": %s, %s "endsAt": "%s", "createdBy": "ana", "comment": "known issue, fix rolling out"}"""
                .formatted(matchers, startsAt == null ? "" : "\"startsAt\": \"" + startsAt + "\",", endsAt);
    }

    String create(String body) {
        return given().auth().oauth2(OPERATOR).contentType("application/json").body(body)
                .when().post("/v1/silences")
                .then().statusCode(201)
                .header("Location", containsString("/v1/silences/"))
                .body("id", notNullValue())
                .extract().path("id");
    }

    @Test
    void aMatchingSilenceRecordsTheAlertWithoutPagingAndTheTickPagesWhenItEnds() {
        String id = create(silence("[{\"name\": \"pack\", \"value\": \"stripe-revenue\"}]", null, "2026-11-25T11:00:00Z"));
        alerts.observe(firing("1.1.0"));

        assertThat(pager.pages()).isEmpty();
        given().auth().oauth2(AGENT).when().get("/v1/alerts?state=firing")
                .then().statusCode(200).body("items.size()", is(1));
        long alertId = given().auth().oauth2(AGENT).when().get("/v1/alerts").then().extract().<Integer>path("items[0].id");
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + alertId)
                .then().statusCode(200)
                .body("timeline.kind", contains("fired", "silenced"))
                .body("timeline[1].silenceId", is(id));

        minutes(30);
        assertThat(ticker.tick()).isZero(); // still silenced: no page, no escalation
        minutes(30); // 11:00, the silence ends
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(pager.pages("trigger")).singleElement().satisfies(p -> assertThat(p.level()).isEqualTo(1));
        minutes(15); // escalation counts from the first page
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(pager.pages("trigger").get(1).level()).isEqualTo(2);
    }

    @Test
    void regexAndNotEqualMatchers() {
        create(silence("""
                [{"name": "version", "value": "1\\\\.1\\\\..*", "isRegex": true},
                 {"name": "connector", "value": "salesforce", "isEqual": false}]""", null, "2026-11-25T11:00:00Z"));
        alerts.observe(firing("1.1.3"));   // silenced: 1.1.x and not salesforce
        alerts.observe(firing("1.10.0"));  // the regex is anchored: not silenced
        alerts.observe(new Observation("install-failure-rate",
                Map.of("connector", "salesforce", "pack", "sf-pipeline", "version", "1.1.0"), "error", "sf", Map.of(), true));

        assertThat(pager.pages()).extracting(p -> p.labels().get("version")).containsExactlyInAnyOrder("1.10.0", "1.1.0");
    }

    @Test
    void alertnameMatchesTheRule() {
        create(silence("[{\"name\": \"alertname\", \"value\": \"install-failure-rate\"}]", null, "2026-11-25T11:00:00Z"));
        alerts.observe(firing("1.1.0"));
        assertThat(pager.pages()).isEmpty();
    }

    @Test
    void aPendingSilenceDoesNotSilenceYet() {
        create(silence("[{\"name\": \"pack\", \"value\": \"stripe-revenue\"}]", "2026-11-25T12:00:00Z", "2026-11-25T13:00:00Z"));
        given().auth().oauth2(AGENT).when().get("/v1/silences?state=pending")
                .then().statusCode(200).body("items.size()", is(1)).body("items[0].state", is("pending"));
        given().auth().oauth2(AGENT).when().get("/v1/silences?state=active")
                .then().statusCode(200).body("items.size()", is(0));
        alerts.observe(firing("1.1.0"));
        assertThat(pager.pages()).hasSize(1);
    }

    @Test
    void expiringASilenceEndsItNowAndPagesWhatItHeld() {
        String id = create(silence("[{\"name\": \"pack\", \"value\": \"stripe-revenue\"}]", null, "2026-11-25T18:00:00Z"));
        alerts.observe(firing("1.1.0"));
        assertThat(pager.pages()).isEmpty();
        minutes(5);
        given().auth().oauth2(OPERATOR).when().delete("/v1/silences/" + id)
                .then().statusCode(200).body("state", is("expired")).body("endsAt", is("2026-11-25T10:05:00Z"));
        given().auth().oauth2(OPERATOR).when().delete("/v1/silences/" + id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(AGENT).when().get("/v1/silences?state=expired")
                .then().statusCode(200).body("items.id", contains(id));
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(pager.pages("trigger")).hasSize(1);
    }

    @Test
    void listPagesWithACursor() {
        for (int i = 0; i < 3; i++) {
            create(silence("[{\"name\": \"pack\", \"value\": \"p" + i + "\"}]", null, "2026-11-25T11:00:00Z"));
        }
        String next = given().auth().oauth2(AGENT).when().get("/v1/silences?limit=2")
                .then().statusCode(200).body("items.size()", is(2))
                .body("items[0].matchers[0].value", is("p2"))
                .body("items[0].matchers[0].isRegex", is(false))
                .body("items[0].matchers[0].isEqual", is(true))
                .extract().path("nextCursor");
        given().auth().oauth2(AGENT).queryParam("limit", 2).queryParam("cursor", next).when().get("/v1/silences")
                .then().statusCode(200).body("items.size()", is(1)).body("items[0].matchers[0].value", is("p0"))
                .body("nextCursor", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void invalidSilencesAreProblems() {
        String until = "2026-11-25T11:00:00Z";
        bad("{\"endsAt\": \"" + until + "\", \"createdBy\": \"ana\", \"comment\": \"x\"}", "matchers");
        bad(silence("[]", null, until), "matchers");
        bad(silence("[{\"name\": \"version\", \"value\": \"1.(\", \"isRegex\": true}]", null, until), "matchers[0].value");
        // RE2, as Alertmanager: a back reference is not a regular expression there
        bad(silence("[{\"name\": \"version\", \"value\": \"(1)\\\\1\", \"isRegex\": true}]", null, until), "matchers[0].value");
        bad(silence("[{\"name\": \"9bad\", \"value\": \"x\"}]", null, until), "matchers[0].name");
        bad(silence("[{\"name\": \"pack\", \"value\": \".*\", \"isRegex\": true}]", null, until), "matchers");
        bad(silence("[{\"name\": \"pack\", \"value\": \"x\"}]", "2026-11-25T12:00:00Z", until), "endsAt");
        bad(silence("[{\"name\": \"pack\", \"value\": \"x\"}]", null, "2026-11-25T09:00:00Z"), "endsAt");
        bad("{\"matchers\": [{\"name\": \"pack\", \"value\": \"x\"}], \"endsAt\": \"" + until + "\", \"createdBy\": \"ana\"}", "comment");
        bad("{\"matchers\": [{\"name\": \"pack\", \"value\": \"x\"}], \"endsAt\": \"" + until + "\", \"comment\": \"x\"}", "createdBy");
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"endsAt\": \"tomorrow\"}")
                .when().post("/v1/silences")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("endsAt"));
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{not json")
                .when().post("/v1/silences").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(AGENT).when().get("/v1/silences?state=sleeping")
                .then().statusCode(400).body("errors.field", hasItem("state"));
        given().auth().oauth2(AGENT).when().get("/v1/silences?cursor=nope")
                .then().statusCode(400).body("errors.field", hasItem("cursor"));
        given().auth().oauth2(OPERATOR).when().delete("/v1/silences/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).when().delete("/v1/silences/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static void bad(String body, String field) {
        given().auth().oauth2(OPERATOR).contentType("application/json").body(body)
                .when().post("/v1/silences")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", startsWith("invalid silence"))
                .body("errors.field", hasItem(field));
    }
}
