package io.packops.servicekit.retention;

import java.time.Duration;

/**
 * One table's retention: what it deletes ({@code sql}, its parameters the horizon {@code horizons} times, then the batch
 * size) and how long rows are kept. A service's job is a bean extending it; {@link Retention} schedules every such bean
 * under its {@code job} name (its slot in {@code sweep_claims} and its advisory lock); tests call {@link #prune()}.
 */
public abstract class RetentionJob {

    private final Retention retention;
    private final String job;
    private final String what;
    private final Duration keep;
    private final String sql;
    private final int horizons;

    protected RetentionJob(Retention retention, String job, String what, Duration keep, String sql, int horizons) {
        this.retention = retention;
        this.job = job;
        this.what = what;
        this.keep = keep;
        this.sql = sql;
        this.horizons = horizons;
    }

    /** The job's name in {@code sweep_claims} and its advisory lock. */
    public String name() {
        return job;
    }

    /** Deletes the expired rows now (the plain method the schedule calls); returns how many went. */
    public long prune() {
        return prune(retention.batchSize());
    }

    /** {@link #prune()} as if it were {@code now} (a test's fixed time). */
    public long pruneAt(java.time.Instant now) {
        return retention.deleteOlderThan(what, keep, sql, horizons, retention.batchSize(), now);
    }

    /** {@link #prune()} with {@code batch} rows per statement. */
    public long prune(int batch) {
        return retention.deleteOlderThan(what, keep, sql, horizons, batch);
    }
}
