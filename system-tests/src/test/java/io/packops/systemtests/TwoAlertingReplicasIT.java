package io.packops.systemtests;

import io.packops.launcher.FakePager.Page;
import io.packops.launcher.ServiceProcess;
import io.packops.systemtests.harness.Alerting.Version;
import io.packops.systemtests.harness.Alerting;
import io.packops.systemtests.harness.Api;
import io.packops.systemtests.harness.Database;
import io.packops.systemtests.harness.PagingStack;
import io.packops.systemtests.harness.Running;
import io.packops.systemtests.harness.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two alerting replicas on one database: a storm of 50 failing pack versions fires 50 alerts, each paged exactly
 * once (one trigger per dedup key at the fake PagerDuty, one outbox row, one alert). The install-health evaluation,
 * scheduled every 2 s on each replica with its own phase, runs once per interval across both: each run claims its
 * 2-second slot in {@code alerting.sweep_claims} first (service-kit's OncePerInterval), and both replicas' logs
 * (claims at DEBUG) show every slot evaluated once — by one replica or the other, never both — while both replicas
 * tick every slot.
 */
class TwoAlertingReplicasIT {

    static final Duration EVALUATE_EVERY = Duration.ofSeconds(2);
    static final List<Version> STORM = storm();
    static final Pattern CLAIMED = Pattern.compile("install-health slot (\\S+) claimed by (\\S+)");
    static final Pattern TICK = Pattern.compile("install-health slot \\S+ (claimed|not claimed) by");
    /** A claimed slot whose run found the other replica's previous, slow evaluation still holding the job: not evaluated. */
    static final Pattern BUSY = Pattern.compile("install-health not run by \\S+: another run holds it");

    @RegisterExtension
    static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("TwoAlertingReplicasIT", 2,
                Map.of("RULES_EVALUATE_EVERY", EVALUATE_EVERY.toSeconds() + "s"),
                List.of("-Dquarkus.log.category.\"io.packops.servicekit.once.OncePerInterval\".level=DEBUG")), PagingStack::start);

    /** 10 packs × 5 versions, over connectors owned by three teams. */
    static List<Version> storm() {
        List<Version> out = new ArrayList<>();
        String[] connectors = {"stripe", "hubspot", "zendesk"};
        for (int p = 0; p < 10; p++) {
            for (int v = 0; v < 5; v++) {
                out.add(new Version(connectors[p % 3], "storm-" + p, "1." + v + ".0"));
            }
        }
        return out;
    }

    /** The slots claimed so far, by either replica, in order. */
    static List<Instant> claimedSlots(PagingStack stack) {
        List<Instant> slots = new ArrayList<>();
        for (ServiceProcess replica : stack.replicas) {
            CLAIMED.matcher(replica.logText()).results().forEach(r -> slots.add(Instant.parse(r.group(1))));
        }
        slots.sort(Comparator.naturalOrder());
        return slots;
    }

    /** How many evaluation slots lie from the first claimed slot to the last, both included. */
    static long slotSpan(List<Instant> sortedSlots) {
        if (sortedSlots.isEmpty()) {
            return 0;
        }
        return Duration.between(sortedSlots.get(0), sortedSlots.get(sortedSlots.size() - 1)).toMillis()
                / EVALUATE_EVERY.toMillis() + 1;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fiftyAlertsArePagedOnceEachAndEvaluationRunsOncePerInterval() {
        PagingStack stack = STACK.get();
        stack.failInstalls(STORM, 6);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.alerts("rule=" + Alerting.RULE).size() == STORM.size());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> stack.pagerDuty.delivered()
                .stream().filter(Page::trigger).map(Page::dedupKey).distinct().count() == STORM.size());
        SystemStack.pause(Duration.ofSeconds(6)); // more evaluations and dispatcher runs on both replicas: nothing more

        // each alert paged exactly once
        List<Page> pages = stack.pagerDuty.pages();
        var byKey = Alerting.byDedupKey(pages);
        assertThat(pages).hasSize(STORM.size());
        for (Version v : STORM) {
            assertThat(byKey.get(v.dedupKey())).as(v.dedupKey()).singleElement().satisfies(p -> {
                assertThat(p.trigger()).isTrue();
                assertThat(p.status()).isEqualTo(202);
                assertThat(p.routingKey()).isEqualTo(switch (v.connector()) {
                    case "stripe" -> SystemStack.BILLING_KEY;
                    case "hubspot" -> SystemStack.CRM_KEY;
                    default -> SystemStack.CORE_KEY;
                });
            });
        }
        Database pg = stack.postgres();
        assertThat(pg.number("select count(*) from alerting.alerts where rule = ?", Alerting.RULE)).isEqualTo(STORM.size());
        assertThat(pg.number("select count(*) from alerting.alert_events where kind = 'paged'")).isEqualTo(STORM.size());
        assertThat(pg.number("select count(*) from alerting.page_outbox where state = 'delivered' and attempts = 1"))
                .isEqualTo(STORM.size());
        assertThat(pg.number("select count(*) from alerting.page_outbox")).isEqualTo(STORM.size());

        // the evaluation: both replicas tick every 2 s, one run per 2-second slot between them. Observe until at
        // least 10 slots lie between the first and the last evaluation: on a loaded machine the storm above can
        // end quickly and ticks slip, so a fixed pause did not always cover 10 slots.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> slotSpan(claimedSlots(stack)) >= 12);
        List<Instant> slots = new ArrayList<>();
        long evaluated = 0;
        double ranByMetrics = 0;
        double skippedByMetrics = 0;
        for (ServiceProcess replica : stack.replicas) {
            String metrics = stack.api().metrics(replica.url());
            ranByMetrics += Api.metric(metrics, "packops_sweep_duration_seconds_count",
                    "outcome=\"ran\",sweep=\"install-health\"").orElse(0.0);
            skippedByMetrics += Api.metric(metrics, "packops_sweep_duration_seconds_count",
                    "outcome=\"skipped\",sweep=\"install-health\"").orElse(0.0);
        }
        for (ServiceProcess replica : stack.replicas) {
            String log = replica.logText(); // read after the metrics: a run may have been claimed (or ended) since
            long ticks = TICK.matcher(log).results().count();
            long delivered = Pattern.compile("delivered to").matcher(log).results().count();
            Matcher m = CLAIMED.matcher(log);
            long claimed = 0;
            while (m.find()) {
                slots.add(Instant.parse(m.group(1)));
                claimed++;
            }
            long busy = BUSY.matcher(log).results().count();
            evaluated += claimed - busy;
            System.out.printf("TwoAlertingReplicasIT: %s ticked %d times, claimed %d slots (%d of them while the other's "
                    + "run still held the job), delivered %d pages%n", replica.name(), ticks, claimed, busy, delivered);
            assertThat(ticks).as("%s runs the schedule", replica.name()).isGreaterThanOrEqualTo(5);
        }
        slots.sort(Comparator.naturalOrder());
        long span = slotSpan(slots);
        System.out.printf("TwoAlertingReplicasIT: %d evaluations over %d slots of %d s%n", slots.size(), span,
                EVALUATE_EVERY.toSeconds());
        assertThat(slots).as("slots evaluated (each by one replica only)").doesNotHaveDuplicates();
        assertThat(span).as("slots observed").isGreaterThanOrEqualTo(10);
        // every slot once: a slot is skipped only when both replicas' ticks slipped past it (a very slow machine)
        assertThat((double) slots.size()).isGreaterThanOrEqualTo(0.8 * span);
        // packops.sweep.duration agrees: runs counted as ran on one replica, the other's ticks as skipped
        assertThat(ranByMetrics).as("ran (metrics) vs evaluations (logs: claimed slots less those still held)")
                .isBetween(evaluated - 2.0, (double) evaluated);
        assertThat(skippedByMetrics).as("ticks that found their slot taken").isPositive();
    }
}
