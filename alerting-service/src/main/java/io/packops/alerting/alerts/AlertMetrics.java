package io.packops.alerting.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.alerting.alerts.AlertRepository.ActiveCount;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code packops.alerts.active{rule,severity,state}}: how many alerts are firing or acknowledged, read from the
 * database every {@code packops.alerts.metrics-every} (15s). Every replica reads the same table, so a dashboard
 * takes the max across replicas. A series once seen stays, at 0 when its alerts are gone, so graphs fall to zero
 * instead of stopping. Rules and severities are fixed sets: the tags stay low-cardinality.
 */
@ApplicationScoped
public class AlertMetrics {

    @Inject
    AlertRepository repository;

    @Inject
    MeterRegistry registry;

    private final Map<List<String>, AtomicLong> series = new ConcurrentHashMap<>();

    @Scheduled(identity = "alert-metrics", every = "${packops.alerts.metrics-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            Log.warnf("active alert metrics not refreshed: %s", e.getMessage());
        }
    }

    /** Reads the active counts and sets the gauges; returns the counts read. */
    public List<ActiveCount> refresh() {
        List<ActiveCount> counts = repository.activeCounts();
        Map<List<String>, Long> now = new HashMap<>();
        for (ActiveCount c : counts) {
            now.put(List.of(c.rule(), c.severity(), c.state()), c.count());
        }
        now.keySet().forEach(this::gauge);
        series.forEach((key, value) -> value.set(now.getOrDefault(key, 0L)));
        return counts;
    }

    private AtomicLong gauge(List<String> key) {
        return series.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("packops.alerts.active", value, AtomicLong::doubleValue)
                    .description("Alerts firing or acknowledged, by rule, severity and state")
                    .tag("rule", k.get(0)).tag("severity", k.get(1)).tag("state", k.get(2))
                    .register(registry);
            return value;
        });
    }
}
