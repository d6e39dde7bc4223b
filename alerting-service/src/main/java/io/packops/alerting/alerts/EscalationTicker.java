package io.packops.alerting.alerts;

import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * Every {@code packops.alerts.escalation-every} (default 15 s): auto-resolves alerts clear for the keep-firing
 * period, pages alerts whose silence ended, retries unanswered ownership lookups and pages the next escalation
 * level when due. The scheduled tick runs once per interval across replicas ({@link OncePerInterval}); each alert is
 * still advanced in its own transaction under {@code for update skip locked}, so a tick never pages a step an ack or
 * a tick called by hand is changing, and one failing alert does not hold up the others.
 */
@ApplicationScoped
public class EscalationTicker {

    /** The longest the ticker waits after a start for the rules' first evaluation (ingest may be down). */
    static final Duration START_GRACE = Duration.ofMinutes(2);

    /** The job's name: its slot in {@code sweep_claims} and its lock ({@link OncePerInterval}). */
    public static final String JOB = "alert-escalation";

    @Inject
    AlertService alerts;
    @Inject
    AlertsConfig config;
    @Inject
    OncePerInterval once;

    private final Instant started = Instant.now();
    private volatile boolean rulesEvaluated;

    @Scheduled(identity = "alert-escalation", every = "${packops.alerts.escalation-every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        if (waitingForFirstEvaluation(Instant.now())) {
            Log.debug("escalation waits for the rules' first evaluation since the start");
            return;
        }
        // each replica's schedule has its own phase: the first tick of a slot does the slot's work
        once.scheduled(JOB, OncePerInterval.every(config.escalationEvery()), execution.getScheduledFireTime(), this::tick);
    }

    /**
     * After a start (a restart, a new replica) the active alerts carry the numbers of their last evaluation, which
     * may be from before a long outage: nothing pages or escalates until the rules have looked again, or
     * {@link #START_GRACE} has passed.
     */
    boolean waitingForFirstEvaluation(Instant now) {
        return !rulesEvaluated && now.isBefore(started.plus(START_GRACE));
    }

    /** The rules have been evaluated since this process started (here, or by another replica in a slot of its own). */
    public void rulesEvaluated() {
        rulesEvaluated = true;
    }

    /** One pass over the active alerts; returns how many pages it sent. Tests call it with a controlled clock. */
    public int tick() {
        int pages = 0;
        for (long id : alerts.activeIds()) {
            try {
                pages += alerts.advance(id);
            } catch (RuntimeException e) {
                Log.errorf(e, "escalation of alert %d failed; retried next tick", id);
            }
        }
        return pages;
    }
}
