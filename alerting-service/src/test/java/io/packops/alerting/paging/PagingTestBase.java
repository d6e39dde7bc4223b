package io.packops.alerting.paging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.testsupport.time.MutableClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Shared fixtures: a hand-moved clock, an empty outbox, ownership answering for stripe, receivers answering 2xx. */
abstract class PagingTestBase {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final String TEAM_ROUTING_KEY = "teamroutingkey000000000000000000";
    static final String DEDUP = "install-failure-rate{connector=stripe,pack=stripe-revenue,version=1.1.0}";

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Pager pager;

    @Inject
    OutboxDispatcher dispatcher;

    @Inject
    OutboxRepository outbox;

    @Inject
    MeterRegistry registry;

    @Inject
    FailedPagesRecorder failedPages;

    @Inject
    CircuitBreakerMaintenance circuitBreakers;

    final ObjectMapper json = new ObjectMapper();
    MutableClock clock;

    @BeforeEach
    void resetPagingWorld() {
        clock = new MutableClock(T0);
        QuarkusMock.installMockForType(clock, Clock.class);
        QuarkusTransaction.requiringNew().run(() -> outbox.deleteAll());
        wireMock.resetAll();
        circuitBreakers.resetAll();
        failedPages.clear();
        stubOwnership();
        wireMock.stubFor(post(urlPathMatching("/v2/.*")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"success\"}")));
        wireMock.stubFor(post(urlPathMatching("/slack/.*")).willReturn(ok("ok")));
        wireMock.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(ok()));
    }

    void stubOwnership() {
        stubOwnership(0);
    }

    /** ownership-service answering billing-packs for stripe, after {@code delayMs}. */
    void stubOwnership(int delayMs) {
        String base = wireMock.baseUrl();
        wireMock.stubFor(get(urlPathEqualTo("/v1/lookup")).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"connector": "stripe", "pack": "stripe-revenue", "at": "2026-11-27T10:00:00Z", "revision": 7,
                         "rule": {"id": "stripe/stripe-revenue", "matchedBy": "pack", "match": {"connector": "stripe", "pack": "stripe-revenue"}},
                         "team": {"id": "billing-packs", "name": "Billing packs", "slack": "#billing-packs", "email": "billing@example.com",
                                  "routes": {"pagerduty": "%s", "slackWebhook": "%s/slack/billing", "webhook": "%s/hooks/billing"}},
                         "escalation": {"policy": "billing-default", "repeat": 1, "levels": [
                           {"level": 1, "afterMinutes": 0, "effectiveAfterMinutes": 0, "skipped": false, "targets": [
                             {"kind": "schedule", "id": "billing-primary", "people": [
                               {"id": "bo", "name": "Bo Chen", "email": "bo@example.com", "until": "2026-11-28T09:00:00Z", "via": "billing-primary"}]}]},
                           {"level": 2, "afterMinutes": 15, "effectiveAfterMinutes": 15, "skipped": true, "note": "nobody on call", "targets": [
                             {"kind": "schedule", "id": "billing-secondary", "people": []}]},
                           {"level": 3, "afterMinutes": 30, "effectiveAfterMinutes": 15, "skipped": false, "targets": [
                             {"kind": "person", "id": "dana", "people": [{"id": "dana", "name": "Dana"}]},
                             {"kind": "team", "id": "billing-packs", "people": [{"id": "ana"}, {"id": "dana"}]}]}]},
                         "runbook": "runbooks/pack-install-failures.md",
                         "runbookUrl": "https://git.example.com/packops/runbooks/pack-install-failures.md",
                         "supportQueue": "tier2-billing", "suggestedReply": "Thanks for reporting this.", "notes": []}
                        """.formatted(TEAM_ROUTING_KEY, base, base))));
    }

    /** The routes ownership answers for billing-packs (see {@link #stubOwnership}). */
    PageRequest.Routes billingRoutes() {
        String base = wireMock.baseUrl();
        return new PageRequest.Routes("billing-packs", TEAM_ROUTING_KEY, base + "/slack/billing", base + "/hooks/billing");
    }

    /** A page of alert {@code alertId} to {@code ownerTeam}'s routes (billing-packs'), or to nobody's (null). */
    PageRequest request(long alertId, String dedupKey, String action, String ownerTeam) {
        return new PageRequest(alertId, dedupKey, action, "install-failure-rate",
                Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0"), "critical",
                "stripe-revenue 1.1.0: 42% of installs fail (21 of 50 in 15m)", Map.of("failureRate", 0.42, "installs", 50),
                "https://git.example.com/packops/runbooks/pack-install-failures.md",
                "https://alerting.example.com/v1/alerts/" + alertId, ownerTeam, "trigger".equals(action) ? 1 : 0,
                "trigger".equals(action) ? List.of("bo") : List.of(), T0, ownerTeam == null ? null : billingRoutes());
    }

    void page(PageRequest request) {
        QuarkusTransaction.requiringNew().run(() -> pager.page(request));
    }

    List<JsonNode> bodies(String url) {
        return wireMock.findAll(postRequestedFor(urlEqualTo(url))).stream().map(r -> {
            try {
                return json.readTree(r.getBodyAsString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    double counter(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }
}
