package io.packops.alerting.rules;

import io.packops.alerting.alerts.Observation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** ingest-service (WireMock) answers 503 and then 200 on /q/health/ready. */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class DependencyDownTest extends IngestTestBase {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Inject
    DependencyChecks checks;

    List<Observation> ingestDown() {
        return recorded.observed(DependencyChecks.RULE).stream()
                .filter(o -> "ingest-service".equals(o.labels().get("service"))).toList();
    }

    void ready(int status) {
        ingest.stubFor(get(urlEqualTo("/q/health/ready")).willReturn(status == 200 ? okJson("{\"status\":\"UP\"}")
                : aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("{\"status\":\"DOWN\"}")));
    }

    @Test
    void firesAfterFailingLongerThanTheLimitAndClearsWhenReadyAgain() {
        ready(503);
        assertThat(checks.check(T0).get("ingest-service").healthy()).isFalse();
        checks.check(T0.plus(Duration.ofMinutes(1)));
        checks.check(T0.plus(Duration.ofMinutes(2)));
        assertThat(ingestDown()).as("failing for 2m is not longer than the 2m limit").isEmpty();

        checks.check(T0.plus(Duration.ofMinutes(2)).plusSeconds(30));
        assertThat(ingestDown()).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.severity()).isEqualTo("critical");
            assertThat(o.dedupKey()).isEqualTo("dependency-down{service=ingest-service}");
            assertThat(o.summary()).contains("ingest-service").contains("HTTP 503");
            assertThat(o.details()).containsEntry("failingSince", T0.toString()).containsEntry("lastError", "HTTP 503");
        });

        ready(200);
        recorded.clear();
        assertThat(checks.check(T0.plus(Duration.ofMinutes(3))).get("ingest-service").healthy()).isTrue();
        assertThat(ingestDown()).singleElement().satisfies(o -> assertThat(o.firing()).isFalse());
    }

    @Test
    void aShortBlipIsNotObservedAndTheClockRestartsAfterRecovery() {
        ready(503);
        checks.check(T0);
        ready(200);
        checks.check(T0.plusSeconds(30));
        ready(503);
        checks.check(T0.plusSeconds(60));
        checks.check(T0.plus(Duration.ofMinutes(2)).plusSeconds(30));
        assertThat(ingestDown()).as("failing since T0+60s: only 90s").allSatisfy(o -> assertThat(o.firing()).isFalse());
        checks.check(T0.plus(Duration.ofMinutes(3)).plusSeconds(30));
        assertThat(ingestDown()).filteredOn(Observation::firing).hasSize(1);
    }
}
