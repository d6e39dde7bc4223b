package io.packops.alerting.rules;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.alerting.alerts.Observation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(RulesTestProfile.class)
class InstallHealthRulesTest extends IngestTestBase {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final Map<String, String> V110 = Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0");

    @Inject
    InstallHealthRules health;

    HealthRuleSet packaged;

    @BeforeEach
    void keepThePackagedRules() {
        packaged = health.rules();
    }

    @AfterEach
    void restore() {
        health.use(packaged);
    }

    /** install-failure-rate over 15m above 20 % with at least 20 installs, no {@code for}. */
    static final String FAILURE_RATE = """
            rules:
              - { kind: install-failure-rate, window: 15m, threshold: 0.2, minInstalls: 20 }
            """;

    void rules(String yaml) {
        health.use(HealthRuleSet.parse(yaml, "test"));
    }

    /** {@code GET /v1/stats/installs?window=&type=} answering one group per {attempts, failed} of stripe-revenue. */
    void stats(String type, String window, long attempts, long failed) {
        ObjectNode body = IngestStubs.JSON.createObjectNode().put("window", window).put("type", type);
        ArrayNode groups = body.putArray("groups");
        if (attempts > 0) {
            groups.addObject().put("connector", "stripe").put("pack", "stripe-revenue").put("version", "1.1.0")
                    .put("attempts", attempts).put("succeeded", attempts - failed).put("failed", failed).put("accounts", attempts / 2);
        }
        body.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/stats/installs")).withQueryParam("window", equalTo(window))
                .withQueryParam("type", equalTo(type)).willReturn(okJson(body.toString())));
    }

    void freshness(Instant overall, Map<String, Instant> perConnector) {
        ObjectNode body = IngestStubs.JSON.createObjectNode().put("asOf", T0.toString());
        if (overall == null) {
            body.putNull("newestReceivedAt");
        } else {
            body.put("newestReceivedAt", overall.toString());
        }
        ArrayNode connectors = body.putArray("connectors");
        perConnector.forEach((c, at) -> connectors.addObject().put("connector", c).put("newestReceivedAt", at.toString()).put("events24h", 10));
        ingest.stubFor(get(urlPathEqualTo("/v1/stats/freshness")).willReturn(okJson(body.toString())));
    }

    List<Observation> observed(String rule, Map<String, String> labels) {
        return recorded.observed(rule).stream().filter(o -> o.labels().equals(labels)).toList();
    }

    @Test
    void failureRateFiresOnlyAfterHoldingForItsForDurationThenClears() {
        rules("""
                rules:
                  - { kind: install-failure-rate, window: 15m, threshold: 0.2, minInstalls: 20, for: 5m, severity: critical }
                """);
        stats("install", "15m", 100, 40);

        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).as("pending: nothing observed yet").isEmpty();
        health.evaluate(T0.plusSeconds(150));
        assertThat(observed("install-failure-rate", V110)).isEmpty();

        health.evaluate(T0.plusSeconds(300));
        List<Observation> fired = observed("install-failure-rate", V110);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0).firing()).isTrue();
        assertThat(fired.get(0).severity()).isEqualTo("critical");
        assertThat(fired.get(0).summary()).contains("40.0% of 100 installs failed over 15m");
        assertThat(fired.get(0).details()).containsEntry("failureRate", 0.4).containsEntry("since", T0.toString());

        recorded.clear();
        stats("install", "15m", 100, 5);
        health.evaluate(T0.plusSeconds(315));
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    /** ingest's registry: stripe-revenue served as {@code served}; rollouts in progress with these canaries. */
    void served(String served, String... liveCanaries) {
        ObjectNode packs = IngestStubs.JSON.createObjectNode();
        packs.putArray("items").addObject().put("pack", "stripe-revenue").put("connector", "stripe")
                .put("servedVersion", served).put("activeVersions", 2);
        packs.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/packs")).willReturn(okJson(packs.toString())));
        ObjectNode progressing = IngestStubs.JSON.createObjectNode();
        ArrayNode items = progressing.putArray("items");
        for (String canary : liveCanaries) {
            items.addObject().put("id", 1).put("pack", "stripe-revenue").put("connector", "stripe").put("canaryVersion", canary)
                    .put("stableVersion", served).put("state", "progressing");
        }
        progressing.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/rollouts")).withQueryParam("state", equalTo("progressing"))
                .willReturn(okJson(progressing.toString())));
        ingest.stubFor(get(urlPathEqualTo("/v1/rollouts")).withQueryParam("state", equalTo("paused"))
                .willReturn(okJson("{\"items\": [], \"nextCursor\": null}")));
    }

    @Test
    void aVersionNobodyIsServedAnyMoreClearsItsAlertsInsteadOfFiringUntilTheWindowPasses() {
        rules("""
                rules:
                  - { kind: install-failure-rate, window: 15m, threshold: 0.2, minInstalls: 20, for: 0s, severity: critical }
                """);
        stats("install", "15m", 100, 90);
        served("1.1.0");
        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isTrue());

        // the rollback (1.1.0 withdrawn), a fixed 1.1.1, or an aborted rollout of 1.1.0: installers get another version;
        // its failures are still in the window
        recorded.clear();
        served("1.0.0");
        health.evaluate(T0.plusSeconds(60));
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> {
            assertThat(o.firing()).isFalse();
            assertThat(o.summary()).contains("90.0% of 100 installs failed")
                    .contains("nobody is served this version any more (installers get 1.0.0)");
            assertThat(o.details()).containsEntry("unserved", true);
        });
    }

    @Test
    void aCanaryOfARunningRolloutIsServedToItsCohortAndKeepsItsAlert() {
        rules("""
                rules:
                  - { kind: install-failure-rate, window: 15m, threshold: 0.2, minInstalls: 20, for: 0s, severity: critical }
                """);
        stats("install", "15m", 100, 90);
        served("1.0.0", "1.1.0"); // 1.1.0 is the canary of a progressing rollout
        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isTrue());
    }

    @Test
    void aConditionThatBreaksOffRestartsTheForClock() {
        rules("""
                rules:
                  - { kind: install-failure-rate, window: 15m, threshold: 0.2, minInstalls: 20, for: 5m }
                """);
        stats("install", "15m", 100, 40);
        health.evaluate(T0);
        stats("install", "15m", 100, 10);
        health.evaluate(T0.plusSeconds(120));
        stats("install", "15m", 100, 40);
        health.evaluate(T0.plusSeconds(240));
        health.evaluate(T0.plusSeconds(360));
        assertThat(observed("install-failure-rate", V110)).noneMatch(Observation::firing);
        health.evaluate(T0.plusSeconds(540));
        assertThat(observed("install-failure-rate", V110)).filteredOn(Observation::firing).hasSize(1);
    }

    @Test
    void tooFewInstallsNeverFire() {
        rules(FAILURE_RATE);
        stats("install", "15m", 10, 10);
        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    @Test
    void aVersionThatDropsOutOfTheStatsIsClearedOnce() {
        rules(FAILURE_RATE);
        stats("install", "15m", 100, 50);
        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isTrue());
        recorded.clear();
        stats("install", "15m", 0, 0);
        health.evaluate(T0.plusSeconds(15));
        health.evaluate(T0.plusSeconds(30));
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    @Test
    void anAlertFiredBeforeARestartOrByAnotherReplicaIsClearedWhenItsVersionHasNoEventsAnyMore() {
        rules(FAILURE_RATE);
        // active in the database, never observed by this process: the in-memory state of the old code missed it
        recorded.activeElsewhere(new Observation("install-failure-rate", V110, "critical", "firing before the restart",
                Map.of(), true));
        stats("install", "15m", 0, 0);
        health.evaluate(T0);
        assertThat(observed("install-failure-rate", V110)).singleElement().satisfies(o -> {
            assertThat(o.firing()).isFalse();
            assertThat(o.summary()).isEqualTo("no events in the window any more");
        });
        health.evaluate(T0.plusSeconds(15));
        assertThat(observed("install-failure-rate", V110)).hasSize(1); // once: it is clear already
    }

    @Test
    void renderErrorRateFiresAndClearsPerPackVersion() {
        rules("""
                rules:
                  - { kind: render-error-rate, window: 15m, threshold: 0.1, minRenders: 50, severity: error }
                """);
        stats("render", "15m", 200, 60);
        health.evaluate(T0);
        assertThat(observed("render-error-rate", V110)).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.summary()).contains("renders failed");
        });
        recorded.clear();
        stats("render", "15m", 200, 2);
        health.evaluate(T0.plusSeconds(15));
        assertThat(observed("render-error-rate", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    static final String BURN = """
            rules:
              - kind: install-slo-burn
                objective: 0.99
                minInstalls: 10
                windows:
                  - { long: 1h, short: 5m, burnRate: 14.4, severity: critical }
                  - { long: 6h, short: 30m, burnRate: 6, severity: error }
            """;

    void burn(long[] h1, long[] m5, long[] h6, long[] m30) {
        stats("install", "1h", h1[0], h1[1]);
        stats("install", "5m", m5[0], m5[1]);
        stats("install", "6h", h6[0], h6[1]);
        stats("install", "30m", m30[0], m30[1]);
    }

    @Test
    void sloBurnFiresWhenBothWindowsOfThePagePairBurn() {
        rules(BURN);
        // 20% failures = 20x burn in 1h and 5m; 6h/30m at 3% = 3x stays under 6x
        burn(new long[]{1000, 200}, new long[]{100, 20}, new long[]{6000, 180}, new long[]{500, 15});
        health.evaluate(T0);
        assertThat(observed("install-slo-burn", V110)).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.severity()).isEqualTo("critical");
            assertThat(o.summary()).contains("1h/5m");
        });
    }

    @Test
    void sloBurnNeedsBothWindowsOfAPair() {
        rules(BURN);
        // the long window burns (20x) but the last 5 minutes recovered: no page (the short window resets it)
        burn(new long[]{1000, 200}, new long[]{100, 0}, new long[]{6000, 180}, new long[]{500, 15});
        health.evaluate(T0);
        assertThat(observed("install-slo-burn", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    @Test
    void sloBurnTicketPairFiresWithItsSeverityAndClears() {
        rules(BURN);
        // 8% = 8x: over 6x in 6h and 30m, under 14.4x in 1h/5m
        burn(new long[]{1000, 80}, new long[]{100, 8}, new long[]{6000, 480}, new long[]{500, 40});
        health.evaluate(T0);
        assertThat(observed("install-slo-burn", V110)).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.severity()).isEqualTo("error");
        });
        recorded.clear();
        burn(new long[]{1000, 1}, new long[]{100, 0}, new long[]{6000, 30}, new long[]{500, 0});
        health.evaluate(T0.plusSeconds(15));
        assertThat(observed("install-slo-burn", V110)).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    @Test
    void telemetrySilentFiresForTheFleetAndPerConnectorAndClears() {
        rules("""
                rules:
                  - { kind: telemetry-silent, limit: 30m, perConnector: true }
                """);
        freshness(T0.minusSeconds(60), Map.of("stripe", T0.minusSeconds(60), "hubspot", T0.minusSeconds(3600)));
        health.evaluate(T0);
        assertThat(observed("telemetry-silent", Map.of())).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
        assertThat(observed("telemetry-silent", Map.of("connector", "stripe"))).singleElement()
                .satisfies(o -> assertThat(o.firing()).isFalse());
        assertThat(observed("telemetry-silent", Map.of("connector", "hubspot"))).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.summary()).contains("no telemetry from hubspot for 1h");
        });

        recorded.clear();
        health.evaluate(T0.plusSeconds(3600));
        assertThat(observed("telemetry-silent", Map.of())).singleElement().satisfies(o -> assertThat(o.firing()).isTrue());

        recorded.clear();
        freshness(T0.plusSeconds(3590), Map.of("stripe", T0.plusSeconds(3590), "hubspot", T0.plusSeconds(3590)));
        health.evaluate(T0.plusSeconds(3600));
        assertThat(recorded.observed("telemetry-silent")).hasSize(3).noneMatch(Observation::firing);
    }

    @Test
    void ingestDownObservesNothing() {
        health.use(packaged);
        IngestStubs.ingestDown(ingest);
        InstallHealthRules.Evaluation evaluation = health.evaluate(T0);
        assertThat(evaluation.ran()).isFalse();
        assertThat(recorded.observed()).isEmpty();
    }
}
