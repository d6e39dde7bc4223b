package io.packops.alerting.system;

import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.packops.servicekit.once.OncePerInterval.Outcome.RAN;
import static io.packops.servicekit.once.OncePerInterval.Outcome.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How alerting's scheduled jobs use service-kit's {@link OncePerInterval} (its own tests cover the slots and the lock):
 * a replica rolled out with another interval keeps running, and a cron sweep's slot is as long as its trigger's period.
 * system-tests' TwoAlertingReplicasIT shows one run per slot with two processes.
 */
@QuarkusTest
class ScheduledJobsTest {

    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Inject
    OncePerInterval once;

    @Test
    void aChangedIntervalKeepsRunning() {
        assertThat(once.scheduled("test-c", Duration.ofSeconds(15), T, () -> 1).outcome()).isEqualTo(RAN);
        assertThat(once.scheduled("test-c", Duration.ofSeconds(30), T.plusSeconds(31), () -> 1).outcome()).isEqualTo(RAN);
        assertThat(once.scheduled("test-c", Duration.ofSeconds(10), T.plusSeconds(41), () -> 1).outcome()).isEqualTo(RAN);
        assertThat(once.scheduled("test-c", Duration.ofSeconds(10), T.plusSeconds(42), () -> 1).outcome()).isEqualTo(TAKEN);
    }

    @Test
    void aCronSweepsIntervalIsItsTriggersPeriod() {
        assertThat(OncePerInterval.interval(execution(T, T.plusSeconds(300)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(OncePerInterval.interval(execution(T, null))).isEqualTo(Duration.ZERO);
        assertThat(OncePerInterval.interval(null)).isEqualTo(Duration.ZERO);
        assertThat(OncePerInterval.every("PT30S")).isEqualTo(Duration.ofSeconds(30));
        // without an interval or a fire time every run works (tests, and the schedules turned off)
        assertThat(once.scheduled("test-d", Duration.ofSeconds(2), null, () -> 1).outcome()).isEqualTo(RAN);
        assertThat(once.scheduled("test-d", Duration.ofSeconds(2), null, () -> 1).outcome()).isEqualTo(RAN);
    }

    private static ScheduledExecution execution(Instant scheduled, Instant next) {
        Trigger trigger = new Trigger() {
            @Override
            public String getId() {
                return "test";
            }

            @Override
            public Instant getNextFireTime() {
                return next;
            }

            @Override
            public Instant getPreviousFireTime() {
                return scheduled;
            }

            @Override
            public boolean isOverdue() {
                return false;
            }
        };
        return new ScheduledExecution() {
            @Override
            public Trigger getTrigger() {
                return trigger;
            }

            @Override
            public Instant getFireTime() {
                return scheduled;
            }

            @Override
            public Instant getScheduledFireTime() {
                return scheduled;
            }
        };
    }
}
