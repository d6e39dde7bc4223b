package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PagingWireMockResource.class)
class OutboxDispatcherTest extends PagingTestBase {

    private void pagerDutyAnswers(int firstStatus, String retryAfter) {
        var first = aResponse().withStatus(firstStatus).withBody("{\"status\":\"temporary\"}");
        if (retryAfter != null) {
            first = first.withHeader("Retry-After", retryAfter);
        }
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).inScenario("pd").whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("recovered"));
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).inScenario("pd").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(202)));
    }

    private int pagerDutyRequests() {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/v2/enqueue"))).size();
    }

    private Delivery pagerDutyDelivery(long alertId) {
        return pager.deliveries(alertId).stream().filter(d -> d.channel().equals("pagerduty")).findFirst().orElseThrow();
    }

    @Test
    void serverErrorIsRetriedWithBackoffAndDeliveredOnce() {
        pagerDutyAnswers(500, null);
        double retriesBefore = counter("packops.pages.sent", "channel", "pagerduty", "outcome", "retry");
        page(request(20, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();
        assertThat(pagerDutyDelivery(20).state()).isEqualTo("pending");
        assertThat(pagerDutyDelivery(20).lastStatus()).isEqualTo(500);
        dispatcher.dispatch();
        assertThat(pagerDutyRequests()).as("not due again at once").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1)); // base 1s: the first retry is due within it
        dispatcher.dispatch();
        dispatcher.dispatch();

        assertThat(pagerDutyRequests()).isEqualTo(2);
        Delivery d = pagerDutyDelivery(20);
        assertThat(d.state()).isEqualTo("delivered");
        assertThat(d.attempts()).isEqualTo(2);
        assertThat(d.lastStatus()).isEqualTo(202);
        assertThat(d.deliveredAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(counter("packops.pages.sent", "channel", "pagerduty", "outcome", "retry")).isEqualTo(retriesBefore + 1);
        assertThat(registry.find("packops.outbox.backlog").gauge().value()).isZero();
    }

    @Test
    void tooManyRequestsIsNotRetriedBeforeRetryAfter() {
        pagerDutyAnswers(429, "2");
        page(request(21, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();
        clock.advance(Duration.ofMillis(1900));
        dispatcher.dispatch();
        assertThat(pagerDutyRequests()).isEqualTo(1);
        assertThat(pagerDutyDelivery(21).nextAttemptAt()).isEqualTo(T0.plusSeconds(2));

        clock.advance(Duration.ofMillis(100));
        dispatcher.dispatch();
        assertThat(pagerDutyRequests()).isEqualTo(2);
        assertThat(pagerDutyDelivery(21).state()).isEqualTo("delivered");
    }

    @Test
    void unavailableWithAnHttpDateRetryAfterWaitsUntilThatDate() {
        pagerDutyAnswers(503, "Fri, 27 Nov 2026 10:00:30 GMT");
        page(request(22, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();
        assertThat(pagerDutyDelivery(22).nextAttemptAt()).isEqualTo(T0.plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        dispatcher.dispatch();
        assertThat(pagerDutyRequests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatch();
        assertThat(pagerDutyDelivery(22).state()).isEqualTo("delivered");
    }

    @Test
    void aReceiversAnswerIsNeverKeptOnlyItsStatus() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"routing_key\":\"" + TEAM_ROUTING_KEY
                        + "\",\"debug\":\"Authorization: Token s3cr3t-t0ken-value\"}" + " padding".repeat(200))));
        page(request(24, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();

        Delivery d = pagerDutyDelivery(24);
        // what a receiver says is shown to agents on the timeline: only its status, never its words (issue 16)
        assertThat(d.lastError()).isEqualTo("HTTP 400");
        assertThat(d.lastStatus()).isEqualTo(400);
    }

    @Test
    void permanentRejectionIsRecordedAsFailedAndNotRetried() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}")));
        page(request(23, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();
        clock.advance(Duration.ofMinutes(10));
        dispatcher.dispatch();

        assertThat(pagerDutyRequests()).isEqualTo(1);
        Delivery d = pagerDutyDelivery(23);
        assertThat(d.state()).isEqualTo("failed");
        assertThat(d.lastStatus()).isEqualTo(400);
        assertThat(d.lastError()).isEqualTo("HTTP 400");
        assertThat(d.failedAt()).isEqualTo(T0);
        assertThat(failedPages.seen()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(PageDeliveryFailed.REJECTED);
            assertThat(f.alertId()).isEqualTo(23L);
            assertThat(f.target()).doesNotContain(TEAM_ROUTING_KEY);
        });
    }

    @Test
    void givingUpAfterTheConfiguredTimeRaisesTheFailedSignal() {
        wireMock.stubFor(post(urlEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(502)));
        double failedBefore = counter("packops.pages.failed", "channel", "pagerduty", "reason", "gave-up");
        page(request(24, DEDUP, "trigger", "billing-packs"));

        dispatcher.dispatch();
        clock.advance(Duration.ofHours(23));
        dispatcher.dispatch();
        assertThat(failedPages.seen()).isEmpty();
        assertThat(pagerDutyDelivery(24).nextAttemptAt()).as("never scheduled past the deadline").isBeforeOrEqualTo(T0.plus(Duration.ofHours(24)));

        clock.advance(Duration.ofHours(1));
        dispatcher.dispatch();

        Delivery d = pagerDutyDelivery(24);
        assertThat(d.state()).isEqualTo("failed");
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(failedPages.seen()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(PageDeliveryFailed.GAVE_UP);
            assertThat(f.channel()).isEqualTo("pagerduty");
            assertThat(f.dedupKey()).isEqualTo(DEDUP);
            assertThat(f.lastStatus()).isEqualTo(502);
        });
        assertThat(counter("packops.pages.failed", "channel", "pagerduty", "reason", "gave-up")).isEqualTo(failedBefore + 1);
    }

    @Test
    void resolveNeverOvertakesATriggerThatNeedsRetries() {
        pagerDutyAnswers(500, null);
        page(request(25, DEDUP, "trigger", "billing-packs"));
        page(request(25, DEDUP, "resolve", "billing-packs"));

        dispatcher.dispatch();
        assertThat(bodies("/v2/enqueue")).extracting(b -> b.path("event_action").asText()).containsExactly("trigger");
        assertThat(bodies("/slack/billing")).as("other destinations are not held back").hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatch();

        assertThat(bodies("/v2/enqueue")).extracting(b -> b.path("event_action").asText())
                .containsExactly("trigger", "trigger", "resolve");
        assertThat(pager.deliveries(25)).allSatisfy(d -> assertThat(d.state()).isEqualTo("delivered"));
    }

    @Test
    void twoDispatchersRacingSendEachRowExactlyOnce() throws Exception {
        wireMock.stubFor(post(urlPathMatching("/(v2|slack|hooks)/.*")).willReturn(aResponse().withStatus(200).withFixedDelay(20)));
        for (int i = 0; i < 12; i++) {
            page(request(100 + i, DEDUP.replace("1.1.0", "1." + i + ".0"), "trigger", "billing-packs"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            runs.add(pool.submit(() -> {
                start.await();
                return dispatcher.dispatch();
            }));
        }
        start.countDown();
        int attempts = 0;
        for (Future<Integer> run : runs) {
            attempts += run.get();
        }
        pool.shutdown();

        assertThat(attempts).isEqualTo(36);
        assertThat(wireMock.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")))
                .hasSize(36);
        List<String> pdDedupKeys = bodies("/v2/enqueue").stream().map((JsonNode b) -> b.path("dedup_key").asText()).toList();
        assertThat(pdDedupKeys).hasSize(12).doesNotHaveDuplicates();
        for (int i = 0; i < 12; i++) {
            assertThat(pager.deliveries(100 + i)).hasSize(3).allSatisfy(d -> {
                assertThat(d.state()).isEqualTo("delivered");
                assertThat(d.attempts()).isEqualTo(1);
            });
        }
    }
}
