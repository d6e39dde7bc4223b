package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.alerting.PgSessions;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.EscalationTicker;
import io.packops.alerting.alerts.Observation;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No HTTP call inside a database transaction: while ownership-service takes 3 s to answer, the alert being fired (or
 * the escalation tick retrying its owner) holds no lock on {@code alerts} and leaves no session "idle in transaction";
 * the owner is asked first, then the alert is written in a short transaction, and it still pages its owner's routes.
 */
@QuarkusTest
@WithTestResource(SlowOwnershipWireMockResource.class)
class NoHttpInsideATransactionTest extends PagingTestBase {

    static final int DELAY_MS = 3_000;

    @Inject
    AlertService alerts;

    @Inject
    EscalationTicker ticker;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void noOtherAlerts() throws Exception {
        // the tick walks every active alert: only this test's may page or ask ownership
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate alerts, alert_events restart identity cascade");
        }
    }

    static Observation firing() {
        String version = "8." + Math.abs(UUID.randomUUID().hashCode() % 1000) + ".0";
        return new Observation("install-failure-rate", Map.of("connector", "stripe", "pack", "stripe-revenue", "version", version),
                "critical", "stripe-revenue " + version + ": 42% of installs fail", Map.of("failureRate", 0.42), true);
    }

    @Test
    void aSlowOwnershipHoldsNoAlertLockAndNoOpenTransactionWhileAnAlertFiresAndTheOwnerIsStillPaged() throws Exception {
        stubOwnership(DELAY_MS);
        Observation firing = firing();

        CompletableFuture<Void> observing = CompletableFuture.runAsync(() -> alerts.observe(firing));
        duringTheLookup(observing);
        observing.get(30, TimeUnit.SECONDS);

        dispatcher.dispatch();
        List<JsonNode> triggers = bodies("/v2/enqueue");
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.path("routing_key").asText()).as("the owner's route, not the fallback").isEqualTo(TEAM_ROUTING_KEY);
            assertThat(t.path("dedup_key").asText()).isEqualTo(firing.dedupKey());
        });
        assertThat(bodies("/slack/billing")).hasSize(1);
    }

    @Test
    void theEscalationTicksOwnershipRetryIsMadeBeforeItsTransactionToo() throws Exception {
        wireMock.stubFor(get(urlPathEqualTo("/v1/lookup")).willReturn(aResponse().withStatus(503)));
        circuitBreakers.resetAll();
        Observation firing = firing();
        alerts.observe(firing); // ownership down: the fallback route is paged, the owner retried by the tick
        circuitBreakers.resetAll();
        wireMock.resetRequests();
        stubOwnership(DELAY_MS);

        CompletableFuture<Integer> ticking = CompletableFuture.supplyAsync(ticker::tick);
        duringTheLookup(ticking);
        assertThat(ticking.get(30, TimeUnit.SECONDS)).as("the owner's first level, once ownership answers").isEqualTo(1);

        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).extracting(t -> t.path("routing_key").asText())
                .containsExactly(PagingWireMockResource.FALLBACK_ROUTING_KEY, TEAM_ROUTING_KEY);
    }

    /** Once ownership has the request (and sits on it for 3 s): nothing holds {@code alerts}, no transaction waits. */
    private void duringTheLookup(CompletableFuture<?> caller) throws Exception {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> !wireMock.findAll(getRequestedFor(urlPathEqualTo("/v1/lookup"))).isEmpty());
        try (Connection observer = dataSource.getConnection()) {
            for (int look = 0; look < 5; look++) {
                assertThat(caller).as("still waiting on ownership-service").isNotDone();
                assertThat(PgSessions.tableLocks(observer, "alerts")).as("locks on alerts held by other sessions").isEmpty();
                assertThat(PgSessions.idleInTransaction(observer)).as("sessions idle in a transaction").isZero();
                Thread.sleep(300);
            }
        }
    }
}
