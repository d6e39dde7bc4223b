package io.packops.servicekit.once;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Once per interval across replicas: one run per slot, never two at once, nothing held after a run. */
@QuarkusTest
class OncePerIntervalTest {

    @Inject
    OncePerInterval once;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void claimsTable() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists sweep_claims (sweep text primary key, slot_start timestamptz not null, "
                    + "claimed_at timestamptz not null, claimed_by text not null)");
            s.execute("delete from sweep_claims");
        }
    }

    @Test
    void eachSlotRunsOnceWhateverTheReplicasPhase() {
        AtomicInteger runs = new AtomicInteger();
        Duration every = Duration.ofSeconds(15);
        Instant slot = Instant.parse("2026-12-07T10:00:00Z");
        // two replicas fire 4 s apart within the same 15 s slot: the second finds the slot taken
        assertThat(once.scheduled("job-a", every, slot.plusSeconds(3), runs::incrementAndGet).outcome())
                .isEqualTo(OncePerInterval.Outcome.RAN);
        assertThat(once.scheduled("job-a", every, slot.plusSeconds(7), runs::incrementAndGet).outcome())
                .isEqualTo(OncePerInterval.Outcome.TAKEN);
        // the next slot runs again; another job has slots of its own
        assertThat(once.scheduled("job-a", every, slot.plusSeconds(18), runs::incrementAndGet).ran()).isTrue();
        assertThat(once.scheduled("job-b", every, slot.plusSeconds(7), runs::incrementAndGet).ran()).isTrue();
        // a late fire for an older slot never runs after a newer one did
        assertThat(once.scheduled("job-a", every, slot.plusSeconds(1), runs::incrementAndGet).outcome())
                .isEqualTo(OncePerInterval.Outcome.TAKEN);
        assertThat(runs).hasValue(3);
    }

    @Test
    void aRunWhileAnotherHoldsTheJobIsBusyAndTheLockIsGivenBack() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<OncePerInterval.Run<String>> first = CompletableFuture.supplyAsync(() -> once.exclusively("job-c", () -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        OncePerInterval.Run<String> second = once.exclusively("job-c", () -> "second");
        assertThat(second.outcome()).isEqualTo(OncePerInterval.Outcome.BUSY);
        assertThat(second.value()).isNull();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).value()).isEqualTo("first");
        // given back: the next run works, also when the work throws
        assertThat(once.exclusively("job-c", () -> "third").value()).isEqualTo("third");
        try {
            once.exclusively("job-c", () -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the work's failure is the caller's
        }
        assertThat(once.exclusively("job-c", () -> "fourth").ran()).isTrue();
    }

    @Test
    void slotsEveryAndLockKeys() {
        Duration fifteen = Duration.ofSeconds(15);
        assertThat(OncePerInterval.slotStart(Instant.parse("2026-12-07T10:00:14.999Z"), fifteen))
                .isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(OncePerInterval.slotStart(Instant.parse("2026-12-07T10:00:15Z"), fifteen))
                .isEqualTo(Instant.parse("2026-12-07T10:00:15Z"));
        assertThat(OncePerInterval.every("15s")).isEqualTo(fifteen);
        assertThat(OncePerInterval.every("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(OncePerInterval.every("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(OncePerInterval.every("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(OncePerInterval.every("PT15S")).isEqualTo(fifteen);
        assertThat(OncePerInterval.every("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(OncePerInterval.every("off")).isZero();
        assertThat(OncePerInterval.lockKey("compat-sweep")).isEqualTo(OncePerInterval.lockKey("compat-sweep"))
                .isNotEqualTo(OncePerInterval.lockKey("install-health"));
        // without an interval only the lock guards the run
        assertThat(once.scheduled("job-d", Duration.ZERO, Instant.now(), () -> 1).ran()).isTrue();
        assertThat(once.scheduled("job-d", Duration.ZERO, Instant.now(), () -> 1).ran()).isTrue();
    }
}
