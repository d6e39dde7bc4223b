package io.packops.ingest.events;

import io.packops.ingest.packs.RegistryFixtures;
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
        // a connector is a label once the registry has a pack of it
        RegistryFixtures.publishSample(RegistryFixtures.unique("metrics"), "metricsconn", "1.0.0");
        String p = prefix("metrics");
        var batch = List.of(
                with(install(p + "1"), "connector", "metricsconn"),
                with(install(p + "2"), "connector", "metricsconn"),
                with(failedInstall(p + "3", "SQL_COMPILATION", "x"), "connector", "metricsconn"),
                with(render(p + "4"), "connector", "metricsconn"),
                with(with(install(p + "5"), "connector", "metricsconn"), "stage", "deploy"),
                with(with(install(p + "6"), "connector", "Not A Slug"), "type", "view"),
                with(with(install(p + "7"), "connector", "metricsconn"), "accountId", "acct_must_not_be_a_label"),
                with(install(p + "8"), "connector", "not-in-the-registry-" + p.substring(8, 16)));
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
        // a slug the registry has no pack of is not a label either
        assertThat(sample(after, "packops_events_accepted_total", "connector=\"unregistered\",outcome=\"succeeded\",type=\"install\"")
                - sample(before, "packops_events_accepted_total", "connector=\"unregistered\",outcome=\"succeeded\",type=\"install\""))
                .isEqualTo(1.0);
        assertThat(after).doesNotContain("Not A Slug").doesNotContain("acct_must_not_be_a_label").doesNotContain("acct_123")
                .doesNotContain("not-in-the-registry");
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
        RegistryFixtures.publishSample("packmetrics-pack", "packmetricsconn", "2.3.0");
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

    @Test
    void eventsOfAPackVersionTheRegistryDoesNotHaveCountAsUnregistered() {
        RegistryFixtures.publishSample("knownmetrics-pack", "knownconn", "1.0.0");
        String p = prefix("unregistered");
        String invented = "invented-" + p.substring(13, 21);
        var batch = List.of(
                // a version never published, a pack never published, a published pack claimed by another connector
                event(p + "1", "knownconn", "knownmetrics-pack", "1.0.1"),
                event(p + "2", "knownconn", invented, "1.0.0"),
                event(p + "3", "stripe", "knownmetrics-pack", "1.0.0"),
                // the published version with build metadata is the published version
                event(p + "4", "knownconn", "knownmetrics-pack", "1.0.0+build.7"));
        String before = metrics();
        post(batch);

        String after = metrics();
        String unregistered = "connector=\"unregistered\",outcome=\"failed\",pack=\"unregistered\",type=\"install\",version=\"unregistered\"";
        assertThat(delta(before, after, "packops_pack_events_total", unregistered)).isEqualTo(3.0);
        String known = "connector=\"knownconn\",outcome=\"failed\",pack=\"knownmetrics-pack\",type=\"install\",version=\"1.0.0\"";
        assertThat(delta(before, after, "packops_pack_events_total", known)).isEqualTo(1.0);
        assertThat(delta(before, after, "packops_events_failures_total",
                "connector=\"unregistered\",error_code=\"unregistered\",fingerprint=\"unregistered\",type=\"install\""))
                .isEqualTo(3.0);
        assertThat(after).doesNotContain(invented).doesNotContain("build.7")
                .doesNotContainPattern("pack=\"knownmetrics-pack\",type=\"[a-z]+\",version=\"1\\.0\\.1\"");
    }

    private static double delta(String before, String after, String name, String labels) {
        return sample(after, name, labels) - sample(before, name, labels);
    }

    private static java.util.Map<String, Object> event(String id, String connector, String pack, String version) {
        return with(with(with(failedInstall(id, "E1", "boom"), "connector", connector), "pack", pack), "packVersion", version);
    }

    private static java.util.Map<String, Object> version(java.util.Map<String, Object> event) {
        return with(with(event, "pack", "packmetrics-pack"), "packVersion", "2.3.0");
    }
}
