package io.packops.ownership.oncall;

import io.packops.ownership.document.OwnershipFixtures;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.INGEST;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** {@code /v1/schedules/{id}/oncall} and {@code /shifts} on the DESIGN sample (see LookupResourceTest). */
@QuarkusTest
class ScheduleResourceTest {

    @BeforeEach
    void currentDocumentIsTheSample() {
        given().auth().oauth2(ADMIN).contentType(OwnershipFixtures.JSON_TYPE).body(OwnershipFixtures.variant().toString())
                .when().put("/v1/ownership").then().statusCode(201);
    }

    @Test
    void onCallNamesThePersonTheSourceAndTheWholeShift() {
        given().auth().oauth2(AGENT).queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/v1/schedules/billing-primary/oncall")
                .then().statusCode(200)
                .body("schedule", is("billing-primary")).body("timezone", is("Europe/Madrid"))
                .body("at", is("2026-11-27T10:00:00Z"))
                .body("onCall.person", is("bo")).body("onCall.source", is("override"))
                .body("onCall.start", is("2026-11-27T09:00:00Z")).body("onCall.end", is("2026-11-28T09:00:00Z"));
    }

    @Test
    void shiftsResolveOneDayAcrossLayersAndOverride() {
        // Thu 26 Nov (Madrid, CET = UTC+1): ana's week; dana 09:00–18:00 local; bo's override from Fri 09:00Z
        given().auth().oauth2(AGENT).queryParam("from", "2026-11-26T00:00:00Z").queryParam("to", "2026-11-27T12:00:00Z")
                .when().get("/v1/schedules/billing-primary/shifts")
                .then().statusCode(200)
                .body("shifts", hasSize(5))
                .body("shifts[0].person", is("ana")).body("shifts[0].start", is("2026-11-26T00:00:00Z"))
                .body("shifts[0].end", is("2026-11-26T08:00:00Z"))
                .body("shifts[1].person", is("dana")).body("shifts[1].source", is("layer:business-hours"))
                .body("shifts[1].end", is("2026-11-26T17:00:00Z"))
                .body("shifts[2].person", is("ana")).body("shifts[2].end", is("2026-11-27T08:00:00Z"))
                .body("shifts[3].person", is("dana")).body("shifts[3].end", is("2026-11-27T09:00:00Z"))
                .body("shifts[4].person", is("bo")).body("shifts[4].source", is("override"))
                .body("shifts[4].end", is("2026-11-27T12:00:00Z"))
                .body("gaps", hasSize(0));
    }

    @Test
    void unknownScheduleAndBadRangesAreProblems() {
        given().auth().oauth2(AGENT).when().get("/v1/schedules/nope/oncall")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("no schedule 'nope'"));
        given().auth().oauth2(AGENT).queryParam("from", "2026-11-27T00:00:00Z").queryParam("to", "2026-11-26T00:00:00Z")
                .when().get("/v1/schedules/billing-primary/shifts")
                .then().statusCode(400).body("errors[0].field", is("to"));
        given().auth().oauth2(AGENT).queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-12-01T00:00:00Z")
                .when().get("/v1/schedules/billing-primary/shifts")
                .then().statusCode(400).body("detail", containsString("at most 93 days"));
        given().auth().oauth2(AGENT).queryParam("at", "2026-13-01")
                .when().get("/v1/schedules/billing-primary/oncall")
                .then().statusCode(400).body("errors[0].field", is("at"));
    }

    @Test
    void nobodyOnCallIsANullShiftNotAnError() {
        // before every layer of the schedule starts
        given().auth().oauth2(AGENT).queryParam("at", "2020-01-01T00:00:00Z")
                .when().get("/v1/schedules/billing-primary/oncall")
                .then().statusCode(200).body("onCall", nullValue());
    }

    @Test
    void needsATokenAndAReadingRole() {
        for (String path : new String[] {"/v1/schedules/billing-primary/oncall", "/v1/schedules/billing-primary/shifts"}) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2("nope").when().get(path).then().statusCode(401);
            given().auth().oauth2(INGEST).when().get(path).then().statusCode(403);
            given().auth().oauth2(AGENT).when().get(path).then().statusCode(200);
        }
    }
}
