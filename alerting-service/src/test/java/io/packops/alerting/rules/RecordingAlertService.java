package io.packops.alerting.rules;

import io.packops.alerting.service.AlertService;
import io.packops.alerting.service.Observation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what the rules observe instead of running the alert lifecycle. Enabled only by
 * {@link RulesTestProfile}, so the lifecycle's own tests keep the real {@link AlertService}.
 */
@Alternative
@ApplicationScoped
public class RecordingAlertService extends AlertService {

    private final List<Observation> observed = new CopyOnWriteArrayList<>();

    @Override
    public void observe(Observation observation) {
        observed.add(observation);
    }

    public List<Observation> observed() {
        return List.copyOf(observed);
    }

    public List<Observation> observed(String rule) {
        return observed.stream().filter(o -> o.rule().equals(rule)).toList();
    }

    public void clear() {
        observed.clear();
    }
}
