package io.packops.alerting.rules;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.IngestConflict;
import io.packops.alerting.peers.IngestNotFound;
import io.packops.alerting.peers.IngestUnavailable;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
@TestProfile(RulesTestProfile.class)
class IngestClientTest {

    static final String WITHDRAW = "/v1/packs/stripe-revenue/versions/1.1.0/withdraw";

    @InjectIngestMock
    WireMockServer ingest;
    @Inject
    IngestClient client;

    @BeforeEach
    void reset() {
        ingest.resetAll();
        IngestStubs.resetCircuits();
    }

    @Test
    void withdrawSendsTheReasonWithTheAutomationTokenAndReturnsTheServedVersion() {
        ingest.stubFor(post(urlPathEqualTo(WITHDRAW)).willReturn(okJson(
                "{\"pack\":\"stripe-revenue\",\"connector\":\"stripe\",\"servedVersion\":\"1.0.0\",\"versions\":[]}")));
        assertThat(client.withdraw("stripe-revenue", "1.1.0", "alert 42: install failures")).isEqualTo("1.0.0");
        ingest.verify(1, postRequestedFor(urlPathEqualTo(WITHDRAW))
                .withHeader("Authorization", equalTo("Bearer peer-automation-token"))
                .withRequestBody(equalToJson("{\"reason\":\"alert 42: install failures\"}")));
    }

    @Test
    void withdrawOfAnUnknownVersionIsNotFoundAndNotRetried() {
        ingest.stubFor(post(urlPathEqualTo(WITHDRAW)).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> client.withdraw("stripe-revenue", "1.1.0", "r"))
                .isInstanceOf(IngestNotFound.class);
        ingest.verify(1, postRequestedFor(urlPathEqualTo(WITHDRAW)));
    }

    @Test
    void withdrawConflictIsAConflict() {
        ingest.stubFor(post(urlPathEqualTo(WITHDRAW)).willReturn(aResponse().withStatus(409)));
        assertThatThrownBy(() -> client.withdraw("stripe-revenue", "1.1.0", "r"))
                .isInstanceOf(IngestConflict.class);
    }

    @Test
    void withdrawIsRetriedWhileIngestFailsThenReportedUnavailable() {
        ingest.stubFor(post(urlPathEqualTo(WITHDRAW)).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client.withdraw("stripe-revenue", "1.1.0", "r"))
                .isInstanceOf(IngestUnavailable.class);
        ingest.verify(3, postRequestedFor(urlPathEqualTo(WITHDRAW)));
    }
}
