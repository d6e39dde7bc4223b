package io.packops.servicekit.retention;

import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Runs a service's retention jobs (its {@link RetentionJob} beans): every {@code packops.retention.prune-every} (1h;
 * {@code off} in tests, which call {@link RetentionJob#prune()} with their clock), each job once per interval across
 * replicas ({@link OncePerInterval}, under the job's own name), deleting what is older than its horizon in statements of
 * at most {@code packops.retention.batch-size} (5,000) rows ({@link BatchedDelete}). A job keeps its own table, query
 * and horizon setting.
 */
@ApplicationScoped
public class Retention {

    @Inject
    DataSource dataSource;
    @Inject
    OncePerInterval once;
    @Inject
    Clock clock;
    @ConfigProperty(name = "packops.retention.batch-size", defaultValue = "5000")
    int batchSize;
    @ConfigProperty(name = "packops.retention.prune-every", defaultValue = "1h")
    String pruneEvery;

    @Inject
    Instance<RetentionJob> jobs;

    /** Each job prunes only in the first run of its slot, on one replica; one failing does not stop the others. */
    @Scheduled(every = "${packops.retention.prune-every:1h}", delayed = "10m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        for (RetentionJob job : jobs) {
            try {
                once.scheduled(job.name(), OncePerInterval.every(pruneEvery), execution.getScheduledFireTime(), job::prune);
            } catch (RuntimeException e) {
                Log.warnf(e, "%s failed; the next run tries again", job.name());
            }
        }
    }

    /** Rows per delete statement. */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Deletes what {@code sql} selects as older than {@code keep} before the clock's now, {@code batch} rows per
     * statement: {@code sql}'s parameters are the horizon, {@code horizons} times, then the batch size. Returns how many
     * rows went; {@code what} names them in the log.
     */
    public long deleteOlderThan(String what, Duration keep, String sql, int horizons, int batch) {
        return deleteOlderThan(what, keep, sql, horizons, batch, clock.instant());
    }

    /** {@link #deleteOlderThan(String, Duration, String, int, int)} as if it were {@code now}. */
    public long deleteOlderThan(String what, Duration keep, String sql, int horizons, int batch, Instant now) {
        Instant horizon = now.minus(keep);
        Object[] params = new Object[horizons];
        Arrays.fill(params, horizon);
        try {
            long deleted = BatchedDelete.run(dataSource, sql, batch, params);
            if (deleted > 0) {
                Log.infof("retention: %d %s older than %s (before %s) deleted", deleted, what, keep, horizon);
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not prune " + what + ": " + e.getMessage(), e);
        }
    }
}
