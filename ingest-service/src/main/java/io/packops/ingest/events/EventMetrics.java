package io.packops.ingest.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.compat.manifest.Slugs;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code packops.events.accepted|duplicates|rejected{type,outcome,connector}} and
 * {@code packops.events.batch.size}. Tags are low-cardinality by construction: type and outcome
 * are one of two values or {@code unknown}, connector is a valid slug or {@code unknown}, and after
 * {@link #MAX_CONNECTORS} distinct connectors any new one is tagged {@code other}. Never an account.
 *
 * <p>For the launch-day dashboard, stored events also count in {@code packops.pack.events{type,outcome,connector,
 * pack,version}} (success rate per pack version; after {@link #MAX_PACK_VERSIONS} distinct pack versions new ones
 * are {@code other}) and failed ones in {@code packops.events.failures{type,connector,error_code,fingerprint}}
 * (failures by fingerprint; after {@link #MAX_FINGERPRINTS} distinct fingerprints new ones are {@code other}, the
 * full list stays in {@code GET /v1/stats/failures}).
 */
@ApplicationScoped
public class EventMetrics {

    public static final int MAX_CONNECTORS = 200;
    public static final int MAX_PACK_VERSIONS = 500;
    public static final int MAX_FINGERPRINTS = 200;
    public static final String UNKNOWN = "unknown";
    public static final String OTHER = "other";

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Set<String> connectors = ConcurrentHashMap.newKeySet();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> packVersions = ConcurrentHashMap.newKeySet();
    private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();
    private final Map<List<String>, Counter> packCounters = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> failureCounters = new ConcurrentHashMap<>();

    /** The tags of one stored event, for counting a batch by group rather than by event. */
    private record PackKey(String type, String outcome, String connector, String pack, String version) {
    }

    private record FailureKey(String type, String connector, String errorCode, String fingerprint) {
    }

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

    /** Counts events just stored (valid, not duplicates) per pack version and, when failed, per fingerprint. */
    public void stored(Collection<AcceptedEvent> events) {
        Map<PackKey, long[]> byPack = new HashMap<>();
        Map<FailureKey, long[]> byFailure = new HashMap<>();
        for (AcceptedEvent e : events) {
            byPack.computeIfAbsent(new PackKey(e.type(), e.outcome(), e.connector(), e.pack(), e.packVersion()),
                    k -> new long[1])[0]++;
            if (e.failureFingerprint() != null) {
                byFailure.computeIfAbsent(new FailureKey(e.type(), e.connector(), e.errorCode(), e.failureFingerprint()),
                        k -> new long[1])[0]++;
            }
        }
        byPack.forEach((k, n) -> {
            boolean known = packVersionKnown(k.pack() + '@' + k.version());
            List<String> tags = List.of(k.type(), k.outcome(), connectorTag(k.connector()),
                    known ? k.pack() : OTHER, known ? k.version() : OTHER);
            packCounters.computeIfAbsent(tags, t -> Counter.builder("packops.pack.events")
                            .description("Events stored, per pack version")
                            .tag("type", t.get(0)).tag("outcome", t.get(1)).tag("connector", t.get(2))
                            .tag("pack", t.get(3)).tag("version", t.get(4))
                            .register(registry))
                    .increment(n[0]);
        });
        byFailure.forEach((k, n) -> {
            boolean known = fingerprintKnown(k.fingerprint());
            List<String> tags = List.of(k.type(), connectorTag(k.connector()),
                    known ? k.errorCode() : OTHER, known ? k.fingerprint() : OTHER);
            failureCounters.computeIfAbsent(tags, t -> Counter.builder("packops.events.failures")
                            .description("Failed events stored, per failure fingerprint (GET /v1/stats/failures has the message template)")
                            .tag("type", t.get(0)).tag("connector", t.get(1))
                            .tag("error_code", t.get(2)).tag("fingerprint", t.get(3))
                            .register(registry))
                    .increment(n[0]);
        });
    }

    private boolean packVersionKnown(String packVersion) {
        return packVersions.contains(packVersion) || packVersions.size() < MAX_PACK_VERSIONS && packVersions.add(packVersion);
    }

    private boolean fingerprintKnown(String fingerprint) {
        return fingerprints.contains(fingerprint) || fingerprints.size() < MAX_FINGERPRINTS && fingerprints.add(fingerprint);
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
