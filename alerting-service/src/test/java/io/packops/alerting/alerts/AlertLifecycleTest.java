package io.packops.alerting.alerts;

import io.packops.alerting.paging.PageRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.packops.alerting.TestTokens.AGENT;
import static io.packops.alerting.TestTokens.OPERATOR;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AlertLifecycleTest extends AlertsTestBase {

    @Test
    void firingCreatesOneAlertWithOwnerAndPagesLevelOne() {
        alerts.observe(firing("1.1.0"));

        assertThat(pager.pages()).hasSize(1);
        PageRequest page = pager.pages().get(0);
        assertThat(page.action()).isEqualTo("trigger");
        assertThat(page.level()).isEqualTo(1);
        assertThat(page.people()).containsExactly("ana");
        assertThat(page.ownerTeam()).isEqualTo("billing-packs");
        assertThat(page.dedupKey()).isEqualTo("install-failure-rate{connector=stripe,pack=stripe-revenue,version=1.1.0}");
        assertThat(page.runbookUrl()).isEqualTo("https://runbooks.example.com/pack-install-failures.md");
        assertThat(page.alertUrl()).endsWith("/v1/alerts/" + page.alertId());

        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + page.alertId())
                .then().statusCode(200)
                .body("state", is("firing"))
                .body("severity", is("critical"))
                .body("labels.pack", is("stripe-revenue"))
                .body("ownerTeam", is("billing-packs"))
                .body("ownerKnown", is(true))
                .body("escalationPolicy", is("billing-default"))
                .body("escalationLevel", is(1))
                .body("runbook", is("runbooks/pack-install-failures.md"))
                .body("firedAt", is("2026-11-25T10:00:00Z"))
                .body("details.installs", is(120))
                .body("timeline.kind", contains("fired", "paged"))
                .body("timeline[1].level", is(1))
                .body("timeline[1].actor", is("system"));
    }

    @Test
    void packAlertInhibitedByAnActiveDriftAlertIsRecordedNotPaged() {
        io.packops.alerting.alerts.Observation drift = new io.packops.alerting.alerts.Observation("connector-schema-drift",
                java.util.Map.of("connector", "stripe"), "critical", "stripe: column amount missing breaks 2 packs",
                java.util.Map.of("packs", List.of("stripe-revenue", "stripe-churn")), true);
        alerts.observe(drift);
        io.packops.alerting.alerts.Observation broken = new io.packops.alerting.alerts.Observation("pack-compat-broken",
                java.util.Map.of("connector", "stripe", "pack", "stripe-revenue", "version", "1.1.0"), "critical",
                "stripe-revenue 1.1.0 breaks on 3 fingerprints",
                java.util.Map.of("inhibitedBy", drift.dedupKey()), true);
        alerts.observe(broken);
        minutes(20);
        ticker.tick();

        // the drift alert pages (and escalates); the inhibited pack alert never does
        assertThat(pager.pages("trigger")).extracting(PageRequest::rule).contains("connector-schema-drift")
                .doesNotContain("pack-compat-broken");
        given().auth().oauth2(AGENT).when().get("/v1/alerts?rule=pack-compat-broken")
                .then().statusCode(200).body("items.size()", is(1)).body("items[0].state", is("firing"));
    }

    @Test
    void repeatedFiringUpdatesLastSeenAndDoesNotPageAgain() {
        alerts.observe(firing("1.1.0"));
        minutes(1);
        alerts.observe(firing("1.1.0"));
        minutes(1);
        alerts.observe(firing("1.1.0"));

        assertThat(pager.pages()).hasSize(1);
        given().auth().oauth2(AGENT).when().get("/v1/alerts?state=firing")
                .then().statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].lastSeenAt", is("2026-11-25T10:02:00Z"))
                .body("items[0].firedAt", is("2026-11-25T10:00:00Z"));
    }

    @Test
    void clearShorterThanKeepFiringThenFiringAgainIsTheSameAlertWithoutAPage() {
        alerts.observe(firing("1.1.0"));
        minutes(1);
        alerts.observe(clear("1.1.0"));
        minutes(5);
        alerts.observe(clear("1.1.0"));
        ticker.tick();
        minutes(3); // 8 minutes clear < 10
        alerts.observe(firing("1.1.0"));
        minutes(5);
        ticker.tick(); // clearSince was reset by the firing: no resolve
        alerts.observe(clear("1.1.0"));

        assertThat(pager.pages("trigger")).hasSize(1);
        assertThat(pager.pages("resolve")).isEmpty();
        given().auth().oauth2(AGENT).when().get("/v1/alerts")
                .then().statusCode(200)
                .body("items.size()", is(1))
                .body("items[0].state", is("firing"))
                .body("items[0].clearSince", is("2026-11-25T10:14:00Z"));
    }

    @Test
    void clearForTheKeepFiringPeriodResolvesAndPagesResolve() {
        alerts.observe(firing("1.1.0"));
        minutes(1);
        alerts.observe(clear("1.1.0"));
        minutes(10);
        alerts.observe(clear("1.1.0"));

        assertThat(pager.pages("resolve")).hasSize(1);
        PageRequest resolve = pager.pages("resolve").get(0);
        assertThat(resolve.dedupKey()).isEqualTo(pager.pages("trigger").get(0).dedupKey());
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + resolve.alertId())
                .then().statusCode(200)
                .body("state", is("resolved"))
                .body("resolvedBy", is("system"))
                .body("resolvedAt", is("2026-11-25T10:11:00Z"))
                .body("timeline.kind", contains("fired", "paged", "resolved"));
    }

    @Test
    void theTickResolvesAnAlertWhoseRuleStoppedReporting() {
        alerts.observe(firing("1.1.0"));
        alerts.observe(clear("1.1.0"));
        minutes(9);
        ticker.tick();
        assertThat(pager.pages("resolve")).isEmpty();
        minutes(1);
        ticker.tick();
        assertThat(pager.pages("resolve")).hasSize(1);
    }

    @Test
    void firingAfterResolveIsANewAlert() {
        alerts.observe(firing("1.1.0"));
        alerts.observe(clear("1.1.0"));
        minutes(10);
        alerts.observe(clear("1.1.0"));
        minutes(1);
        alerts.observe(firing("1.1.0"));

        assertThat(pager.pages("trigger")).hasSize(2);
        assertThat(pager.pages("trigger").get(1).alertId()).isNotEqualTo(pager.pages("trigger").get(0).alertId());
        given().auth().oauth2(AGENT).when().get("/v1/alerts")
                .then().statusCode(200)
                .body("items.state", contains("firing", "resolved"));
    }

    @Test
    void clearWithoutAnAlertDoesNothing() throws Exception {
        alerts.observe(clear("1.1.0"));
        assertThat(count("select count(*) from alerts")).isZero();
        assertThat(pager.pages()).isEmpty();
    }

    @Test
    void twoReplicasObservingTheSameNewConditionCreateOneAlert() throws Exception {
        int threads = 2;
        for (int round = 0; round < 5; round++) {
            String version = "2.0." + round;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        alerts.observe(firing(version));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(count("select count(*) from alerts where version = '" + version + "'")).isEqualTo(1);
        }
        assertThat(pager.pages("trigger")).hasSize(5);
        assertThat(count("select count(*) from alert_events where kind = 'fired'")).isEqualTo(5);
    }

    @Test
    void anAcknowledgedAlertStillAutoResolves() {
        alerts.observe(firing("1.1.0"));
        long id = pager.pages().get(0).alertId();
        given().auth().oauth2(OPERATOR).when().post("/v1/alerts/" + id + "/ack").then().statusCode(200);
        alerts.observe(clear("1.1.0"));
        minutes(10);
        alerts.observe(clear("1.1.0"));
        given().auth().oauth2(AGENT).when().get("/v1/alerts/" + id)
                .then().statusCode(200).body("state", is("resolved")).body("clearSince", is("2026-11-25T10:00:00Z"))
                .body("acknowledgedBy", is("operator")).body("summary", is("stripe-revenue 1.1.0: 42% of installs fail"))
                .body("url", is("http://localhost:8082/v1/alerts/" + id))
                .body("timeline.kind", contains("fired", "paged", "acknowledged", "resolved"))
                .body("timeline[2].detail", nullValue());
    }
}
