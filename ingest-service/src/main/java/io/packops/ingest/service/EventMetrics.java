package io.packops.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.compat.manifest.Slugs;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code packops.events.accepted|duplicates|rejected{type,outcome,connector}} and
 * {@code packops.events.batch.size}. Tags are low-cardinality by construction: type and outcome
 * are one of two values or {@code unknown}, connector is a valid slug or {@code unknown}, and after
 * {@link #MAX_CONNECTORS} distinct connectors any new one is tagged {@code other}. Never an account.
 */
@ApplicationScoped
public class EventMetrics {

    public static final int MAX_CONNECTORS = 200;
    public static final String UNKNOWN = "unknown";
    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Set<String> connectors = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("packops.events.batch.size")
                .description("Events per POST /v1/events request")
                .baseUnit("events")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
    }

    public void batch(int events) {
        batchSize.record(events);
    }

    public void accepted(String type, String outcome, String connector, int count) {
        count("packops.events.accepted", "Events stored", type, outcome, connector, count);
    }

    public void duplicates(String type, String outcome, String connector, int count) {
        count("packops.events.duplicates", "Events already stored (same eventId)", type, outcome, connector, count);
    }

    public void rejected(String type, String outcome, String connector, int count) {
        count("packops.events.rejected", "Events refused by validation", type, outcome, connector, count);
    }

    private void count(String name, String description, String type, String outcome, String connector, int count) {
        if (count <= 0) {
            return;
        }
        String t = "install".equals(type) || "render".equals(type) ? type : UNKNOWN;
        String o = "succeeded".equals(outcome) || "failed".equals(outcome) ? outcome : UNKNOWN;
        String c = connectorTag(connector);
        counters.computeIfAbsent(name + '|' + t + '|' + o + '|' + c, k -> Counter.builder(name)
                        .description(description)
                        .tag("type", t).tag("outcome", o).tag("connector", c)
                        .register(registry))
                .increment(count);
    }

    private String connectorTag(String connector) {
        if (!Slugs.isSlug(connector)) {
            return UNKNOWN;
        }
        if (connectors.contains(connector)) {
            return connector;
        }
        if (connectors.size() >= MAX_CONNECTORS) {
            return OTHER;
        }
        connectors.add(connector);
        return connector;
    }
}
