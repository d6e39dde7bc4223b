package io.packops.ownership;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The packaged service (target/quarkus-app) end to end: an ownership document in, lookup, schedules,
 * readiness and the support page out. HTTP only, so it also runs against a native binary.
 */
@QuarkusIntegrationTest
class OwnershipServiceIT {

    @Test
    void packagedServiceAnswersWhoOwnsWhoIsOnCallAndWhatIsMissing() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/ownership/design-sample.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("name: Packs core", "name: Packs core (IT)");
        }
        given().auth().oauth2("test-admin").contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership")
                .then().statusCode(anyOf(is(200), is(201))).body("revision", notNullValue());
        given().auth().oauth2("test-agent").when().get("/v1/ownership")
                .then().statusCode(200).body("document.teams[0].pagerduty.routingKey", is("<redacted>"));

        given().auth().oauth2("test-agent")
                .queryParam("connector", "stripe").queryParam("pack", "stripe-revenue").queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/v1/lookup")
                .then().statusCode(200)
                .body("team.id", is("billing-packs"))
                .body("escalation.levels[0].targets[0].people[0].id", is("bo"))
                .body("supportQueue", is("tier2-billing"));
        given().auth().oauth2("test-agent").queryParam("at", "2026-11-27T10:00:00Z")
                .when().get("/v1/schedules/billing-primary/oncall")
                .then().statusCode(200).body("onCall.person", is("bo"));
        given().auth().oauth2("test-agent").when().get("/v1/readiness?from=2026-12-07T00:00:00Z&connectors=stripe,zendesk")
                .then().statusCode(200).body("gaps.subject", org.hamcrest.Matchers.hasItem("connector:zendesk"));

        given().when().get("/").then().statusCode(401).contentType(containsString("text/html"))
                .body(containsString("Sign in"));
        given().when().get("/v1/lookup?connector=stripe").then().statusCode(401);
    }
}
