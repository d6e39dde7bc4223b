package io.packops.ownership.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.ownership.document.SecretResolver.Routes;
import io.packops.ownership.document.SecretResolver.View;
import io.packops.ownership.document.model.PagerDutyRoute;
import io.packops.ownership.document.model.Team;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.OPERATOR;
import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.putYaml;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static io.packops.ownership.document.OwnershipFixtures.yaml;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * Secrets (DESIGN API conventions): agents see that a route exists, never its value nor its reference;
 * operators and admins see references, and values on request. Values come from %test.* properties
 * (PD_BILLING_PACKS, SLACK_BILLING_PACKS); PD_PACKS_CORE is deliberately unset.
 */
@QuarkusTest
class OwnershipSecretsTest {

    static final String PD_VALUE = "pd-billing-0123456789abcdef";
    static final String SLACK_VALUE = "https://hooks.slack.com/services/T000/B000/billing-secret-path";
    static final String LITERAL_WEBHOOK = "https://alerts.example.com/hook?token=literal-webhook-token";
    /** Nothing of any secret, nor any hint of a reference, may appear in what an agent reads. */
    static final List<String> NEVER_FOR_AGENTS = List.of("${", "PD_BILLING_PACKS", "PD_PACKS_CORE", "SLACK_BILLING_PACKS",
            PD_VALUE, "pd-billing", SLACK_VALUE, "hooks.slack.com", "billing-secret-path", "literal-webhook-token",
            "alerts.example.com");

    @Inject
    SecretResolver secrets;

    long revision;

    @BeforeEach
    void storeADocumentWithSecrets() {
        // billing-packs: PagerDuty and Slack by reference; packs-core: PagerDuty by an unset reference and a literal webhook
        ObjectNode doc = edit(variant(), "teams[1].webhook", "'" + LITERAL_WEBHOOK + "'");
        revision = putYaml(yaml(doc)).statusCode(201).extract().jsonPath().getLong("revision");
    }

    @Test
    void agentsSeeThatRoutesExistButNoValueAndNoReference() {
        String body = given().auth().oauth2(AGENT).when().get("/v1/ownership").then().statusCode(200)
                .body("document.teams[0].pagerduty.routingKey", is(SecretResolver.REDACTED))
                .body("document.teams[0].slackWebhook", is("<redacted>"))
                .body("document.teams[0]", not(hasKey("webhook")))          // no route: no marker either
                .body("document.teams[1].pagerduty.routingKey", is("<redacted>"))
                .body("document.teams[1].webhook", is("<redacted>"))
                .body("document.teams[1]", not(hasKey("slackWebhook")))
                .body("document.teams[0].slack", is("#billing-packs"))      // a channel name is not a secret
                .body("$", not(hasKey("warnings")))
                .extract().body().asString();
        assertThat(body).doesNotContain(NEVER_FOR_AGENTS);
    }

