package io.packops.ingest.events;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.packops.ingest.events.TestEvents.failedInstall;
import static io.packops.ingest.events.TestEvents.install;
import static io.packops.ingest.events.TestEvents.json;
import static io.packops.ingest.events.TestEvents.prefix;
import static io.packops.ingest.events.TestEvents.render;
import static io.packops.ingest.events.TestEvents.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(FixedClockProfile.class)
class EventMetricsTest {

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one Prometheus sample, or 0 when the series does not exist yet. */
    private static double sample(String text, String name, String labels) {
        String series = labels.isEmpty() ? Pattern.quote(name) : Pattern.quote(name + "{" + labels) + "[^}]*\\}";
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void post(Object body) {
        given().auth().oauth2("test-ingest").contentType("application/json").body(json(body)).when().post("/v1/events")
                .then().statusCode(202);
    }

    @Test
    void acceptedDuplicateAndRejectedEventsAreCountedByTypeOutcomeAndConnector() {
        String p = prefix("metrics");
        var batch = List.of(
                with(install(p + "1"), "connector", "metricsconn"),
                with(install(p + "2"), "connector", "metricsconn"),
                with(failedInstall(p + "3", "SQL_COMPILATION", "x"), "connector", "metricsconn"),
                with(render(p + "4"), "connector", "metricsconn"),
                with(with(install(p + "5"), "connector", "metricsconn"), "stage", "deploy"),
                with(with(install(p + "6"), "connector", "Not A Slug"), "type", "view"),
                with(with(install(p + "7"), "connector", "metricsconn"), "accountId", "acct_must_not_be_a_label"));
        String before = metrics();
        post(batch);
        post(batch.subList(0, 2));

        String after = metrics();
        assertThat(sample(after, "packops_events_accepted_total", "connector=\"metricsconn\",outcome=\"succeeded\",type=\"install\"")
                - sample(before, "packops_events_accepted_total", "connector=\"metricsconn\",outcome=\"succeeded\",type=\"install\""))
                .isEqualTo(3.0);
        assertThat(sample(after, "packops_events_accepted_total", "connector=\"metricsconn\",outcome=\"failed\",type=\"install\""))
                .isEqualTo(1.0);
        assertThat(sample(after, "packops_events_accepted_total", "connector=\"metricsconn\",outcome=\"succeeded\",type=\"render\""))
                .isEqualTo(1.0);
        assertThat(sample(after, "packops_events_duplicates_total", "connector=\"metricsconn\",outcome=\"succeeded\",type=\"install\""))
                .isEqualTo(2.0);
        assertThat(sample(after, "packops_events_rejected_total", "connector=\"metricsconn\",outcome=\"succeeded\",type=\"install\""))
                .isEqualTo(1.0);
        // an invalid connector or type is never used as a label value
        assertThat(sample(after, "packops_events_rejected_total", "connector=\"unknown\",outcome=\"succeeded\",type=\"unknown\""))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(after).doesNotContain("Not A Slug").doesNotContain("acct_must_not_be_a_label").doesNotContain("acct_123");
    }

    @Test
    void batchSizeIsADistributionSummary() {
        String before = metrics();
        post(TestEvents.installs(prefix("batchsize"), 0, 40));
        String after = metrics();
        assertThat(sample(after, "packops_events_batch_size_events_count", "") - sample(before, "packops_events_batch_size_events_count", ""))
                .as(after.lines().filter(l -> l.contains("batch")).toList().toString())
                .isEqualTo(1.0);
        assertThat(sample(after, "packops_events_batch_size_events_sum", "") - sample(before, "packops_events_batch_size_events_sum", ""))
                .isEqualTo(40.0);
        assertThat(sample(after, "packops_events_batch_size_events_bucket", "le=\"50.0\"")
                - sample(before, "packops_events_batch_size_events_bucket", "le=\"50.0\"")).isEqualTo(1.0);
    }

    @Test
    void storedEventsCountPerPackVersionAndFailuresPerFingerprint() {
        String p = prefix("packmetrics");
        String labels = "connector=\"packmetricsconn\",outcome=\"%s\",pack=\"packmetrics-pack\",type=\"install\",version=\"2.3.0\"";
        var batch = List.of(
                version(with(install(p + "1"), "connector", "packmetricsconn")),
                version(with(install(p + "2"), "connector", "packmetricsconn")),
                // the same failure from two accounts, line numbers apart: one fingerprint
                version(with(failedInstall(p + "3", "SQL_COMPILATION", "invalid identifier 'AMOUNT' at line 3"), "connector", "packmetricsconn")),
                version(with(with(failedInstall(p + "4", "SQL_COMPILATION", "invalid identifier 'FEE' at line 12"), "connector", "packmetricsconn"),
                        "accountId", "acct_other")));
        String before = metrics();
        post(batch);
        post(batch); // a replay stores nothing: nothing more is counted

        String after = metrics();
        assertThat(sample(after, "packops_pack_events_total", labels.formatted("succeeded"))
                - sample(before, "packops_pack_events_total", labels.formatted("succeeded"))).isEqualTo(2.0);
        assertThat(sample(after, "packops_pack_events_total", labels.formatted("failed"))
                - sample(before, "packops_pack_events_total", labels.formatted("failed"))).isEqualTo(2.0);
        List<String> failures = after.lines()
                .filter(l -> l.startsWith("packops_events_failures_total{") && l.contains("connector=\"packmetricsconn\""))
                .toList();
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).contains("error_code=\"SQL_COMPILATION\"").containsPattern("fingerprint=\"[0-9a-f]{16}\"")
                .contains("type=\"install\"").endsWith(" 2.0");
        assertThat(after).doesNotContain("acct_other");
    }

    private static java.util.Map<String, Object> version(java.util.Map<String, Object> event) {
        return with(with(event, "pack", "packmetrics-pack"), "packVersion", "2.3.0");
    }
}
