package io.packops.alerting.rules;

import io.packops.alerting.repository.SweepClaims;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.packops.alerting.repository.SweepClaims.Claim.CLAIMED;
import static io.packops.alerting.repository.SweepClaims.Claim.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;

/** One sweep per interval slot across replicas (system-tests' TwoAlertingReplicasIT shows it with two processes). */
@QuarkusTest
class SweepClaimsTest {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Inject
    SweepClaims claims;

    @Test
    void theFirstRunOfEachSlotSweepsAndTheOthersDoNot() {
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(500))).isEqualTo(CLAIMED);
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(1_200))).as("another replica, same slot").isEqualTo(TAKEN);
        assertThat(claims.claim("test-b", EVERY, T.plusMillis(1_200))).as("sweeps are claimed apart").isEqualTo(CLAIMED);
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(2_000))).as("the next slot").isEqualTo(CLAIMED);
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(1_999))).as("a late tick of an earlier slot").isEqualTo(TAKEN);
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(2_010))).isEqualTo(TAKEN);
        assertThat(claims.claim("test-a", EVERY, T.plusMillis(4_010))).isEqualTo(CLAIMED);
    }

    @Test
    void aChangedIntervalKeepsSweeping() {
        assertThat(claims.claim("test-c", Duration.ofSeconds(15), T)).isEqualTo(CLAIMED);
        assertThat(claims.claim("test-c", Duration.ofSeconds(30), T.plusSeconds(31))).isEqualTo(CLAIMED);
        assertThat(claims.claim("test-c", Duration.ofSeconds(10), T.plusSeconds(41))).isEqualTo(CLAIMED);
    }

    @Test
    void withoutAnIntervalEveryRunSweeps() {
        assertThat(claims.claim("test-d", Duration.ZERO, T)).isEqualTo(CLAIMED);
        assertThat(claims.claim("test-d", Duration.ZERO, T)).isEqualTo(CLAIMED);
        assertThat(claims.claim("test-d", EVERY, null)).isEqualTo(CLAIMED);
    }

    @Test
    void slotsAndIntervals() {
        assertThat(SweepClaims.slotStart(T.plusMillis(14_999), Duration.ofSeconds(15))).isEqualTo(T);
        assertThat(SweepClaims.slotStart(T.plusMillis(15_000), Duration.ofSeconds(15))).isEqualTo(T.plusSeconds(15));
        assertThat(SweepClaims.every("15s")).isEqualTo(Duration.ofSeconds(15));
        assertThat(SweepClaims.every("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SweepClaims.every("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SweepClaims.every("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(SweepClaims.every("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SweepClaims.every("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SweepClaims.every("off")).isEqualTo(Duration.ZERO);
        assertThat(SweepClaims.interval(execution(T, T.plusSeconds(300)))).isEqualTo(Duration.ofMinutes(5));
        assertThat(SweepClaims.interval(execution(T, null))).isEqualTo(Duration.ZERO);
        assertThat(SweepClaims.interval(null)).isEqualTo(Duration.ZERO);
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