    @Test
    void agentsSeeNoSecretInHistoryEither() {
        String one = given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + revision).then().statusCode(200)
                .body("document.teams[0].pagerduty.routingKey", is("<redacted>"))
                .body("document.teams[1].webhook", is("<redacted>"))
                .body("$", not(hasKey("source")))
                .extract().body().asString();
        assertThat(one).doesNotContain(NEVER_FOR_AGENTS);
        String list = given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=100").then().statusCode(200)
                .extract().body().asString();
        assertThat(list).doesNotContain(NEVER_FOR_AGENTS);
    }

    @Test
    void agentsMayNotAskForResolvedSecrets() {
        given().auth().oauth2(AGENT).when().get("/v1/ownership?resolveSecrets=true").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("agents see that a route exists, never its value"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + revision + "?resolveSecrets=true")
                .then().statusCode(403);
        // asking for references explicitly is just the default
        String body = given().auth().oauth2(AGENT).when().get("/v1/ownership?resolveSecrets=false").then().statusCode(200)
                .extract().body().asString();
        assertThat(body).doesNotContain(NEVER_FOR_AGENTS);
    }

    @Test
    void operatorsSeeReferencesByDefault() {
        given().auth().oauth2(OPERATOR).when().get("/v1/ownership").then().statusCode(200)
                .body("document.teams[0].pagerduty.routingKey", is("${PD_BILLING_PACKS}"))
                .body("document.teams[0].slackWebhook", is("${SLACK_BILLING_PACKS}"))
                .body("document.teams[1].pagerduty.routingKey", is("${PD_PACKS_CORE}"))
                .body("document.teams[1].webhook", is(LITERAL_WEBHOOK))
                .body("$", not(hasKey("warnings")));
    }

    @Test
    void operatorsAndAdminsResolveOnRequestAndUnsetVariablesAreNullWithAWarning() {
        for (String token : List.of(OPERATOR, ADMIN)) {
            given().auth().oauth2(token).when().get("/v1/ownership?resolveSecrets=true").then().statusCode(200)
                    .body("document.teams[0].pagerduty.routingKey", is(PD_VALUE))
                    .body("document.teams[0].slackWebhook", is(SLACK_VALUE))
                    .body("document.teams[1].webhook", is(LITERAL_WEBHOOK))
                    .body("document.teams[1].pagerduty", hasKey("routingKey"))
                    .body("document.teams[1].pagerduty.routingKey", nullValue())
                    .body("warnings", hasSize(1))
                    .body("warnings[0].field", is("teams[1].pagerduty.routingKey"))
                    .body("warnings[0].variable", is("PD_PACKS_CORE"))
                    .body("warnings[0].message", is("PD_PACKS_CORE is not set in ownership-service's environment"));
        }
        given().auth().oauth2(ADMIN).when().get("/v1/ownership/revisions/" + revision + "?resolveSecrets=true").then()
                .statusCode(200)
                .body("document.teams[0].pagerduty.routingKey", is(PD_VALUE))
                .body("warnings.variable", contains("PD_PACKS_CORE"))
                .body("source", containsString("${PD_BILLING_PACKS}"));      // the text as submitted keeps references
    }

    @Test
    void putWarnsAboutReferencesThatDoNotResolve() {
        putYaml(yaml(variant())).statusCode(201)
                .body("warnings.variable", contains("PD_PACKS_CORE"))
                .body("warnings.field", contains("teams[1].pagerduty.routingKey"));
        ObjectNode allSet = edit(variant(), "teams[1].pagerduty.routingKey", "'${PD_BILLING_PACKS}'");
        putYaml(yaml(allSet)).statusCode(201).body("warnings", empty());
    }

    @Test
    void teamRoutesForOtherCodeFollowTheSameRules() {
        Team billing = new Team("billing-packs", "Billing packs", "#billing-packs", "${SLACK_BILLING_PACKS}", null,
                new PagerDutyRoute("${PD_BILLING_PACKS}"), "https://hooks.example.com/${PD_PACKS_CORE}/x");

        Routes redacted = secrets.routes(billing, View.REDACTED);
        assertThat(redacted).isEqualTo(new Routes("<redacted>", "<redacted>", "<redacted>", List.of()));

        Routes references = secrets.routes(billing, View.REFERENCES);
        assertThat(references.pagerdutyRoutingKey()).isEqualTo("${PD_BILLING_PACKS}");
        assertThat(references.webhook()).isEqualTo("https://hooks.example.com/${PD_PACKS_CORE}/x");

        Routes resolved = secrets.routes(billing, View.RESOLVED);
        assertThat(resolved.pagerdutyRoutingKey()).isEqualTo(PD_VALUE);
        assertThat(resolved.slackWebhook()).isEqualTo(SLACK_VALUE);
        assertThat(resolved.webhook()).isNull(); // a reference inside it is unset
        assertThat(resolved.warnings()).singleElement().satisfies(w -> {
            assertThat(w.field()).isEqualTo("teams[billing-packs].webhook");
            assertThat(w.variable()).isEqualTo("PD_PACKS_CORE");
        });

        Team quiet = new Team("quiet", "Quiet", null, null, null, null, null);
        assertThat(secrets.routes(quiet, View.REDACTED)).isEqualTo(new Routes(null, null, null, List.of()));
    }

    @Test
    void theServicesOwnConfigurationNeverResolves() {
        assertThat(secrets.variable("PD_BILLING_PACKS")).contains(PD_VALUE);
        assertThat(secrets.variable("PACKOPS_TOKEN_ADMIN")).isEmpty();
        assertThat(secrets.variable("QUARKUS_DATASOURCE_PASSWORD")).isEmpty();
        assertThat(secrets.variable("NOT_SET_ANYWHERE")).isEmpty();
    }

    @Test
    void theWarningsListIsAlwaysPresentWhenResolving() {
        ObjectNode allSet = edit(variant(), "teams[1].pagerduty.routingKey", "'${PD_BILLING_PACKS}'");
        putYaml(yaml(allSet)).statusCode(201);
        given().auth().oauth2(OPERATOR).when().get("/v1/ownership?resolveSecrets=true").then().statusCode(200)
                .body("warnings", empty())
                .body("document.teams.pagerduty.routingKey", hasItem(PD_VALUE));
    }
}
