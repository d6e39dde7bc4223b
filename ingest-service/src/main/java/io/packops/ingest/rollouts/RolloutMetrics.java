package io.packops.ingest.rollouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges of the latest rollout of each pack (running, or ended within {@code packops.rollouts.metrics-keep}):
 * <ul>
 *   <li>{@code packops.rollout.state{pack,state}}: 1 for the rollout's state, 0 for the three others;</li>
 *   <li>{@code packops.rollout.step{pack}}: the percentage of the cohort served the canary (0 aborted, 100 promoted);</li>
 *   <li>{@code packops.rollout.failure.rate{pack,track=canary|stable,type=install|render}}: the rates of the latest
 *       analysis decision (alerting-service's numbers, stored on the rollout).</li>
 * </ul>
 * Read from the database every {@code metrics-every}, so every replica shows the same; a change made by this
 * replica shows at once. Tags are pack, state, track and type: never a version or an account.
 */
@ApplicationScoped
public class RolloutMetrics {

    record Snapshot(String pack, String state, int step, Map<String, Double> rates) {
    }

    private final Map<String, Snapshot> byPack = new ConcurrentHashMap<>();
    private final MultiGauge state;
    private final MultiGauge step;
    private final MultiGauge rate;

    @Inject
    RolloutConfig config;
    @Inject
    Clock clock;
    @Inject
    ObjectMapper json;

    RolloutMetrics(MeterRegistry registry) {
        state = MultiGauge.builder("packops.rollout.state")
                .description("1 for the state of the pack's latest rollout, 0 for the others").register(registry);
        step = MultiGauge.builder("packops.rollout.step")
                .description("Percentage of the cohort's buckets served the canary").register(registry);
        rate = MultiGauge.builder("packops.rollout.failure.rate")
                .description("Failure rate of the canary and the stable version at the latest analysis").register(registry);
    }

    @Scheduled(identity = "rollout-metrics", every = "${packops.rollouts.metrics-every:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            Log.warnf("rollout metrics not refreshed: %s", e.getMessage());
        }
    }

    /** Reads the latest rollout of each pack again. */
    @Transactional
    public void refresh() {
        List<Rollout> rows = Rollout.list("state in ?1 or endedAt > ?2 order by id desc",
                List.of(Rollout.PROGRESSING, Rollout.PAUSED), clock.instant().minus(config.metricsKeep()));
        Map<String, Snapshot> fresh = new ConcurrentHashMap<>();
        for (Rollout r : rows) {
            fresh.putIfAbsent(r.pack, snapshot(r));
        }
        byPack.clear();
        byPack.putAll(fresh);
        publish();
    }

    /** A rollout this replica just changed. */
    void changed(Rollout r) {
        byPack.put(r.pack, snapshot(r));
        publish();
    }

    private Snapshot snapshot(Rollout r) {
        Map<String, Double> rates = new ConcurrentHashMap<>();
        if (r.lastAnalysis != null) {
            try {
                JsonNode a = json.readTree(r.lastAnalysis);
                for (String type : List.of("install", "render")) {
                    for (String track : List.of("canary", "stable")) {
                        JsonNode v = a.path(type).path(track).path("rate");
                        if (v.isNumber()) {
                            rates.put(type + "/" + track, v.asDouble());
                        }
                    }
                }
            } catch (Exception e) {
                Log.debugf("rollout %d: last analysis is not readable JSON", r.id);
            }
        }
        return new Snapshot(r.pack, r.state, r.step, rates);
    }

    private synchronized void publish() {
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> steps = new ArrayList<>();
        List<MultiGauge.Row<?>> rates = new ArrayList<>();
        for (Snapshot s : byPack.values()) {
            for (String st : Rollout.STATES) {
                states.add(MultiGauge.Row.of(Tags.of("pack", s.pack(), "state", st), st.equals(s.state()) ? 1 : 0));
            }
            steps.add(MultiGauge.Row.of(Tags.of("pack", s.pack()), s.step()));
            s.rates().forEach((key, value) -> {
                String[] parts = key.split("/");
                rates.add(MultiGauge.Row.of(Tags.of("pack", s.pack(), "type", parts[0], "track", parts[1]), value));
            });
        }
        state.register(states, true);
        step.register(steps, true);
        rate.register(rates, true);
    }
}
