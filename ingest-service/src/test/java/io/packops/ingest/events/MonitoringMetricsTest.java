package io.packops.ingest.events;

import io.packops.testsupport.MonitoringReferences;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

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

    @Test
    void everyMetricTheRulesAndTheDashboardQueryForIngestIsExported() {
        // launch-day traffic: installs that succeed and fail, a failed render, an event ingest refuses
        String p = prefix("monitoring");
        var batch = List.of(install(p + "1"), failedInstall(p + "2", "SQL_COMPILATION", "invalid identifier 'AMOUNT'"),
                with(with(render(p + "3"), "outcome", "failed"), "errorCode", "RENDER_TIMEOUT"),
                with(install(p + "4"), "type", "view"));
        given().auth().oauth2("test-ingest").contentType("application/json").body(json(batch)).when().post("/v1/events")
                .then().statusCode(202);
        String exposition = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        List<MonitoringReferences.Reference> refs = MonitoringReferences.read(MonitoringReferences.repoRoot());
        assertThat(refs).filteredOn(r -> "ingest-service".equals(r.job())).extracting(MonitoringReferences.Reference::metric)
                .contains("packops_events_rejected_total", "packops_pack_events_total", "packops_events_failures_total");
        assertThat(MonitoringReferences.problems("ingest-service", exposition, refs)).isEmpty();
    }
}
