package io.packops.alerting.paging;

import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;

/**
 * Retention of the paging outbox: delivered and failed rows older than {@code packops.paging.retention} (30 days) are
 * deleted, a page of rows per short transaction, once per {@code prune-every} across replicas ({@link OncePerInterval}).
 * Pending rows are never deleted, nor the rows of alerts still active (their ack and resolve go where those went).
 */
@ApplicationScoped
public class OutboxRetention {

    static final String JOB = "outbox-retention";
    private static final int PAGE = 5_000;

    @Inject
    OutboxRepository outbox;

    @Inject
    PagingConfig config;

    @Inject
    Clock clock;

    @Inject
    OncePerInterval once;

    @Scheduled(identity = JOB, every = "${packops.paging.prune-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        once.scheduled(JOB, OncePerInterval.every(config.pruneEvery()), execution.getScheduledFireTime(),
                () -> prune(clock.instant()));
    }

    /** Deletes the finished rows older than the retention at {@code now}; returns how many. */
    public int prune(Instant now) {
        Instant before = now.minus(config.retention());
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> outbox.pruneFinished(before, PAGE));
            total += deleted;
        } while (deleted == PAGE);
        if (total > 0) {
            Log.infof("outbox retention: deleted %d delivered or failed page(s) finished before %s", total, before);
        }
        return total;
    }
}
