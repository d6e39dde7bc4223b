package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.alerting.rollouts.RolloutAnalysis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

/**
 * The real chain for an aborted canary: the analysis aborts a rollout in ingest (WireMock), the rollout-aborted
 * alert fires, ownership names the owner, and PagerDuty receives the trigger with the comparison in its details.
 */
@QuarkusTest
@WithTestResource(RolloutPagingWireMockResource.class)
class RolloutAbortPagingTest extends PagingTestBase {

    @Inject
    RolloutAnalysis analysis;

    @Test
    void anAbortedCanaryPagesItsOwnerWithTheComparison() {
        String canary = "7." + Math.abs(UUID.randomUUID().hashCode() % 1000) + ".0";
        wireMock.stubFor(get(urlPathEqualTo("/v1/rollouts")).willReturn(okJson("""
                {"items": [{"id": 41, "pack": "stripe-revenue", "connector": "stripe", "canaryVersion": "%s",
                  "stableVersion": "1.0.0", "state": "progressing", "step": 10, "steps": [10, 100], "stepMinutes": 30,
                  "analysis": {"maxFailureRate": 0.05, "maxRatioToStable": 2.0, "minInstalls": 50},
                  "stepStartedAt": "%s"}], "nextCursor": null}""".formatted(canary, T0.minusSeconds(300)))));
        stubStats(canary, "{\"warehouse\": \"bigquery\", \"attempts\": 40, \"failed\": 36}");
        stubStats("1.0.0", "{\"warehouse\": \"bigquery\", \"attempts\": 400, \"failed\": 4}");
        wireMock.stubFor(get(urlPathEqualTo("/v1/stats/failures")).withQueryParam("version", equalTo(canary)).willReturn(okJson("""
                {"groups": [{"fingerprint": "a1b2c3d4e5f60718", "count": 36, "accounts": 30, "stage": "compile",
                  "errorCode": "SQL_COMPILATION", "sampleMessage": "invalid identifier <name>"}]}""")));
        wireMock.stubFor(get(urlPathEqualTo("/v1/stats/failures")).withQueryParam("version", equalTo("1.0.0"))
                .willReturn(okJson("{\"groups\": []}")));
        wireMock.stubFor(post(urlPathEqualTo("/v1/rollouts/41/analysis")).willReturn(okJson("{\"id\": 41, \"state\": \"aborted\"}")));

        List<RolloutAnalysis.Result> results = analysis.analyse();
        assertThat(results).singleElement().satisfies(r -> assertThat(r.decision()).isEqualTo("abort"));
        dispatcher.dispatch();

        List<JsonNode> triggers = bodies("/v2/enqueue");
        assertThat(triggers).hasSize(1);
        JsonNode trigger = triggers.get(0);
        assertThat(trigger.path("routing_key").asText()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(trigger.path("dedup_key").asText())
                .isEqualTo("rollout-aborted{connector=stripe,pack=stripe-revenue,version=" + canary + "}");
        assertThat(trigger.path("payload").path("summary").asText()).contains("aborted at 10 %").contains("90.0 %");
        JsonNode details = trigger.path("payload").path("custom_details").path("details");
        assertThat(details.path("newFailureFingerprints").get(0).path("fingerprint").asText()).isEqualTo("a1b2c3d4e5f60718");
        assertThat(details.path("install").path("stable").path("attempts").asLong()).isEqualTo(400);
        long id = Long.parseLong(trigger.path("client_url").asText().replaceAll(".*/", ""));
        given().auth().oauth2("test-agent").when().get("/v1/alerts/" + id).then().statusCode(200)
                .body("rule", is("rollout-aborted")).body("ownerTeam", is("billing-packs"))
                .body("timeline.kind", hasItems("fired", "paged"));
    }

    private void stubStats(String version, String group) {
        for (String type : List.of("install", "render")) {
            wireMock.stubFor(get(urlPathEqualTo("/v1/stats/installs")).withQueryParam("version", equalTo(version))
                    .withQueryParam("type", equalTo(type))
                    .willReturn(okJson("{\"groups\": [" + ("install".equals(type) ? group : "") + "], \"nextCursor\": null}")));
        }
    }
}
