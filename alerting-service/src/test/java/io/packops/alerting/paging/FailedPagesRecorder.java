package io.packops.alerting.paging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Observes the dispatcher's give-up signal the way the alert lifecycle would. */
@ApplicationScoped
public class FailedPagesRecorder {

    private final List<PageDeliveryFailed> seen = new CopyOnWriteArrayList<>();

    /** A method, not the field: the test holds a client proxy. */
    public List<PageDeliveryFailed> seen() {
        return seen;
    }

    public void clear() {
        seen.clear();
    }

    void on(@Observes PageDeliveryFailed event) {
        seen.add(event);
    }
}
