package io.packops.ingest.stats.refresh;

import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The stats refresh runs once at a time across replicas, and once per interval slot (service-kit's OncePerInterval). */
@QuarkusTest
class StatsRefreshOnceTest {

    @Inject
    StatsRefresh refresh;
    @Inject
    OncePerInterval once;

    @Test
    void aRefreshWhileAnotherRunsDoesNothing() {
        // another replica's refresh holds the job (its own connection, so its own session lock)
        OncePerInterval.Run<StatsRefresh.Result> outer = once.exclusively(StatsRefresh.JOB, refresh::refresh);

        assertThat(outer.ran()).isTrue();
        assertThat(outer.value().locked()).as("the inner refresh found the job running").isTrue();
        assertThat(outer.value().hours()).isZero();
        assertThat(refresh.refresh().locked()).as("the lock is released after the run").isFalse();
    }

    @Test
    void onlyTheFirstRunOfAnIntervalSlotRefreshes() {
        // a slot far from any other test's, on the ingest schema's own sweep_claims table (V12)
        Instant fire = Instant.parse("2031-01-01T00:00:02Z");
        Duration every = Duration.ofSeconds(5);

        OncePerInterval.Run<StatsRefresh.Result> first = once.scheduled(StatsRefresh.JOB, every, fire, refresh::refresh);
        OncePerInterval.Run<StatsRefresh.Result> sameSlot = once.scheduled(StatsRefresh.JOB, every, fire.plusSeconds(1),
                refresh::refresh);
        OncePerInterval.Run<StatsRefresh.Result> nextSlot = once.scheduled(StatsRefresh.JOB, every, fire.plusSeconds(5),
                () -> new StatsRefresh.Result(0, 0, false));

        assertThat(first.outcome()).isEqualTo(OncePerInterval.Outcome.RAN);
        assertThat(sameSlot.outcome()).as("another replica firing in the same slot").isEqualTo(OncePerInterval.Outcome.TAKEN);
        assertThat(nextSlot.outcome()).isEqualTo(OncePerInterval.Outcome.RAN);
    }
}
