package io.packops.alerting.alerts;

import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.peers.Ownership;
import io.packops.alerting.paging.PageRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.packops.alerting.TestTokens.AGENT;
import static io.packops.alerting.TestTokens.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Levels (0 and 15 minutes, repeat 1: the chain runs twice, 30 minutes a round) paged by the tick. */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class EscalationTest extends AlertsTestBase {

    @Test
    void nextLevelIsPagedOnceItsDelayHasPassedThenTheChainRepeatsOnce() {
        alerts.observe(firing("1.1.0"));
        minutes(14);
        assertThat(ticker.tick()).isZero();
        minutes(1);
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(ticker.tick()).isZero(); // the same step is never paged twice
        minutes(15); // 30: round 2, level 1
        assertThat(ticker.tick()).isEqualTo(1);
        minutes(15); // 45: round 2, level 2
        assertThat(ticker.tick()).isEqualTo(1);
        minutes(60);
        assertThat(ticker.tick()).isZero(); // repeat 1 is done

        List<PageRequest> triggers = pager.pages("trigger");
        assertThat(triggers).extracting(PageRequest::level).containsExactly(1, 2, 1, 2);
        assertThat(triggers).extracting(p -> p.people().get(0)).containsExactly("ana", "dana", "ana", "dana");
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + triggers.get(0).alertId())
                .then().statusCode(200)
                .body("escalationLevel", is(2))
                .body("timeline.kind", contains("fired", "paged", "escalated", "escalated", "escalated"))
                .body("timeline[2].level", is(2))
                .body("timeline[2].at", is("2026-11-25T10:15:00Z"))
                .body("timeline[3].detail", is("level 1 paged: ana (repeat 1 of 1); not acknowledged 30m after the first page"));
    }

    @Test
    void acknowledgingStopsEscalation() {
        alerts.observe(firing("1.1.0"));
        long id = pager.pages().get(0).alertId();
        minutes(5);
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"comment\": \"looking\"}")
                .when().post("/v1/alerts/" + id + "/ack")
                .then().statusCode(200)
                .body("state", is("acknowledged"))
                .body("acknowledgedAt", is("2026-11-25T10:05:00Z"))
                .body("timeline[2].kind", is("acknowledged"))
                .body("timeline[2].detail", is("looking"));
        assertThat(pager.pages("acknowledge")).singleElement()
                .satisfies(p -> assertThat(p.dedupKey()).isEqualTo(pager.pages("trigger").get(0).dedupKey()));
        minutes(60);
        assertThat(ticker.tick()).isZero();
        assertThat(pager.pages("trigger")).hasSize(1);
    }

    @Test
    void skippedLevelsAreNotPagedAndLaterLevelsComeAtTheirEffectiveTime() {
        ownership.answer(new Ownership("packs-core", "Packs core", "core-default", 0, null, null, "tier1", null, null, null,
                List.of(new Level(1, 0, false, List.of("eve")), new Level(2, 10, true, List.of()),
                        new Level(3, 10, false, List.of("finn")))));
        alerts.observe(firing("1.1.0"));
        minutes(10);
        ticker.tick();
        minutes(120);
        ticker.tick();
        assertThat(pager.pages("trigger")).extracting(PageRequest::level).containsExactly(1, 3);
    }

    @Test
    void ownershipUnreachablePagesTheFallbackAtOnceAndFollowsTheRealPolicyOnceItAnswers() {
        ownership.down(true);
        alerts.observe(firing("1.1.0"));

        PageRequest fallback = pager.pages().get(0);
        assertThat(fallback.action()).isEqualTo("trigger");
        assertThat(fallback.ownerTeam()).isNull(); // the paging side sends it to the configured fallback route
        assertThat(fallback.people()).isEmpty();
        long id = fallback.alertId();
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + id)
                .then().statusCode(200)
                .body("ownerKnown", is(false))
                .body("ownerTeam", nullValue())
                .body("timeline.detail", hasItem("ownership unreachable: fallback route paged"));

        minutes(1);
        assertThat(ticker.tick()).isZero(); // still down: retried, nothing new to page
        int callsWhileDown = ownership.calls();
        ownership.down(false);
        minutes(1);
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(ownership.calls()).isGreaterThan(callsWhileDown);
        PageRequest real = pager.pages("trigger").get(1);
        assertThat(real.ownerTeam()).isEqualTo("billing-packs");
        assertThat(real.level()).isEqualTo(1);
        assertThat(real.people()).containsExactly("ana");

        minutes(13); // 15 minutes after the first page
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(pager.pages("trigger").get(2).level()).isEqualTo(2);
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + id)
                .then().statusCode(200)
                .body("ownerKnown", is(true))
                .body("ownerTeam", is("billing-packs"))
                .body("runbookUrl", is("https://runbooks.example.com/pack-install-failures.md"))
                .body("timeline.kind", contains("fired", "note", "paged", "note", "escalated", "escalated"));
    }

    @Test
    void ownershipFailingWithAnExceptionCountsAsUnreachable() {
        ownership.answer(null); // Optional.of(null) throws inside the double: a broken client
        alerts.observe(firing("1.1.0"));
        assertThat(pager.pages()).singleElement().satisfies(p -> assertThat(p.ownerTeam()).isNull());
    }

    @Test
    void anAlertWhoseConditionIsClearIsNeitherEscalatedNorRepagedUntilItFiresAgain() {
        alerts.observe(firing("1.1.0"));
        long id = pager.pages().get(0).alertId();
        minutes(10);
        alerts.observe(clear("1.1.0")); // clear, but kept firing for the keep-firing period (10 min)
        minutes(9); // 10:19: level 2 is due since 10:15
        assertThat(ticker.tick()).isZero();
        assertThat(pager.pages("trigger")).hasSize(1);
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + id)
                .then().statusCode(200)
                .body("timeline.kind", contains("fired", "paged"));

        alerts.observe(firing("1.1.0")); // the condition is back: escalation resumes where it was due
        assertThat(ticker.tick()).isEqualTo(1);
        assertThat(pager.pages("trigger").get(1).level()).isEqualTo(2);
    }

    @Test
    void anAlertClearWhenItsSilenceEndsIsNotPaged() {
        given().auth().oauth2(OPERATOR).contentType("application/json")
                .body(SilenceTest.silence("[{\"name\": \"pack\", \"value\": \"stripe-revenue\"}]", null, "2026-11-25T10:30:00Z"))
                .when().post("/v1/silences").then().statusCode(201);
        alerts.observe(firing("1.1.0"));
        minutes(25);
        alerts.observe(clear("1.1.0"));
        minutes(6); // 10:31: the silence has ended, the alert is clear (and not yet resolved by keep-firing)
        assertThat(ticker.tick()).isZero();
        assertThat(pager.pages()).isEmpty();
    }

    @Test
    void aResolvedAlertIsNotEscalated() {
        alerts.observe(firing("1.1.0"));
        long id = pager.pages().get(0).alertId();
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + id + "/resolve")
                .then().statusCode(200).body("state", is("resolved")).body("resolvedBy", is("operator"));
        minutes(20);
        assertThat(ticker.tick()).isZero();
        assertThat(pager.pages("resolve")).hasSize(1);
    }
}
