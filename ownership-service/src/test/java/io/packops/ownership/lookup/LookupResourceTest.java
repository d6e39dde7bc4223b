package io.packops.ownership.lookup;

import io.packops.ownership.document.OwnershipFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.INGEST;
import static io.packops.ownership.document.OwnershipFixtures.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code GET /v1/lookup} on the DESIGN sample (design-sample.yaml): billing-primary rotates ana, bo, chen weekly
 * from Monday 09:00 Madrid, dana covers weekdays 09:00–18:00 in a later layer, bo overrides Fri 27 Nov 09:00Z
 * to Sat 09:00Z; core-primary rotates eli and fay daily at 10:00 Los Angeles.
 */
@QuarkusTest
class LookupResourceTest {

    @BeforeEach
    void currentDocumentIsTheSample() {
        given().auth().oauth2(ADMIN).contentType(OwnershipFixtures.JSON_TYPE).body(OwnershipFixtures.variant().toString())
                .when().put("/v1/ownership").then().statusCode(is(201));
    }

    @Test
    void packRuleWinsAndOverrideIsOnCall() {
        given().auth().oauth2(AGENT)
                .queryParam("connector", "stripe").queryParam("pack", "stripe-revenue").queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("connector", is("stripe")).body("pack", is("stripe-revenue")).body("at", is("2026-11-27T10:00:00Z"))
                .body("revision", notNullValue())
                .body("rule.id", is("stripe/stripe-revenue")).body("rule.matchedBy", is("pack"))
                .body("team.id", is("billing-packs")).body("team.name", is("Billing packs"))
                .body("team.slack", is("#billing-packs")).body("team.email", is("billing-packs@example.com"))
                .body("escalation.policy", is("billing-default")).body("escalation.repeat", is(1))
                .body("escalation.levels", hasSize(2))
                .body("escalation.levels[0].effectiveAfterMinutes", is(0))
                .body("escalation.levels[0].targets[0].kind", is("schedule"))
                .body("escalation.levels[0].targets[0].id", is("billing-primary"))
                .body("escalation.levels[0].targets[0].people[0].id", is("bo"))
                .body("escalation.levels[0].targets[0].people[0].name", is("Bo Chen"))
                .body("escalation.levels[0].targets[0].people[0].email", is("bo@example.com"))
                .body("escalation.levels[0].targets[0].people[0].until", is("2026-11-28T09:00:00Z"))
                .body("escalation.levels[0].targets[0].people[0].via", is("billing-primary"))
                .body("escalation.levels[1].afterMinutes", is(15))
                .body("escalation.levels[1].effectiveAfterMinutes", is(15))
                .body("escalation.levels[1].targets[0].kind", is("person"))
                .body("escalation.levels[1].targets[0].people[0].id", is("dana"))
                .body("escalation.levels[1].targets[0].people[0].until", nullValue())
                .body("runbook", is("runbooks/pack-install-failures.md"))
                .body("runbookUrl", is("https://git.example.com/packops/blob/main/runbooks/pack-install-failures.md"))
                .body("supportQueue", is("tier2-billing"))
                .body("suggestedReply", is("Thanks for reporting this. The stripe-revenue pack is owned by Billing packs; we are looking into it."));
    }

