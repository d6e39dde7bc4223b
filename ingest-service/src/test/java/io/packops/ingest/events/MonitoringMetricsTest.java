package io.packops.ingest.events;

import io.packops.ingest.rollouts.RolloutMetrics;
import io.packops.testsupport.MonitoringReferences;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import java.util.List;

import static io.packops.ingest.events.TestEvents.failedInstall;
import static io.packops.ingest.events.TestEvents.install;
import static io.packops.ingest.events.TestEvents.json;
import static io.packops.ingest.events.TestEvents.prefix;
import static io.packops.ingest.events.TestEvents.render;
import static io.packops.ingest.events.TestEvents.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every metric deploy/prometheus and deploy/grafana query for job="ingest-service" is exported by the running service. */
@QuarkusTest
@TestProfile(FixedClockProfile.class)
class MonitoringMetricsTest {

    @Inject
    RolloutMetrics rolloutMetrics;

    /** A rollout of a pack (two versions of the sample stripe pack under another name) with one analysis decision. */
    static void stagedRolloutWithAnAnalysis() throws java.io.IOException {
        String pack = "monitoring-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        for (String v : List.of("1.0.0", "1.1.0")) {
            String manifest = Files.readString(MonitoringReferences.repoRoot().resolve("packs/stripe-revenue/" + v + ".yaml"))
                    .replaceFirst("(?m)^name:.*$", "name: " + pack);
            given().auth().oauth2("test-operator").contentType("application/yaml").body(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/v1/packs")
                    .then().statusCode(201);
        }
        long id = given().auth().oauth2("test-operator").contentType("application/json")
                .body("{\"steps\": [5, 100], \"stepMinutes\": 30}").when().post("/v1/packs/" + pack + "/versions/1.1.0/rollout")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2("test-operator").contentType("application/json")
                .body("{\"decision\": \"hold\", \"fromStep\": 5, \"check\": \"inconclusive\", \"reason\": \"monitoring test\", "
                        + "\"metrics\": {\"install\": {\"canary\": {\"rate\": 0.1}, \"stable\": {\"rate\": 0.01}}, "
                        + "\"render\": {\"canary\": {\"rate\": 0.0}, \"stable\": {\"rate\": 0.0}}}}")
                .when().post("/v1/rollouts/" + id + "/analysis").then().statusCode(200);
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryForIngestIsExported() throws java.io.IOException {
        // launch-day traffic: installs that succeed and fail, a failed render, an event ingest refuses
        String p = prefix("monitoring");
        var batch = List.of(install(p + "1"), failedInstall(p + "2", "SQL_COMPILATION", "invalid identifier 'AMOUNT'"),
                with(with(render(p + "3"), "outcome", "failed"), "errorCode", "RENDER_TIMEOUT"),
                with(install(p + "4"), "type", "view"));
        given().auth().oauth2("test-ingest").contentType("application/json").body(json(batch)).when().post("/v1/events")
                .then().statusCode(202);
        stagedRolloutWithAnAnalysis();
        rolloutMetrics.refresh();
        String exposition = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        List<MonitoringReferences.Reference> refs = MonitoringReferences.read(MonitoringReferences.repoRoot());
        assertThat(refs).filteredOn(r -> "ingest-service".equals(r.job())).extracting(MonitoringReferences.Reference::metric)
                .contains("packops_events_rejected_total", "packops_pack_events_total", "packops_events_failures_total");
        assertThat(MonitoringReferences.problems("ingest-service", exposition, refs)).isEmpty();
    }
}
