package io.packops.alerting.alerts;

import io.packops.alerting.compat.CompatSweep;
import io.packops.alerting.rules.DependencyChecks;
import io.packops.alerting.system.SweepMetrics;
import io.packops.testsupport.MonitoringReferences;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.packops.alerting.TestTokens.AGENT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What deploy/prometheus and deploy/grafana watch on alerting-service: the active-alert gauge, the sweep metrics,
 * the paging counters — and that every metric they query for job="alerting-service" is really exported.
 */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class MonitoringMetricsTest extends AlertsTestBase {

    @Inject
    AlertMetrics alertMetrics;
    @Inject
    SweepMetrics sweepMetrics;
    @Inject
    CompatSweep compatSweep;
    @Inject
    DependencyChecks dependencyChecks;

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double sample(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*\\} ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void activeAlertGaugeFollowsFiringAndAcknowledgedAlerts() throws Exception {
        alerts.observe(firing("1.1.0"));
        long id = count("select id from alerts where state = 'firing'");
        alertMetrics.refresh();
        String firing = metrics();
        assertThat(sample(firing, "packops_alerts_active", "rule=\"install-failure-rate\",severity=\"critical\",state=\"firing\""))
                .isEqualTo(1.0);

        alerts.acknowledge(id, "operator", null);
        alertMetrics.refresh();
        String acked = metrics();
        assertThat(sample(acked, "packops_alerts_active", "rule=\"install-failure-rate\",severity=\"critical\",state=\"firing\""))
                .as("a series once seen stays, at 0").isEqualTo(0.0);
        assertThat(sample(acked, "packops_alerts_active", "rule=\"install-failure-rate\",severity=\"critical\",state=\"acknowledged\""))
                .isEqualTo(1.0);
    }

    @Test
    void sweepsRecordTheirDurationAndOnlyACompletedRunMovesTheLastSuccess() {
        String before = metrics();
        long compatLast = sweepMetrics.lastSuccess(SweepMetrics.COMPAT);

        // no ingest-service here: the compat sweep cannot run; the peer checks run (and find both peers down)
        CompatSweep.SweepResult result = compatSweep.sweep();
        dependencyChecks.check(clock.instant());

        String after = metrics();
        assertThat(result.ran()).isFalse();
        assertThat(sample(after, "packops_sweep_duration_seconds_count", "outcome=\"failed\",sweep=\"compat\"")
                - sample(before, "packops_sweep_duration_seconds_count", "outcome=\"failed\",sweep=\"compat\"")).isEqualTo(1.0);
        assertThat(sweepMetrics.lastSuccess(SweepMetrics.COMPAT)).isEqualTo(compatLast);
        assertThat(sample(after, "packops_sweep_duration_seconds_count", "outcome=\"ran\",sweep=\"peer-health\"")
                - sample(before, "packops_sweep_duration_seconds_count", "outcome=\"ran\",sweep=\"peer-health\"")).isEqualTo(1.0);
        assertThat(sample(after, "packops_sweep_last_success_seconds", "sweep=\"peer-health\""))
                .isEqualTo((double) clock.instant().getEpochSecond());
        assertThat(sample(after, "packops_sweep_duration_seconds_bucket", "outcome=\"ran\",sweep=\"peer-health\""))
                .as("a histogram, for the dashboard's p95").isNotNaN();
    }

    @Test
    void pagingCountersExistForEveryChannelBeforeTheFirstPage() {
        String text = metrics();
        for (String channel : List.of("pagerduty", "slack", "webhook")) {
            assertThat(sample(text, "packops_pages_failed_total", "channel=\"" + channel + "\",reason=\"gave-up\"")).isEqualTo(0.0);
            assertThat(sample(text, "packops_pages_sent_total", "channel=\"" + channel + "\",outcome=\"delivered\"")).isNotNaN();
        }
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryForAlertingIsExported() {
        // traffic first, so that every meter a rule may watch has its series
        alerts.observe(firing("1.2.0"));
        alertMetrics.refresh();
        try {
            compatSweep.sweep();
        } catch (RuntimeException e) {
            // only the sweep's metrics series matter here, and they are recorded whatever the outcome (CompatSweepTest
            // covers the sweep itself)
        }
        dependencyChecks.check(clock.instant());
        given().auth().oauth2(AGENT).when().get("/v1/alerts").then().statusCode(200);
        String exposition = metrics();

        List<MonitoringReferences.Reference> refs = MonitoringReferences.read(MonitoringReferences.repoRoot());
        assertThat(refs).filteredOn(r -> "alerting-service".equals(r.job())).extracting(MonitoringReferences.Reference::metric)
                .contains("packops_outbox_backlog", "packops_pages_failed_total", "packops_sweep_last_success_seconds",
                        "packops_alerts_active");
        assertThat(MonitoringReferences.problems("alerting-service", exposition, refs)).isEmpty();
    }
}
