package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.EscalationTicker;
import io.packops.alerting.alerts.Observation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * The real chain, no test doubles: an observation fires an alert, the lifecycle asks ownership (WireMock) for
 * owner and chain, the pager writes the outbox, the dispatcher delivers to PagerDuty, and the alert's view shows
 * the delivery; an operator's ack and resolve reach PagerDuty with the same dedup key.
 */
@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class AlertToPagerDutyTest extends PagingTestBase {

    @Inject
    AlertService alerts;

    @Inject
    EscalationTicker ticker;

    @Inject
    EntityManager em;

    @Test
    void firingAlertIsDeliveredToTheOwnersRoutesThenAckedAndResolvedWithTheSameDedupKey() {
        String version = "9." + Math.abs(UUID.randomUUID().hashCode() % 1000) + ".0";
        Observation firing = new Observation("install-failure-rate",
                Map.of("connector", "stripe", "pack", "stripe-revenue", "version", version), "critical",
                "stripe-revenue " + version + ": 42% of installs fail", Map.of("failureRate", 0.42, "installs", 50), true);
        alerts.observe(firing); // asks ownership first, then fires the alert in a short transaction of its own
        dispatcher.dispatch();

        List<JsonNode> triggers = bodies("/v2/enqueue");
        assertThat(triggers).hasSize(1);
        JsonNode trigger = triggers.get(0);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(firing.dedupKey());
        assertThat(trigger.path("payload").path("custom_details").path("people").get(0).asText()).isEqualTo("bo");
        long id = Long.parseLong(trigger.path("client_url").asText().replaceAll(".*/", ""));
        // the alert keeps its owner's routes for escalation and ack/resolve, sealed (issue 16, item 9)
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select owner_routes::text from alerts where id = ?1").setParameter(1, id).getSingleResult());
        assertThat(stored).startsWith("\"v1:").doesNotContain(TEAM_ROUTING_KEY).doesNotContain("/slack/").doesNotContain("/hooks/");

        given().auth().oauth2("test-agent").when().get("/v1/alerts/" + id)
                .then().statusCode(200)
                .body("ownerTeam", is("billing-packs"))
                .body("runbookUrl", is("https://git.example.com/packops/runbooks/pack-install-failures.md"))
                .body("timeline.kind", hasItems("fired", "paged"))
                .body("deliveries.channel", hasItems("pagerduty", "slack", "webhook"))
                .body("deliveries.findAll { it.channel == 'pagerduty' }[0].state", is("delivered"));

        // level 2 is empty (skipped at once), level 3 is due 15 minutes after firing: escalation pages dana and the team
        clock.advance(Duration.ofMinutes(16));
        ticker.tick();
        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).hasSize(2);
        assertThat(bodies("/v2/enqueue").get(1).path("payload").path("custom_details").path("level").asInt()).isEqualTo(3);

        given().auth().oauth2("test-operator").contentType("application/json").body("{\"comment\": \"looking\"}")
                .when().post("/v1/alerts/" + id + "/ack").then().statusCode(200).body("state", is("acknowledged"));
        given().auth().oauth2("test-operator").when().post("/v1/alerts/" + id + "/resolve")
                .then().statusCode(200).body("state", is("resolved"));
        dispatcher.dispatch();

        List<JsonNode> events = bodies("/v2/enqueue");
        assertThat(events).extracting(e -> e.path("event_action").asText())
                .containsExactly("trigger", "trigger", "acknowledge", "resolve");
        assertThat(events).extracting(e -> e.path("dedup_key").asText()).containsOnly(firing.dedupKey());
    }
}
