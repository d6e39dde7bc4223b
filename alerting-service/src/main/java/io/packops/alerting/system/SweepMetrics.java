package io.packops.alerting.system;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code packops.sweep.duration{sweep,outcome}} (a timer) and {@code packops.sweep.last.success{sweep}} (epoch
 * seconds of this replica's last completed run, 0 before the first) for the scheduled work: the compat sweep, the
 * install-health evaluation, the peer readiness checks and the package upgrade sweep. Registered at startup so "never ran" is visible as 0;
 * the compat sweep and the health rules run on one replica at a time, so alert on the max across replicas.
 */
@Startup
@ApplicationScoped
public class SweepMetrics {

    public static final String COMPAT = "compat";
    public static final String INSTALL_HEALTH = "install-health";
    public static final String PEER_HEALTH = "peer-health";
    public static final String UPGRADES = "package-upgrades";
    /** A run that did its work. */
    public static final String RAN = "ran";
    /** Another replica holds the job, or already ran it this interval ({@link OncePerInterval}): nothing to do here. */
    public static final String SKIPPED = "skipped";
    /** The run could not do its work (a peer unavailable, an error). */
    public static final String FAILED = "failed";

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    @Inject
    SweepMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (String sweep : List.of(COMPAT, INSTALL_HEALTH, PEER_HEALTH, UPGRADES)) {
            AtomicLong last = new AtomicLong();
            lastSuccess.put(sweep, last);
            Gauge.builder("packops.sweep.last.success", last, AtomicLong::doubleValue)
                    .description("When this replica last completed the sweep (0 = never since start)")
                    .baseUnit("seconds")
                    .tag("sweep", sweep)
                    .register(registry);
            for (String outcome : List.of(RAN, SKIPPED, FAILED)) {
                timer(sweep, outcome);
            }
        }
    }

    /**
     * Runs a job through {@code run} ({@link OncePerInterval}'s slot claim and lock around the work) and records it:
     * {@code ran} when the work ran and {@code worked} says it did its job, {@code skipped} when another run had its
     * slot or held it, {@code failed} otherwise (also when the work throws, which is the caller's).
     */
    public <T> OncePerInterval.Run<T> timed(String sweep, Supplier<OncePerInterval.Run<T>> run, Predicate<T> worked) {
        long start = System.nanoTime();
        String outcome = FAILED;
        try {
            OncePerInterval.Run<T> r = run.get();
            outcome = switch (r.outcome()) {
                case RAN -> worked.test(r.value()) ? RAN : FAILED;
                case TAKEN, BUSY -> SKIPPED;
                case FAILED -> FAILED;
            };
            return r;
        } finally {
            record(sweep, outcome, start);
        }
    }

    /** Records one run that started at {@code startNanos} ({@link System#nanoTime()}) and ended now. */
    public void record(String sweep, String outcome, long startNanos) {
        timer(sweep, outcome).record(Duration.ofNanos(System.nanoTime() - startNanos));
        if (RAN.equals(outcome)) {
            lastSuccess.computeIfAbsent(sweep, k -> new AtomicLong()).set(clock.millis() / 1000);
        }
    }

    /** Epoch seconds of the last completed run of {@code sweep} on this replica, 0 if none. */
    public long lastSuccess(String sweep) {
        AtomicLong last = lastSuccess.get(sweep);
        return last == null ? 0 : last.get();
    }

    private Timer timer(String sweep, String outcome) {
        return Timer.builder("packops.sweep.duration")
                .description("Duration of a scheduled sweep run")
                .tag("sweep", sweep)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
    }
}
