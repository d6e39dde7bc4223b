package io.packops.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.launcher.FakePager.Page;
import io.packops.systemtests.harness.Alerting.Version;
import io.packops.systemtests.harness.Alerting;
import io.packops.systemtests.harness.Database;
import io.packops.systemtests.harness.PagingStack;
import io.packops.systemtests.harness.Running;
import io.packops.systemtests.harness.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerting restart mid-escalation: an alert is paged at level 1 (delivered and recorded), alerting-service is
 * SIGKILLed before level 2 is due (the policy's 15 minutes, scaled to 30 s) and started again. Level 2 is paged once
 * its delay has passed since the first page — not earlier, exactly once — and level 1 is never paged again.
 */
class AlertingRestartIT {

    /** The policy's 15 minutes, scaled. */
    static final Duration LEVEL_TWO_AFTER = Duration.ofSeconds(30);
    static final Version VERSION = new Version("stripe", "restart-pack", "4.0.0");

    @RegisterExtension
    static final Running<PagingStack> STACK = Running.of(() -> new PagingStack("AlertingRestartIT", 1,
            PagingStack.levelTwoAfter(LEVEL_TWO_AFTER), List.of()), PagingStack::start);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void levelTwoIsPagedOnceAfterTheRestartAndLevelOneNeverAgain() {
        PagingStack stack = STACK.get();
        stack.failInstalls(List.of(VERSION), 6);
        String key = VERSION.dedupKey();
        Page levelOne = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> trigger(key, 1), p -> p != null);
        long id = stack.alerts("pack=" + VERSION.pack()).get(0).path("id").asLong();
        // killed only once the delivery is recorded: a page cut mid-send would be sent again (at-least-once)
        Database pg = stack.postgres();
        await().atMost(Duration.ofSeconds(10)).until(() -> pg.number(
                "select count(*) from alerting.page_outbox where alert_id = ? and state <> 'delivered'", id) == 0);
        Instant pagingStarted = pg.instant("select paging_started_at from alerting.alerts where id = ?", id);
        Instant levelTwoDue = pagingStarted.plus(LEVEL_TWO_AFTER);
        assertThat(Instant.now()).as("killed well before level 2 is due").isBefore(levelTwoDue.minusSeconds(10));

        stack.alerting().kill();
        Instant killedAt = Instant.now();
        SystemStack.pause(Duration.ofSeconds(2));
        stack.alerting().start().awaitReady(SystemStack.READY_TIMEOUT);
        Instant restartedAt = Instant.now();
        System.out.printf("AlertingRestartIT: SIGKILL %d ms after the first page, ready again %d ms later; level 2 due "
                        + "%d ms after the restart%n", Duration.between(pagingStarted, killedAt).toMillis(),
                Duration.between(killedAt, restartedAt).toMillis(), Duration.between(restartedAt, levelTwoDue).toMillis());

        Page levelTwo = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> trigger(key, 2), p -> p != null);
        System.out.printf("AlertingRestartIT: level 2 paged %d ms after the first page%n",
                Duration.between(pagingStarted, levelTwo.at()).toMillis());
        assertThat(levelTwo.at()).as("level 2 not before its delay").isAfterOrEqualTo(levelTwoDue.minusMillis(500));
        assertThat(levelTwo.routingKey()).isEqualTo(SystemStack.BILLING_KEY);
        assertThat(levelOne.routingKey()).isEqualTo(SystemStack.BILLING_KEY);

        SystemStack.pause(Duration.ofSeconds(4)); // more escalation ticks and dispatcher runs: nothing more
        List<Page> pages = stack.pagerDuty.pages().stream().filter(p -> key.equals(p.dedupKey())).toList();
        assertThat(pages).extracting(p -> p.action() + " level " + p.level() + " " + p.status())
                .containsExactly("trigger level 1 202", "trigger level 2 202");
        JsonNode alert = stack.alert(id);
        assertThat(Alerting.timeline(alert, "paged")).hasSize(1);
        assertThat(Alerting.timeline(alert, "escalated")).hasSize(1)
                .allSatisfy(e -> assertThat(e.path("level").asInt()).isEqualTo(2));
        assertThat(alert.path("escalationLevel").asInt()).isEqualTo(2);
        assertThat(pg.number("select count(*) from alerting.page_outbox where alert_id = ?", id)).isEqualTo(2);
    }

    /** The first trigger of {@code key} at {@code level} the fake PagerDuty received, or null. */
    private static Page trigger(String key, int level) {
        return STACK.get().pagerDuty.pages().stream()
                .filter(p -> p.trigger() && key.equals(p.dedupKey()) && Integer.valueOf(level).equals(p.level()))
                .findFirst().orElse(null);
    }
}
