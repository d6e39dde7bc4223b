package io.packops.alerting.rules;

import io.packops.alerting.alerts.Alert;
import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what the rules observe instead of running the alert lifecycle. Enabled only by
 * {@link RulesTestProfile}, so the lifecycle's own tests keep the real {@link AlertService}.
 */
@Alternative
@ApplicationScoped
public class RecordingAlertService extends AlertService {

    private final List<Observation> observed = new CopyOnWriteArrayList<>();
    /** What the lifecycle would hold active: dedup key -> the alert (clear ones keep clearSince until keep-firing). */
    private final Map<String, Alert> active = new ConcurrentHashMap<>();

    @Override
    public void observe(Observation observation) {
        observed.add(observation);
        Alert a = active.get(observation.dedupKey());
        if (observation.firing()) {
            if (a == null) {
                a = new Alert();
                a.dedupKey = observation.dedupKey();
                a.rule = observation.rule();
                a.labels = Map.copyOf(observation.labels());
                a.severity = observation.severity();
                a.state = Alert.FIRING;
                active.put(a.dedupKey, a);
            }
            a.clearSince = null;
        } else if (a != null && a.clearSince == null) {
            a.clearSince = java.time.Instant.EPOCH;
        }
    }

    /** An alert active in the database that this process never observed (another replica, or before a restart). */
    public void activeElsewhere(Observation firing) {
        observe(firing);
        observed.remove(observed.size() - 1);
    }

    @Override
    public List<Alert> activeOfRules(java.util.Collection<String> rules) {
        return active.values().stream().filter(a -> rules.contains(a.rule)).toList();
    }

    public List<Observation> observed() {
        return List.copyOf(observed);
    }

    public List<Observation> observed(String rule) {
        return observed.stream().filter(o -> o.rule().equals(rule)).toList();
    }

    /** Forgets what was observed (the alerts the lifecycle holds stay: {@link #reset()} forgets those too). */
    public void clear() {
        observed.clear();
    }

    public void reset() {
        observed.clear();
        active.clear();
    }
}
