package io.packops.alerting.system;

import io.packops.servicekit.once.OncePerInterval;
import io.packops.servicekit.once.OncePerInterval.Run;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The scheduled sweeps (compat, install health, peer health): each runs once per interval across replicas
 * ({@link OncePerInterval}: its slot claimed in {@code sweep_claims}, then its lock held, no transaction around it),
 * and every run, or turn not taken, is recorded in {@link SweepMetrics}.
 */
@ApplicationScoped
public class Sweeps {

    @Inject
    OncePerInterval once;

    @Inject
    SweepMetrics metrics;

    /**
     * A scheduled run of {@code job} (every {@code every}, fired for {@code fireTime}): the first run of its slot across
     * replicas does {@code work}; recorded as {@code sweep}, ran when {@code worked} says the work did its job.
     */
    public <T> Run<T> scheduled(String sweep, String job, Duration every, Instant fireTime, Supplier<T> work,
                                Predicate<T> worked) {
        return metrics.timed(sweep, () -> once.scheduled(job, every, fireTime, work), worked);
    }

    /** A run of {@code job} now, unless another run holds it (a poll that saw a change, a test); recorded as {@code sweep}. */
    public <T> Run<T> now(String sweep, String job, Supplier<T> work, Predicate<T> worked) {
        return metrics.timed(sweep, () -> once.exclusively(job, work), worked);
    }
}
