package io.packops.ingest.stats.refresh;

import io.packops.ingest.stats.StatsRepository.ConnectorChange;

import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.packops.ingest.system.Jdbc.instant;
import static io.packops.ingest.system.Jdbc.odt;

/**
 * Plain JDBC for the refresh job (the write side of stats): takes the change log, reads an hour's raw events, and
 * rewrites the rollups, rolled-day marks and freshness. Every method runs on the refresh's connection, inside its
 * transaction; the job runs once at a time across replicas (service-kit's OncePerInterval).
 */
@ApplicationScoped
public class RollupRepository {

    /** One group of raw events of an hour, at the finest granularity, for the refresh job. */
    public interface HourEventRows {
        void row(String type, String connector, String pack, String version, String warehouse, String dashboard,
                 String tile, long accountHash, long attempts, long succeeded, long failed);
    }

    /** One group of failed raw events of an hour, for the refresh job. */
    public interface HourFailureRows {
        void row(String type, String fingerprint, String stage, String errorCode, String connector, String pack,
                 String version, String warehouse, long accountHash, long count, Instant firstSeen, Instant lastSeen);
    }

    public record RollupRow(char grain, Instant bucket, int level, String type, String connector, String pack,
                            String version, String warehouse, String dashboard, String tile,
                            long attempts, long succeeded, long failed, byte[] accounts) {
    }

    public record FailureRollupRow(char grain, Instant bucket, int level, String type, String fingerprint,
                                   String stage, String errorCode, String connector, String pack, String version,
                                   String warehouse, long count, Instant firstSeen, Instant lastSeen, byte[] accounts) {
    }

