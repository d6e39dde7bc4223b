package io.packops.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.launcher.FakePager.Page;
import io.packops.systemtests.harness.Alerting.Version;
import io.packops.systemtests.harness.Alerting;
import io.packops.systemtests.harness.PagingStack;
import io.packops.systemtests.harness.Running;
import io.packops.systemtests.harness.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PagerDuty outage: the fake PagerDuty answers 500 and 429 with {@code Retry-After: 2} in turn while six alerts fire
 * and are acknowledged (15 s of outage once every trigger was refused, instead of minutes: retry base 500 ms, max
 * 2 s), then recovers. Every page
 * is delivered afterwards exactly once, in order per dedup key (trigger, then acknowledge), no retry comes before
 * the Retry-After, and {@code packops_outbox_backlog} rose to the 12 waiting pages and fell back to 0.
 */
class PagerDutyOutageIT {

    static final List<Version> VERSIONS = List.of(
            new Version("stripe", "outage-billing", "1.0.0"), new Version("stripe", "outage-billing", "1.1.0"),
            new Version("stripe", "outage-billing", "1.2.0"), new Version("hubspot", "outage-crm", "1.0.0"),
            new Version("hubspot", "outage-crm", "1.1.0"), new Version("hubspot", "outage-crm", "1.2.0"));
    static final Duration OUTAGE = Duration.ofSeconds(15);

    @RegisterExtension
    static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("PagerDutyOutageIT", 1, Map.of(),
            List.of()), PagingStack::start);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyPageIsDeliveredOnceAndInOrderAfterTheOutage() {
        PagingStack stack = STACK.get();
        stack.pagerDuty.outage();
        stack.failInstalls(VERSIONS, 6);

        // all six fire, and each trigger is tried (and refused) during the outage
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                stack.alerts("rule=" + Alerting.RULE + "&state=firing").size() == VERSIONS.size());
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.pagerDuty.pages().stream().filter(Page::trigger)
                .map(Page::dedupKey).distinct().count() == VERSIONS.size());
        Instant outageFrom = Instant.now(); // the outage lasts OUTAGE from here, with every trigger refused once
        // acknowledged during the outage: each acknowledge must wait behind its undelivered trigger
        List<JsonNode> alerts = stack.alerts("rule=" + Alerting.RULE);
        for (JsonNode a : alerts) {
            stack.api().postJson(stack.alerting().url() + "/v1/alerts/" + a.path("id").asLong() + "/ack",
                    SystemStack.OPERATOR_TOKEN, "{\"comment\": \"seen during the PagerDuty outage\"}");
        }
        double backlogMax = 0;
        while (Duration.between(outageFrom, Instant.now()).compareTo(OUTAGE) < 0) {
            backlogMax = Math.max(backlogMax, stack.backlog());
            SystemStack.pause(Duration.ofMillis(500));
        }
        backlogMax = Math.max(backlogMax, stack.backlog());
        assertThat(stack.pagerDuty.delivered()).as("nothing delivered during the outage").isEmpty();

        stack.pagerDuty.recover();
        Instant recoveredAt = Instant.now();
        var pg = stack.postgres();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                pg.number("select count(*) from alerting.page_outbox where state <> 'delivered'") == 0);
        Instant drainedAt = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> stack.backlog() == 0.0);
        SystemStack.pause(Duration.ofSeconds(3)); // a few more dispatcher runs: nothing may be sent again

        List<Page> pages = stack.pagerDuty.pages();
        System.out.printf("PagerDutyOutageIT: %d requests (%d answered 500, %d answered 429); backlog max %.0f; "
                        + "drained %d ms after recovery%n", pages.size(),
                pages.stream().filter(p -> p.status() == 500).count(), pages.stream().filter(p -> p.status() == 429).count(),
                backlogMax, Duration.between(recoveredAt, drainedAt).toMillis());

        assertThat(pages).extracting(Page::status).as("refusals during the outage").contains(500, 429);
        assertThat(backlogMax).as("packops_outbox_backlog during the outage (6 triggers + 6 acknowledges)")
                .isGreaterThanOrEqualTo(2.0 * VERSIONS.size());
        assertThat(pg.number("select count(*) from alerting.page_outbox")).isEqualTo(2L * VERSIONS.size());

        Map<String, List<Page>> byKey = Alerting.byDedupKey(pages);
        assertThat(byKey.keySet()).containsExactlyInAnyOrderElementsOf(VERSIONS.stream().map(Version::dedupKey).toList());
        for (Version v : VERSIONS) {
            List<Page> all = byKey.get(v.dedupKey());
            List<Page> delivered = all.stream().filter(Page::delivered).toList();
            // once each, in order: no duplicate incident, the acknowledge never overtakes its trigger
            assertThat(delivered).as(v.dedupKey()).extracting(Page::action).containsExactly("trigger", "acknowledge");
            assertThat(delivered).allSatisfy(p -> assertThat(p.at()).isAfterOrEqualTo(recoveredAt.minusMillis(50)));
            Instant triggerDelivered = delivered.get(0).at();
            assertThat(all).as("acknowledge tried only after the trigger was delivered")
                    .filteredOn(p -> "acknowledge".equals(p.action())).allSatisfy(p -> assertThat(p.at()).isAfter(triggerDelivered));
            assertThat(all).as("every request of %s to its owner's routing key", v.pack())
                    .extracting(Page::routingKey).containsOnly(v.connector().equals("stripe")
                            ? SystemStack.BILLING_KEY : SystemStack.CRM_KEY);
            assertThat(delivered.get(0).level()).isEqualTo(1);
            // Retry-After: 2 is honoured: the next attempt of that page is at least 2 s after the 429
            for (int i = 0; i + 1 < all.size(); i++) {
                if (all.get(i).status() == 429) {
                    assertThat(all.get(i + 1).at()).as("retry after the 429 at %s", all.get(i).at())
                            .isAfterOrEqualTo(all.get(i).at().plusMillis(1_950));
                }
            }
        }
        assertThat(pg.number("select count(*) from alerting.page_outbox where action = 'trigger' and attempts < 2"))
                .as("every trigger was refused at least once").isZero();
    }
}
