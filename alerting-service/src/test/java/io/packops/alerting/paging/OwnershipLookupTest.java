package io.packops.alerting.paging;

import io.packops.alerting.peers.OwnershipClient;
import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.peers.Ownership;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class OwnershipLookupTest extends PagingTestBase {

    @Inject
    OwnershipClient ownership;

    @Test
    void lookupMapsTeamRoutesAndEscalationLevels() {
        Optional<Ownership> found = ownership.lookup("stripe", "stripe-revenue", T0);

        assertThat(found).isPresent();
        Ownership o = found.get();
        assertThat(o.team()).isEqualTo("billing-packs");
        assertThat(o.teamName()).isEqualTo("Billing packs");
        assertThat(o.policy()).isEqualTo("billing-default");
        assertThat(o.repeat()).isEqualTo(1);
        assertThat(o.runbook()).isEqualTo("runbooks/pack-install-failures.md");
        assertThat(o.runbookUrl()).isEqualTo("https://git.example.com/packops/runbooks/pack-install-failures.md");
        assertThat(o.supportQueue()).isEqualTo("tier2-billing");
        assertThat(o.pagerdutyRoutingKey()).isEqualTo(TEAM_ROUTING_KEY);
        assertThat(o.slackWebhook()).isEqualTo(wireMock.baseUrl() + "/slack/billing");
        assertThat(o.webhook()).isEqualTo(wireMock.baseUrl() + "/hooks/billing");
        assertThat(o.levels()).containsExactly(
                new Level(1, 0, false, List.of("bo")),
                new Level(2, 15, true, List.of()),
                new Level(3, 15, false, List.of("dana", "ana")));

        wireMock.verify(getRequestedFor(urlPathEqualTo("/v1/lookup"))
                .withQueryParam("connector", equalTo("stripe"))
                .withQueryParam("pack", equalTo("stripe-revenue"))
                .withQueryParam("at", equalTo("2026-11-27T10:00:00Z"))
                .withQueryParam("resolveSecrets", equalTo("true"))
                .withHeader("Authorization", equalTo("Bearer peer-read-token")));
    }

    @Test
    void ownershipDownAnswersEmptyAndTheCircuitOpensSoLaterCallsAreFast() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/lookup")).willReturn(aResponse().withStatus(500)));

        assertThat(ownership.lookup("stripe", "stripe-revenue", T0)).isEmpty();
        assertThat(ownership.lookup("stripe", "stripe-revenue", T0)).isEmpty();
        int callsWhileClosed = wireMock.findAll(getRequestedFor(urlPathEqualTo("/v1/lookup"))).size();
        assertThat(callsWhileClosed).as("retried before the circuit opened").isGreaterThan(2);

        long started = System.nanoTime();
        assertThat(ownership.lookup("stripe", "stripe-revenue", T0)).isEmpty();
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(tookMs).as("an open circuit answers at once").isLessThan(100);
        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo("/v1/lookup")))).hasSize(callsWhileClosed);
    }

    @Test
    void aRefusedQuestionIsNotRetried() {
        wireMock.stubFor(get(urlPathEqualTo("/v1/lookup")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));

        assertThat(ownership.lookup("Not A Slug", null, T0)).isEmpty();

        assertThat(wireMock.findAll(getRequestedFor(urlPathEqualTo("/v1/lookup")))).hasSize(1);
    }
}