    /** Up to {@code limit} dirty hours, newest first (recent stats matter most during a backlog). */
    public List<Instant> pendingHours(Connection c, int limit) throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select hour from stats_changes group by hour order by hour desc limit ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(instant(rs, 1));
                }
            }
        }
        return out;
    }

    /**
     * What a refresh took from the change log: per connector the newest times (for freshness), and per hour the
     * oldest {@code received_at} of the events written since the hour was last folded ({@link Instant#EPOCH} when
     * that is unknown: change rows written before V10, or by an update or delete).
     */
    public record Taken(List<ConnectorChange> connectors, Map<Instant, Instant> receivedSince) {

        /** From which {@code received_at} the events of this hour are new to the per-account fold. */
        public Instant receivedSince(Instant hour) {
            return receivedSince.getOrDefault(hour, Instant.EPOCH);
        }
    }

    /**
     * Deletes the change rows of these hours that are committed now and returns what they carried. Rows of
     * transactions still open stay, so their hours stay dirty. A change row commits with its events, so the
     * events a refresh has not seen yet all belong to the rows it takes now (or later): their oldest
     * {@code received_at} bounds them from below.
     */
    public Taken takeChanges(Connection c, Collection<Instant> hours) throws SQLException {
        String sql = """
                with taken as (delete from stats_changes where hour = any(?::timestamptz[]) returning *)
                select hour, connector, max(newest_occurred_at) filter (where events > 0),
                       max(newest_received_at) filter (where events > 0), min(oldest_received_at),
                       bool_or(oldest_received_at is null)
                  from taken group by hour, connector
                """;
        Map<String, ConnectorChange> connectors = new HashMap<>();
        Map<Instant, Instant> since = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", hours.stream().map(Instant::toString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant hour = instant(rs, 1);
                    String connector = rs.getString(2);
                    Instant occurred = instant(rs, 3);
                    Instant received = instant(rs, 4);
                    if (connector != null && occurred != null) {
                        connectors.merge(connector, new ConnectorChange(connector, occurred, received),
                                (a, b) -> new ConnectorChange(connector, later(a.newestOccurredAt(), b.newestOccurredAt()),
                                        later(a.newestReceivedAt(), b.newestReceivedAt())));
                    }
                    Instant oldest = rs.getBoolean(6) ? Instant.EPOCH : instant(rs, 5);
                    since.merge(hour, oldest, (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        return new Taken(List.copyOf(connectors.values()), since);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }

    public void foldFreshness(Connection c, List<ConnectorChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        String sql = """
                insert into stats_freshness (connector, newest_occurred_at, newest_received_at) values (?, ?, ?)
                on conflict (connector) do update set
                    newest_occurred_at = greatest(stats_freshness.newest_occurred_at, excluded.newest_occurred_at),
                    newest_received_at = greatest(stats_freshness.newest_received_at, excluded.newest_received_at)
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (ConnectorChange ch : changes.stream().sorted((a, b) -> a.connector().compareTo(b.connector())).toList()) {
                ps.setString(1, ch.connector());
                ps.setObject(2, odt(ch.newestOccurredAt()));
                ps.setObject(3, odt(ch.newestReceivedAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Raw events of one hour grouped at the finest granularity (all dimensions and the account hash). */
    public void hourEvents(Connection c, Instant hour, HourEventRows rows) throws SQLException {
        String sql = """
                select type, connector, pack, pack_version, warehouse, dashboard, tile, hashtextextended(account_id, 0),
                       count(*), count(*) filter (where outcome = 'succeeded'), count(*) filter (where outcome = 'failed')
                  from events where occurred_at >= ? and occurred_at < ?
                 group by 1, 2, 3, 4, 5, 6, 7, 8
                """;
        inHour(c, sql, hour, rs -> rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
    }

    /** Failed raw events of one hour per fingerprint, pack version, warehouse and account hash. */
    public void hourFailures(Connection c, Instant hour, HourFailureRows rows) throws SQLException {
        String sql = """
                select type, failure_fingerprint, stage, error_code, connector, pack, pack_version, warehouse,
                       hashtextextended(account_id, 0), count(*), min(occurred_at), max(occurred_at)
                  from events where outcome = 'failed' and occurred_at >= ? and occurred_at < ?
                 group by 1, 2, 3, 4, 5, 6, 7, 8, 9
                """;
        inHour(c, sql, hour, rs -> rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10),
                instant(rs, 11), instant(rs, 12)));
    }

    private interface EachRow {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} (which binds the hour's start and end) and hands over each row. */
    private static void inHour(Connection c, String sql, Instant hour, EachRow each) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, odt(hour));
            ps.setObject(2, odt(hour.plusSeconds(3600)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.accept(rs);
                }
            }
        }
    }

    /** Hourly rollup rows of {@code [from, to)}, to be merged into a daily row. */
    public List<RollupRow> hourlyRollups(Connection c, Instant from, Instant to) throws SQLException {
        return rollups(c, 'h', from, to);
    }

    /** Rollup rows of one grain with buckets in {@code [from, to)}, to be merged into a coarser row. */
    public List<RollupRow> rollups(Connection c, char grain, Instant from, Instant to) throws SQLException {
        String sql = """
                select level, type, connector, pack, pack_version, warehouse, dashboard, tile, attempts, succeeded, failed, accounts
                  from stats_rollup where grain = ? and bucket >= ? and bucket < ?
                """;
        return inBuckets(c, sql, grain, from, to, rs -> new RollupRow('h', null, rs.getInt(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getBytes(12)));
    }

    public List<FailureRollupRow> hourlyFailureRollups(Connection c, Instant from, Instant to) throws SQLException {
        return failureRollups(c, 'h', from, to);
    }

    public List<FailureRollupRow> failureRollups(Connection c, char grain, Instant from, Instant to) throws SQLException {
        String sql = """
                select level, type, failure_fingerprint, stage, error_code, connector, pack, pack_version, warehouse,
                       events, first_seen, last_seen, accounts
                  from stats_failure_rollup where grain = ? and bucket >= ? and bucket < ?
                """;
        return inBuckets(c, sql, grain, from, to, rs -> new FailureRollupRow('h', null, rs.getInt(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getLong(10), instant(rs, 11), instant(rs, 12), rs.getBytes(13)));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** The rows of a rollup table ({@code sql} binds grain, from and to) of one grain with buckets in {@code [from, to)}. */
    private static <T> List<T> inBuckets(Connection c, String sql, char grain, Instant from, Instant to, Row<T> row)
            throws SQLException {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, String.valueOf(grain));
            ps.setObject(2, odt(from));
            ps.setObject(3, odt(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        }
        return out;
    }

    /** Removes the rollup rows of one bucket of one grain (both tables). */
    public void deleteBucket(Connection c, char grain, Instant bucket) throws SQLException {
        for (String table : List.of("stats_rollup", "stats_failure_rollup")) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where grain = ? and bucket = ?")) {
                ps.setString(1, String.valueOf(grain));
                ps.setObject(2, odt(bucket));
                ps.executeUpdate();
            }
        }
    }

    public void insertRollups(Connection c, List<RollupRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                insert into stats_rollup (grain, bucket, level, type, connector, pack, pack_version, warehouse,
                                          dashboard, tile, attempts, succeeded, failed, accounts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        insertBatch(c, sql, rows, (ps, r) -> {
            int i = bindKey(ps, r.grain(), r.bucket(), r.level(), r.type(), r.connector(), r.pack(), r.version(),
                    r.warehouse(), r.dashboard(), r.tile());
            ps.setLong(i, r.attempts());
            ps.setLong(i + 1, r.succeeded());
            ps.setLong(i + 2, r.failed());
            ps.setBytes(i + 3, r.accounts());
        });
    }

    public void insertFailureRollups(Connection c, List<FailureRollupRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String sql = """
                insert into stats_failure_rollup (grain, bucket, level, type, failure_fingerprint, stage, error_code,
                                                  connector, pack, pack_version, warehouse, events, first_seen,
                                                  last_seen, accounts)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        insertBatch(c, sql, rows, (ps, r) -> {
            int i = bindKey(ps, r.grain(), r.bucket(), r.level(), r.type(), r.fingerprint(), r.stage(), r.errorCode(),
                    r.connector(), r.pack(), r.version(), r.warehouse());
            ps.setLong(i, r.count());
            ps.setObject(i + 1, odt(r.firstSeen()));
            ps.setObject(i + 2, odt(r.lastSeen()));
            ps.setBytes(i + 3, r.accounts());
        });
    }

    private interface Bind<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private static <T> void insertBatch(Connection c, String sql, List<T> rows, Bind<T> bind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T r : rows) {
                bind.bind(ps, r);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Binds a rollup row's leading columns (grain, bucket, level, then its text dimensions); returns the next index. */
    private static int bindKey(PreparedStatement ps, char grain, Instant bucket, int level, String... texts) throws SQLException {
        ps.setString(1, String.valueOf(grain));
        ps.setObject(2, odt(bucket));
        ps.setInt(3, level);
        int i = 4;
        for (String text : texts) {
            ps.setString(i++, text);
        }
        return i;
    }

    /** Records that the daily rows of {@code day} are complete. */
    public void markDay(Connection c, Instant day, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into stats_rollup_days (day, refreshed_at) values (?, ?)
                on conflict (day) do update set refreshed_at = excluded.refreshed_at
                """)) {
            ps.setObject(1, odt(day));
            ps.setObject(2, odt(now));
            ps.executeUpdate();
        }
    }

    /** Drops rollups, rolled-day marks, change rows and freshness older than the retention horizon. */
    public int prune(Connection c, Instant horizon) throws SQLException {
        int n = 0;
        for (String sql : List.of(
                "delete from stats_rollup where bucket < ?",
                "delete from stats_failure_rollup where bucket < ?",
                "delete from stats_rollup_days where day < ?",
                "delete from stats_changes where hour < ?",
                "delete from stats_freshness where greatest(newest_occurred_at, newest_received_at) < ?")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, odt(horizon));
                n += ps.executeUpdate();
            }
        }
        return n;
    }
}
