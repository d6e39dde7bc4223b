package io.packops.ingest.stats.refresh;

import io.packops.ingest.events.EventPartitions;
import io.packops.ingest.stats.AccountSketch;
import io.packops.ingest.stats.StatsPlan;
import io.packops.ingest.stats.StatsConfig;
import io.packops.ingest.stats.StatsRepository;
import io.packops.ingest.stats.refresh.RollupRepository.FailureRollupRow;
import io.packops.ingest.stats.refresh.RollupRepository.RollupRow;
import io.packops.servicekit.once.OncePerInterval;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Folds dirty hours (hours with rows in {@code stats_changes}) into the hourly rollups, re-derives the
 * daily rollups of the past days they belong to, and keeps freshness; each such hour is also folded into the
 * per-account tables ({@link AccountRollups}, the account feature's) that the account endpoints read. Every hour is recomputed from
 * its raw events, so a refresh is idempotent and late events only cost a recompute of their hour.
 * One refresh at a time across replicas, once per interval (service-kit's {@link OncePerInterval}, job
 * {@value #JOB}); readers never wait for it, because hours still dirty are read from raw events.
 */
@ApplicationScoped
public class StatsRefresh {

    @Inject
    DataSource dataSource;
    @Inject
    RollupRepository repository;
    @Inject
    StatsRepository queries;
    @Inject
    OncePerInterval once;
    @Inject
    AccountRollups accounts;
    @Inject
    StatsConfig config;
    @Inject
    Clock clock;
    @Inject
    EventPartitions partitions;

    /** The job's name in {@code sweep_claims} and its advisory lock. */
    static final String JOB = "stats-refresh";

    private volatile Instant lastPrune = Instant.EPOCH;

    /** What one refresh did; {@code locked} when another refresh was running, so this one did nothing. */
    public record Result(int hours, int days, boolean locked) {
    }

    /** One replica per interval slot refreshes; the others find the slot taken (or the job running) and skip. */
    @Scheduled(every = "${packops.stats.refresh-every:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled(ScheduledExecution execution) {
        try {
            OncePerInterval.Run<Result> run = once.scheduled(JOB, OncePerInterval.every(config.refreshEvery()),
                    execution.getScheduledFireTime(), this::work);
            Result r = run.value();
            if (r != null && (r.hours() > 0 || r.days() > 0)) {
                Log.debugf("stats refresh: %d hours, %d days", r.hours(), r.days());
            }
        } catch (RuntimeException e) {
            Log.warn("stats refresh failed; will retry", e);
        }
    }

    /**
     * Works through dirty hours in batches, newest first, until none is left or the time budget is spent; does nothing
     * ({@code locked}) while another refresh, on any replica, is running.
     */
    public Result refresh() {
        OncePerInterval.Run<Result> run = once.exclusively(JOB, this::work);
        return run.ran() ? run.value() : new Result(0, 0, true);
    }

    private Result work() {
        long deadline = System.nanoTime() + config.refreshBudget().toNanos();
        int hours = 0;
        int days = 0;
        boolean first = true;
        while (true) {
            Result batch = batch(first);
            first = false;
            hours += batch.hours();
            days += batch.days();
            if (batch.hours() < config.refreshBatchHours() || System.nanoTime() > deadline) {
                return new Result(hours, days, false);
            }
        }
    }

    private Result batch(boolean first) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Instant now = clock.instant();
                Instant today = now.truncatedTo(ChronoUnit.DAYS);
                Instant horizon = partitions.oldestRetainedDay().atStartOfDay(ZoneOffset.UTC).toInstant();

                List<Instant> hours = repository.pendingHours(c, config.refreshBatchHours());
                RollupRepository.Taken taken = repository.takeChanges(c, hours);
                repository.foldFreshness(c, taken.connectors());
                SortedSet<Instant> days = new TreeSet<>();
                SortedSet<Instant> blocks = new TreeSet<>();
                int rebuilt = 0;
                for (Instant hour : hours) {
                    if (hour.isBefore(horizon)) {
                        continue; // its partition is gone or about to go
                    }
                    rebuildHour(c, hour);
                    accounts.foldHour(c, hour, taken.receivedSince(hour), now);
                    blocks.add(StatsPlan.blockOf(hour));
                    rebuilt++;
                    Instant day = hour.truncatedTo(ChronoUnit.DAYS);
                    if (day.isBefore(today)) {
                        days.add(day);
                    }
                }
                if (first) {
                    // past days never rolled up: yesterday right after midnight, or days without events
                    Set<Instant> rolled = queries.rolledDays(c, horizon, today);
                    for (Instant d = horizon; d.isBefore(today); d = d.plus(Duration.ofDays(1))) {
                        if (!rolled.contains(d)) {
                            days.add(d);
                        }
                    }
                }
                for (Instant block : blocks) {
                    merge(c, 'h', 'b', block, StatsPlan.BLOCK);
                }
                SortedSet<Instant> weeks = new TreeSet<>();
                for (Instant day : days) {
                    rebuildDay(c, day, now);
                    weeks.add(StatsPlan.weekOf(day));
                }
                for (Instant week : weeks) {
                    merge(c, 'd', 'w', week, StatsPlan.WEEK);
                }
                if (first && Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) >= 0) {
                    repository.prune(c, horizon);
                    accounts.prune(c, horizon, now);
                    lastPrune = now;
                }
                c.commit();
                return new Result(rebuilt, days.size(), false);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("stats refresh failed", e);
        }
    }

    private record Key(int level, String type, String connector, String pack, String version, String warehouse,
                       String dashboard, String tile) {
    }

    private record FailureKey(int level, String type, String fingerprint, String stage, String errorCode,
                              String connector, String pack, String version, String warehouse) {
    }

    private static final class Counts {
        long attempts;
        long succeeded;
        long failed;
        Instant first;
        Instant last;
        final AccountSketch accounts = new AccountSketch();

        void add(long a, long s, long f, Instant firstSeen, Instant lastSeen) {
            attempts += a;
            succeeded += s;
            failed += f;
            if (firstSeen != null && (first == null || firstSeen.isBefore(first))) {
                first = firstSeen;
            }
            if (lastSeen != null && (last == null || lastSeen.isAfter(last))) {
                last = lastSeen;
            }
        }
    }

    /** Recomputes the hourly rows of one hour from its raw events, at every level. */
    void rebuildHour(Connection c, Instant hour) throws SQLException {
        repository.deleteBucket(c, 'h', hour);
        Map<Key, Counts> counts = new HashMap<>();
        repository.hourEvents(c, hour, (type, connector, pack, version, warehouse, dashboard, tile, hash, a, s, f) -> {
            List<Key> keys = new ArrayList<>(4);
            keys.add(new Key(1, type, connector, pack, version, null, null, null));
            keys.add(new Key(2, type, connector, pack, version, warehouse, null, null));
            if ("render".equals(type)) {
                keys.add(new Key(3, type, connector, pack, version, null, dashboard, tile));
                keys.add(new Key(4, type, connector, pack, version, warehouse, dashboard, tile));
            }
            for (Key k : keys) {
                Counts n = counts.computeIfAbsent(k, x -> new Counts());
                n.add(a, s, f, null, null);
                n.accounts.addHash(hash);
            }
        });
        repository.insertRollups(c, rollupRows('h', hour, counts));

        Map<FailureKey, Counts> failures = new HashMap<>();
        repository.hourFailures(c, hour, (type, fp, stage, code, connector, pack, version, warehouse, hash, n, first, last) -> {
            for (FailureKey k : List.of(new FailureKey(1, type, fp, stage, code, connector, pack, version, null),
                    new FailureKey(2, type, fp, stage, code, connector, pack, version, warehouse))) {
                Counts x = failures.computeIfAbsent(k, y -> new Counts());
                x.add(n, 0, n, first, last);
                x.accounts.addHash(hash);
            }
        });
        repository.insertFailureRollups(c, failureRows('h', hour, failures));
    }

    /** Recomputes the daily rows of one past day by merging its hourly rows, and marks the day complete. */
    void rebuildDay(Connection c, Instant day, Instant now) throws SQLException {
        merge(c, 'h', 'd', day, Duration.ofDays(1));
        repository.markDay(c, day, now);
    }

    /**
     * Recomputes the rows of one coarse bucket ({@code into}: 6-hour block, day or week) by merging the
     * finer rows ({@code from}) of its span. Called in the transaction that rebuilt any of the finer rows,
     * so a coarse row always equals the merge of the current finer rows.
     */
    void merge(Connection c, char from, char into, Instant bucket, Duration span) throws SQLException {
        repository.deleteBucket(c, into, bucket);
        Instant end = bucket.plus(span);
        Map<Key, Counts> counts = new HashMap<>();
        for (RollupRow r : repository.rollups(c, from, bucket, end)) {
            Counts n = counts.computeIfAbsent(new Key(r.level(), r.type(), r.connector(), r.pack(), r.version(),
                    r.warehouse(), r.dashboard(), r.tile()), x -> new Counts());
            n.add(r.attempts(), r.succeeded(), r.failed(), null, null);
            n.accounts.merge(r.accounts());
        }
        repository.insertRollups(c, rollupRows(into, bucket, counts));
        Map<FailureKey, Counts> failures = new HashMap<>();
        for (FailureRollupRow r : repository.failureRollups(c, from, bucket, end)) {
            Counts n = failures.computeIfAbsent(new FailureKey(r.level(), r.type(), r.fingerprint(), r.stage(),
                    r.errorCode(), r.connector(), r.pack(), r.version(), r.warehouse()), x -> new Counts());
            n.add(r.count(), 0, r.count(), r.firstSeen(), r.lastSeen());
            n.accounts.merge(r.accounts());
        }
        repository.insertFailureRollups(c, failureRows(into, bucket, failures));
    }

    private static List<RollupRow> rollupRows(char grain, Instant bucket, Map<Key, Counts> counts) {
        List<RollupRow> rows = new ArrayList<>(counts.size());
        counts.forEach((k, n) -> rows.add(new RollupRow(grain, bucket, k.level(), k.type(), k.connector(), k.pack(),
                k.version(), k.warehouse(), k.dashboard(), k.tile(), n.attempts, n.succeeded, n.failed,
                n.accounts.toBytes())));
        return rows;
    }

    private static List<FailureRollupRow> failureRows(char grain, Instant bucket, Map<FailureKey, Counts> failures) {
        List<FailureRollupRow> rows = new ArrayList<>(failures.size());
        failures.forEach((k, n) -> rows.add(new FailureRollupRow(grain, bucket, k.level(), k.type(), k.fingerprint(),
                k.stage(), k.errorCode(), k.connector(), k.pack(), k.version(), k.warehouse(), n.attempts, n.first,
                n.last, n.accounts.toBytes())));
        return rows;
    }
}
