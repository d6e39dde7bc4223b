package io.packops.ingest.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.packops.compat.manifest.Slugs;
import io.packops.ingest.packs.PublishedPacks;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code packops.events.accepted|duplicates|rejected{type,outcome,connector}} and
 * {@code packops.events.batch.size}. Tags are low-cardinality by construction: type and outcome are one of two values
 * or {@code unknown}; connector is one the pack registry has published packs for, {@code unregistered} for any other
 * slug and {@code unknown} for what is not a slug (a producer can invent names without limit, the registry cannot).
 * Never an account.
 *
 * <p>For the launch-day dashboard, stored events also count in {@code packops.pack.events{type,outcome,connector,
 * pack,version}} (success rate per pack version) and failed ones in {@code packops.events.failures{type,connector,
 * error_code,fingerprint}}. Only pack versions published in the registry ({@link PublishedPacks}, under the event's
 * connector) get their own series; every other event counts in the {@code unregistered} series (connector, pack and
 * version all {@code unregistered}), so forged events add at most a few series, whatever they name. The family holds
 * at most {@code packops.metrics.max-pack-series} series: {@value #RESERVED} are kept for the {@code unregistered}
 * and {@code other} series of each type and outcome, and past the cap a new published combination counts in
 * {@code other} (gauge {@code packops.pack.events.series.folded} says how many were folded). Junk therefore never
 * takes a published pack's room. Failures of unregistered events are one {@code unregistered} fingerprint too; after
 * {@link #MAX_FINGERPRINTS} distinct fingerprints new ones are {@code other} (the full list stays in
 * {@code GET /v1/stats/failures}).
 */
@ApplicationScoped
public class EventMetrics {

    public static final int MAX_FINGERPRINTS = 200;
    public static final String UNKNOWN = "unknown";
    public static final String OTHER = "other";
    public static final String UNREGISTERED = "unregistered";
    /** The series always kept for {@code unregistered} and {@code other}: 2 x (3 types x 3 outcomes, unknown included). */
    public static final int RESERVED = 18;

    private final MeterRegistry registry;
    private final PublishedPacks published;
    private final int maxPackSeries;
    private final DistributionSummary batchSize;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> fingerprints = ConcurrentHashMap.newKeySet();
    private final Map<List<String>, Counter> packCounters = new ConcurrentHashMap<>();
    /** Published combinations past the cap; bounded by the registry's size, never by what producers send. */
    private final Set<List<String>> folded = ConcurrentHashMap.newKeySet();
    private final Map<List<String>, Counter> failureCounters = new ConcurrentHashMap<>();
    private int ownSeries;

    /** The tags of one stored event, for counting a batch by group rather than by event. */
    private record PackKey(String type, String outcome, String connector, String pack, String version) {
    }

    private record FailureKey(String type, String connector, String pack, String version, String errorCode,
                              String fingerprint) {
    }

    EventMetrics(MeterRegistry registry, PublishedPacks published,
                 @ConfigProperty(name = "packops.metrics.max-pack-series", defaultValue = "2000") int maxPackSeries) {
        if (maxPackSeries <= RESERVED) {
            throw new IllegalArgumentException("packops.metrics.max-pack-series must be more than " + RESERVED
                    + " (the unregistered and other series), not " + maxPackSeries);
        }
        this.registry = registry;
        this.published = published;
        this.maxPackSeries = maxPackSeries;
        this.batchSize = DistributionSummary.builder("packops.events.batch.size")
                .description("Events per POST /v1/events request")
                .baseUnit("events")
                .serviceLevelObjectives(1, 10, 50, 100, 250, 500, 1000)
                .register(registry);
        Gauge.builder("packops.pack.events.series", packCounters, Map::size)
                .description("Series of packops_pack_events_total in use (at most packops.metrics.max-pack-series)")
                .register(registry);
        Gauge.builder("packops.pack.events.series.folded", folded, Set::size)
                .description("Published pack version combinations counted in the 'other' series: past max-pack-series")
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
                byFailure.computeIfAbsent(new FailureKey(e.type(), e.connector(), e.pack(), e.packVersion(), e.errorCode(),
                        e.failureFingerprint()), k -> new long[1])[0]++;
            }
        }
        byPack.forEach((k, n) -> packCounter(k).increment(n[0]));
        byFailure.forEach((k, n) -> {
            // the registry is asked once per group, not per event
            boolean published = this.published.publishedVersion(k.connector(), k.pack(), k.version()) != null;
            boolean known = published && fingerprintKnown(k.fingerprint());
            String fallback = published ? OTHER : UNREGISTERED;
            List<String> tags = List.of(typeTag(k.type()), published ? k.connector() : UNREGISTERED,
                    known ? k.errorCode() : fallback, known ? k.fingerprint() : fallback);
            failureCounters.computeIfAbsent(tags, t -> Counter.builder("packops.events.failures")
                            .description("Failed events stored, per failure fingerprint (GET /v1/stats/failures has the message template)")
                            .tag("type", t.get(0)).tag("connector", t.get(1))
                            .tag("error_code", t.get(2)).tag("fingerprint", t.get(3))
                            .register(registry))
                    .increment(n[0]);
        });
    }

    /**
     * The counter of one group: type, outcome, connector, pack and version are the event's own when it is a published
     * pack version, else all three {@code unregistered}.
     */
    private Counter packCounter(PackKey k) {
        String version = published.publishedVersion(k.connector(), k.pack(), k.version());
        String type = typeTag(k.type());
        String outcome = outcomeTag(k.outcome());
        List<String> tags = version == null ? List.of(type, outcome, UNREGISTERED, UNREGISTERED, UNREGISTERED)
                : List.of(type, outcome, k.connector(), k.pack(), version);
        Counter c = packCounters.get(tags);
        return c != null ? c : admit(tags, version != null);
    }

    /**
     * A new series: the unregistered and other ones ({@code own} false) always fit, being reserved; a published pack
     * version's while there is room, else it counts in {@code other}.
     */
    private synchronized Counter admit(List<String> tags, boolean own) {
        Counter c = packCounters.get(tags);
        if (c != null) {
            return c;
        }
        if (own && ownSeries >= maxPackSeries - RESERVED) {
            folded.add(tags);
            List<String> other = List.of(tags.get(0), tags.get(1), OTHER, OTHER, OTHER);
            Counter o = packCounters.get(other);
            return o != null ? o : admit(other, false);
        }
        if (own) {
            ownSeries++;
        }
        c = Counter.builder("packops.pack.events")
                .description("Events stored, per published pack version (unregistered: not in the registry; other: past the cap)")
                .tag("type", tags.get(0)).tag("outcome", tags.get(1)).tag("connector", tags.get(2))
                .tag("pack", tags.get(3)).tag("version", tags.get(4))
                .register(registry);
        packCounters.put(tags, c);
        return c;
    }

    private boolean fingerprintKnown(String fingerprint) {
        return fingerprints.contains(fingerprint) || fingerprints.size() < MAX_FINGERPRINTS && fingerprints.add(fingerprint);
    }

    private void count(String name, String description, String type, String outcome, String connector, int count) {
        if (count <= 0) {
            return;
        }
        String t = typeTag(type);
        String o = outcomeTag(outcome);
        String c = connectorTag(connector);
        counters.computeIfAbsent(name + '|' + t + '|' + o + '|' + c, k -> Counter.builder(name)
                        .description(description)
                        .tag("type", t).tag("outcome", o).tag("connector", c)
                        .register(registry))
                .increment(count);
    }

    private static String typeTag(String type) {
        return "install".equals(type) || "render".equals(type) ? type : UNKNOWN;
    }

    private static String outcomeTag(String outcome) {
        return "succeeded".equals(outcome) || "failed".equals(outcome) ? outcome : UNKNOWN;
    }

    private String connectorTag(String connector) {
        if (!Slugs.isSlug(connector)) {
            return UNKNOWN;
        }
        return published.isPublishedConnector(connector) ? connector : UNREGISTERED;
    }
}