    @Test
    void laterLayerBeatsRotationInBusinessHoursAndRotationShowsThroughOnSunday() {
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("at", "2026-11-30T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("rule.id", is("stripe")).body("rule.matchedBy", is("connector"))
                .body("escalation.levels[0].targets[0].people[0].id", is("dana"))
                // 18:00 in Madrid (CET) is 17:00Z
                .body("escalation.levels[0].targets[0].people[0].until", is("2026-11-30T17:00:00Z"));
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("at", "2026-11-29T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                // week 4 of the rotation (from Mon 23 Nov 09:00 Madrid) is ana's; dana takes over Monday 09:00 Madrid
                .body("escalation.levels[0].targets[0].people[0].id", is("ana"))
                .body("escalation.levels[0].targets[0].people[0].until", is("2026-11-30T08:00:00Z"));
    }

    @Test
    void unknownConnectorFallsToTheCatchAllRule() {
        given().auth().oauth2(AGENT).queryParam("connector", "zendesk").queryParam("at", "2026-11-29T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("rule.id", is("*")).body("rule.matchedBy", is("default"))
                .body("team.id", is("packs-core")).body("supportQueue", is("tier1"))
                .body("escalation.policy", is("core-default"))
                // daily at 10:00 Los Angeles from 1 Nov: 28 Nov 10:00 PST is shift 27, fay's, until 29 Nov 18:00Z
                .body("escalation.levels[0].targets[0].people[0].id", is("fay"))
                .body("escalation.levels[0].targets[0].people[0].until", is("2026-11-29T18:00:00Z"))
                .body("escalation.levels[1].targets[0].kind", is("team"))
                .body("escalation.levels[1].targets[0].people[0].id", is("fay"))
                .body("escalation.levels[1].targets[0].people[0].via", is("core-primary"))
                .body("match.connectorKnown", is(false)).body("match.fallback", is(true))
                .body("match.suggestions", hasSize(0))
                // the fallback owner owns no "zendesk pack": the reply names the team, not a pack
                .body("suggestedReply", matchesPattern("Thanks for reporting this, and sorry for the trouble\\. We have passed it"
                        + " to our Packs core [0-9a-f-]{36} team, who will look into it\\. We will update you here as soon as we know"
                        + " more; in the meantime, no action is needed on your side\\."));
    }

    @Test
    void aTypoOfAKnownConnectorIsUnknownWithTheCloseMatchAndTheFallbackMarked() {
        given().auth().oauth2(AGENT).queryParam("connector", "strpe")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("connector", is("strpe"))
                .body("match.connectorKnown", is(false)).body("match.packKnown", nullValue())
                .body("match.fallback", is(true))
                .body("match.suggestions", hasSize(1))
                .body("match.suggestions[0].connector", is("stripe"))
                .body("match.suggestions[0].pack", nullValue())
                .body("match.suggestions[0].reason", is("spelling"))
                .body("rule.id", is("*")).body("rule.matchedBy", is("default")).body("team.id", is("packs-core"))
                .body("suggestedReply", not(containsString("strpe")))
                .body("suggestedReply", containsString("passed it to our Packs core"));
        // a connector that starts like a known one
        given().auth().oauth2(AGENT).queryParam("connector", "stripe_payments")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("match.suggestions.connector", contains("stripe"))
                .body("match.suggestions[0].reason", is("prefix"));
    }

    @Test
    void aPackTypedAsAConnectorSuggestsThePackUnderItsConnector() {
        given().auth().oauth2(AGENT).queryParam("connector", "stripe-revenue")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("match.connectorKnown", is(false)).body("match.fallback", is(true))
                .body("match.suggestions", hasSize(1))
                .body("match.suggestions[0].connector", is("stripe"))
                .body("match.suggestions[0].pack", is("stripe-revenue"))
                .body("match.suggestions[0].reason", is("is-a-pack"))
                .body("rule.id", is("*"))
                .body("suggestedReply", not(containsString("stripe-revenue pack")));
    }

    @Test
    void connectorAndPackAreComparedInLowerCase() {
        given().auth().oauth2(AGENT).queryParam("connector", "Stripe").queryParam("pack", " Stripe-Revenue ")
                .queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("connector", is("stripe")).body("pack", is("stripe-revenue"))
                .body("match.connectorKnown", is(true)).body("match.packKnown", is(true))
                .body("match.fallback", is(false)).body("match.suggestions", hasSize(0))
                .body("rule.id", is("stripe/stripe-revenue")).body("team.id", is("billing-packs"))
                .body("suggestedReply", is("Thanks for reporting this. The stripe-revenue pack is owned by Billing packs; we are looking into it."));
        given().auth().oauth2(AGENT).queryParam("connector", "STRIPE")
                .when().get("/v1/lookup")
                .then().statusCode(200).body("rule.id", is("stripe")).body("match.connectorKnown", is(true));
    }

    @Test
    void aCatalogueConnectorIsKnownAndItsOwnerIsTheDefaultRule() {
        // github is in the document's connectors catalogue but no rule names it: known, owned by "*"
        given().auth().oauth2(AGENT).queryParam("connector", "github")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("match.connectorKnown", is(true)).body("match.fallback", is(true))
                .body("match.suggestions", hasSize(0))
                .body("rule.id", is("*")).body("team.id", is("packs-core"))
                .body("suggestedReply", containsString("The github pack is owned by our Packs core"));
    }

    @Test
    void anUnknownPackKeepsItsConnectorsOwnerAndGetsTheCloseMatch() {
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("pack", "stripe-revnue")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("match.connectorKnown", is(true)).body("match.packKnown", is(false))
                .body("match.fallback", is(false))
                .body("match.suggestions", hasSize(1))
                .body("match.suggestions[0].connector", is("stripe"))
                .body("match.suggestions[0].pack", is("stripe-revenue"))
                .body("match.suggestions[0].reason", is("spelling"))
                .body("rule.id", is("stripe")).body("team.id", is("billing-packs"));
        // a pack alone that no rule names falls to "*"; its name says which connector's rule would own it
        given().auth().oauth2(AGENT).queryParam("pack", "github-issues")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("match.connectorKnown", nullValue()).body("match.packKnown", is(false))
                .body("match.fallback", is(true))
                .body("match.suggestions[0].connector", is("github"))
                .body("match.suggestions[0].pack", is("github-issues"))
                .body("match.suggestions[0].reason", is("prefix"));
        // the "*" owner asked for on purpose (no connector, no pack) is not a fallback
        given().auth().oauth2(AGENT).when().get("/v1/lookup")
                .then().statusCode(200).body("match.fallback", is(false)).body("match.connectorKnown", nullValue());
    }

    @Test
    void agentsSeeThatRoutesExistNeverTheirValues() {
        String body = given().auth().oauth2(AGENT).queryParam("connector", "stripe")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("team.routes.pagerduty", is("<redacted>"))
                .body("team.routes.slackWebhook", is("<redacted>"))
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(body)
                .doesNotContain("pd-billing-0123456789abcdef", "billing-secret-path", "${PD_", "${SLACK_");
    }

    @Test
    void operatorsMayResolveRoutesForPaging() {
        given().auth().oauth2(OPERATOR).queryParam("connector", "stripe").queryParam("resolveSecrets", "true")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("team.routes.pagerduty", is("pd-billing-0123456789abcdef"))
                .body("team.routes.slackWebhook", is("https://hooks.slack.com/services/T000/B000/billing-secret-path"));
        given().auth().oauth2(OPERATOR).queryParam("connector", "stripe")
                .when().get("/v1/lookup")
                .then().statusCode(200).body("team.routes.pagerduty", is("${PD_BILLING_PACKS}"));
        // PD_PACKS_CORE is not set in the test environment: no value, and a note that says so
        given().auth().oauth2(OPERATOR).queryParam("connector", "hubspot").queryParam("resolveSecrets", "true")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("team.routes.pagerduty", nullValue())
                .body("notes", hasItem(containsString("PD_PACKS_CORE")));
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("resolveSecrets", "true")
                .when().get("/v1/lookup").then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void packAloneFindsItsRule() {
        given().auth().oauth2(AGENT).queryParam("pack", "stripe-revenue")
                .when().get("/v1/lookup")
                .then().statusCode(200).body("rule.id", is("stripe/stripe-revenue")).body("connector", nullValue());
    }

    @Test
    void badInputIsAProblemNotAFailure() {
        given().auth().oauth2(AGENT).queryParam("connector", "Stripe!")
                .when().get("/v1/lookup")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("'Stripe!' is not a connector slug"));
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("pack", "../etc")
                .when().get("/v1/lookup")
                .then().statusCode(404).body("detail", containsString("not a pack slug"));
        // neither: the "*" owner (the platform owner alerts about packops itself page)
        given().auth().oauth2(AGENT)
                .when().get("/v1/lookup")
                .then().statusCode(200).body("rule.id", is("*")).body("team.id", is("packs-core"));
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("at", "tomorrow")
                .when().get("/v1/lookup")
                .then().statusCode(400).body("errors[0].field", is("at"))
                .body("detail", not(emptyOrNullString()));
        given().auth().oauth2(AGENT).queryParam("connector", "stripe").queryParam("resolveSecrets", "maybe")
                .when().get("/v1/lookup")
                .then().statusCode(400).body("errors[0].field", is("resolveSecrets"));
    }

    @Test
    void needsATokenAndAReadingRole() {
        given().queryParam("connector", "stripe").when().get("/v1/lookup")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("nope").queryParam("connector", "stripe").when().get("/v1/lookup").then().statusCode(401);
        given().auth().oauth2(INGEST).queryParam("connector", "stripe").when().get("/v1/lookup")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).queryParam("connector", "stripe").when().get("/v1/lookup").then().statusCode(200);
    }
}
