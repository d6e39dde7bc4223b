package io.packops.ownership;

import io.packops.testsupport.MonitoringReferences;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Every metric deploy/prometheus and deploy/grafana query for job="ownership-service" is exported by the running service. */
@QuarkusTest
class MonitoringMetricsTest {

    @Test
    void everyMetricTheRulesAndTheDashboardQueryForOwnershipIsExported() {
        given().auth().oauth2("test-agent").when().get("/v1/readiness").then().statusCode(org.hamcrest.Matchers.lessThan(500));
        String exposition = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        List<MonitoringReferences.Reference> refs = MonitoringReferences.read(MonitoringReferences.repoRoot());
        assertThat(refs).filteredOn(r -> "ownership-service".equals(r.job())).extracting(MonitoringReferences.Reference::metric)
                .contains("up", "http_server_requests_seconds_count");
        assertThat(MonitoringReferences.problems("ownership-service", exposition, refs)).isEmpty();
    }
}
