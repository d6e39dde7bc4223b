package io.packops.alerting.paging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** A page PagerDuty rejects for good raises packops' own page-delivery-failed alert. */
@QuarkusTest
@TestProfile(PageDeliveryFailedAlertTest.AlertOnFailure.class)
@WithTestResource(PagingWireMockResource.class)
class PageDeliveryFailedAlertTest extends PagingTestBase {

    public static class AlertOnFailure implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("packops.paging.alert-on-delivery-failure", "true");
        }
    }

    @Inject
    EntityManager em;

    @BeforeEach
    void noAlerts() {
        QuarkusTransaction.requiringNew().run(() ->
                em.createNativeQuery("truncate alerts, alert_events restart identity cascade").executeUpdate());
    }

    ValidatableResponse alertsOf(String rule) {
        return given().auth().oauth2("test-agent").queryParam("rule", rule).when().get("/v1/alerts").then().statusCode(200);
    }

    @Test
    void aPermanentlyRejectedPageRaisesPageDeliveryFailed() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"message\":\"routing_key " + TEAM_ROUTING_KEY + " is not valid\"}")));
        page(request(41, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();

        // the new alert's own PagerDuty page is rejected too (same broken key): logged, not observed again
        assertThat(failedPages.seen()).extracting(f -> f.dedupKey()).contains(DEDUP);
        String summary = alertsOf("page-delivery-failed").body("items", hasSize(1))
                .body("items[0].state", is("firing"))
                .body("items[0].severity", is("critical"))
                .body("items[0].labels.channel", is("pagerduty"))
                .body("items[0].details.dedupKey", is(DEDUP))
                .body("items[0].details.lastStatus", is(400))
                .extract().path("items[0].summary");
        // the receiver's words never reach agents: only its status (issue 16)
        assertThat(summary).contains(DEDUP).contains("HTTP 400").doesNotContain("invalid event")
                .doesNotContain(TEAM_ROUTING_KEY).doesNotContain(wireMock.baseUrl());
        alertsOf("page-delivery-failed").body("items[0].details.lastError", is("HTTP 400"));

        // a second failure on the same channel is a repeat of the same alert
        page(request(42, DEDUP.replace("1.1.0", "1.2.0"), "trigger", "billing-packs"));
        clock.advance(java.time.Duration.ofSeconds(1));
        dispatcher.dispatch();
        alertsOf("page-delivery-failed").body("items", hasSize(1));
    }
}
