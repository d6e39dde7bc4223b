package io.packops.ingest.repository;

import io.packops.ingest.service.StatsDimension;
import io.packops.ingest.service.StatsPlan;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.packops.ingest.repository.Jdbc.bindRanges;
import static io.packops.ingest.repository.Jdbc.instant;
import static io.packops.ingest.repository.Jdbc.odt;
import static io.packops.ingest.repository.Jdbc.rangeCondition;

/**
 * Plain JDBC for stats: reads of raw events and of the rollups for the queries, and the reads and
 * writes of the refresh job. Every method runs on the caller's connection, inside the caller's
 * transaction. Counting reads accounts only as 64-bit hashes ({@code hashtextextended}) or as sketches
 * of them; the only account ids read out are a failure group's few samples ({@link #sampleAccounts}).
 */
@ApplicationScoped
public class StatsRepository {

    /** Whatever the refresh job holds while it rewrites rollups (one job at a time across replicas). */
    private static final long REFRESH_LOCK = 0x7061636b73746174L; // "packstat"

    // ---- rows ------------------------------------------------------------------------------------------

    /** An install/render count row: keys in the order asked for, and the accounts as hashes or sketches. */
    public interface CountRows {
        void row(String[] keys, long attempts, long succeeded, long failed, byte[] hashes, byte[] sketches);
    }

    /** A failure row at (fingerprint, stage, error code, connector, pack, version) granularity. */
    public interface FailureRows {
        void row(String fingerprint, String stage, String errorCode, String connector, String pack, String version,
                 long count, Instant firstSeen, Instant lastSeen, byte[] hashes, byte[] sketches);
    }

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

    /** What a refresh took from the change log for one connector. */
    public record ConnectorChange(String connector, Instant newestOccurredAt, Instant newestReceivedAt) {
    }

    // ---- query side --------------------------------------------------------------------------------------

    /** Hours in {@code [from, to)} that have pending change rows (their rollup is out of date). */
    public Set<Instant> dirtyHours(Connection c, Instant from, Instant to) throws SQLException {
        return instants(c, "select distinct hour from stats_changes where hour >= ? and hour < ?", from, to);
    }

    /** Days starting in {@code [from, to)} whose daily rollup is complete. */
    public Set<Instant> rolledDays(Connection c, Instant from, Instant to) throws SQLException {
        return instants(c, "select day from stats_rollup_days where day >= ? and day < ?", from, to);
    }

    /** Counts of raw events per group over the plan's raw ranges, with each group's distinct account hashes. */
    public void rawCounts(Connection c, List<String> types, List<StatsPlan.Range> ranges,
                          Map<StatsDimension, String> filters, List<StatsDimension> groupBy, CountRows rows)
            throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        String keys = columns(groupBy);
        String sql = "select " + prefix(keys) + "sum(n), sum(s), sum(f), string_agg(int8send(h), ''::bytea)"
                + " from (select " + prefix(keys) + "hashtextextended(account_id, 0) as h, count(*) as n,"
                + " count(*) filter (where outcome = 'succeeded') as s, count(*) filter (where outcome = 'failed') as f"
                + " from events where type = any(?::text[]) and " + rangeCondition(ranges) + filterCondition(filters)
                + " group by " + prefix(keys) + "h) x"
                + (keys.isEmpty() ? "" : " group by " + keys);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("text", types.toArray()));
            i = bindRanges(ps, i, ranges);
            bindFilters(ps, i, filters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int k = groupBy.size();
                    if (rs.getObject(k + 1) == null) {
                        continue; // no group by and no rows: one row of nulls
                    }
                    rows.row(keys(rs, k), rs.getLong(k + 1), rs.getLong(k + 2), rs.getLong(k + 3), rs.getBytes(k + 4), null);
                }
            }
        }
    }

    /**
     * Counts from the rollup rows of the given level and buckets, summed per group; each group's sketches
     * come back length-prefixed and concatenated (one row per group keeps the transfer small).
     */
    public void rollupCounts(Connection c, int level, List<String> types, StatsPlan plan,
                             Map<StatsDimension, String> filters, List<StatsDimension> groupBy, CountRows rows)
            throws SQLException {
        if (plan.rawOnly()) {
            return;
        }
        String keys = columns(groupBy);
        String sql = "select " + prefix(keys) + "sum(attempts), sum(succeeded), sum(failed),"
                + " string_agg(int4send(length(accounts)) || accounts, ''::bytea)"
                + " from stats_rollup where level = ? and type = any(?::text[]) and " + bucketCondition()
                + filterCondition(filters)
                + (keys.isEmpty() ? "" : " group by " + keys);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setInt(i++, level);
            ps.setArray(i++, c.createArrayOf("text", types.toArray()));
            i = bindBuckets(c, ps, i, plan);
            bindFilters(ps, i, filters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int k = groupBy.size();
                    if (rs.getObject(k + 1) == null) {
                        continue;
                    }
                    rows.row(keys(rs, k), rs.getLong(k + 1), rs.getLong(k + 2), rs.getLong(k + 3), null, rs.getBytes(k + 4));
                }
            }
        }
    }

    private static final String FAILURE_KEYS = "failure_fingerprint, stage, error_code, connector, pack, pack_version";

    /** Failed raw events per fingerprint and pack version over the plan's raw ranges. */
    public void rawFailures(Connection c, String type, List<StatsPlan.Range> ranges, Map<StatsDimension, String> filters,
                            FailureRows rows) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        String sql = "select " + FAILURE_KEYS + ", sum(n), min(first_seen), max(last_seen), string_agg(int8send(h), ''::bytea)"
                + " from (select " + FAILURE_KEYS + ", hashtextextended(account_id, 0) as h, count(*) as n,"
                + " min(occurred_at) as first_seen, max(occurred_at) as last_seen"
                + " from events where outcome = 'failed' and type = ? and " + rangeCondition(ranges) + filterCondition(filters)
                + " group by " + FAILURE_KEYS + ", h) x group by " + FAILURE_KEYS;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, type);
            i = bindRanges(ps, i, ranges);
            bindFilters(ps, i, filters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failureRow(rs, rows, true);
                }
            }
        }
    }

    /** Failures from the rollup rows of the given level and buckets (see {@link #rollupCounts}). */
    public void rollupFailures(Connection c, int level, String type, StatsPlan plan,
                               Map<StatsDimension, String> filters, FailureRows rows) throws SQLException {
        if (plan.rawOnly()) {
            return;
        }
        String sql = "select " + FAILURE_KEYS + ", sum(events), min(first_seen), max(last_seen),"
                + " string_agg(int4send(length(accounts)) || accounts, ''::bytea)"
                + " from stats_failure_rollup where level = ? and type = ? and " + bucketCondition()
                + filterCondition(filters) + " group by " + FAILURE_KEYS;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setInt(i++, level);
            ps.setString(i++, type);
            i = bindBuckets(c, ps, i, plan);
            bindFilters(ps, i, filters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    failureRow(rs, rows, false);
                }
            }
        }
    }

    /**
     * The error message of one event per (fingerprint, occurred_at) pair, i.e. of each group's most
     * recent event: one index probe per pair.
     */
    public Map<String, String> sampleMessages(Connection c, String type, Map<String, Instant> lastSeenByFingerprint,
                                              Map<StatsDimension, String> filters) throws SQLException {
        Map<String, String> out = new HashMap<>();
        if (lastSeenByFingerprint.isEmpty()) {
            return out;
        }
        List<String> fingerprints = new ArrayList<>(lastSeenByFingerprint.keySet());
        String sql = "select failure_fingerprint, occurred_at, error_message from events"
                + " where outcome = 'failed' and type = ? and failure_fingerprint = any(?::text[])"
                + " and occurred_at = any(?::timestamptz[])" + filterCondition(filters);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, type);
            ps.setArray(i++, c.createArrayOf("text", fingerprints.toArray()));
            ps.setArray(i++, c.createArrayOf("text", fingerprints.stream()
                    .map(f -> lastSeenByFingerprint.get(f).toString()).toArray()));
            bindFilters(ps, i, filters);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String fp = rs.getString(1);
                    if (lastSeenByFingerprint.get(fp).equals(instant(rs, 2)) && rs.getString(3) != null) {
                        out.putIfAbsent(fp, rs.getString(3));
                    }
                }
            }
        }
        return out;
    }

    /** How many accounts a failure group names, and among how many of its newest failures they are looked for. */
    public static final int SAMPLE_ACCOUNTS = 10;
    public static final int SAMPLE_ACCOUNTS_SCAN = 50;

    /** A failure group on a page: its fingerprint and the first and last time it was seen in the window. */
    public record SeenGroup(String fingerprint, Instant firstSeen, Instant lastSeen) {
    }

    /**
     * Per fingerprint, up to {@link #SAMPLE_ACCOUNTS} distinct accounts among its {@link #SAMPLE_ACCOUNTS_SCAN}
     * newest failed events in {@code [from, to)} (filters applied), most recently failed first: one backwards,
     * index-only scan of at most that many entries per group on the page ({@code events_failures}, which V10 made
     * cover the account and the filter columns), whatever the window or the group's size. Each scan starts at
     * the group's last failure and stops at its first, so only the day partitions between them are read.
     */
    public Map<String, List<String>> sampleAccounts(Connection c, String type, Collection<SeenGroup> groups,
                                                    Instant from, Map<StatsDimension, String> filters)
            throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        if (groups.isEmpty()) {
            return out;
        }
        String sql = "select g.fp, s.account_id"
                + " from unnest(?::text[], ?::timestamptz[], ?::timestamptz[]) with ordinality as g(fp, first_seen, last_seen, n)"
                + " cross join lateral (select account_id, max(occurred_at) as last from ("
                + "   select account_id, occurred_at from events where outcome = 'failed' and type = ?"
                + "   and failure_fingerprint = g.fp and occurred_at >= greatest(?, g.first_seen) and occurred_at <= g.last_seen"
                + filterCondition(filters)
                + "   order by occurred_at desc limit ?) newest"
                + "  group by account_id order by last desc, account_id limit ?) s"
                + " order by g.n, s.last desc, s.account_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setArray(i++, c.createArrayOf("text", groups.stream().map(SeenGroup::fingerprint).toArray()));
            ps.setArray(i++, c.createArrayOf("text", groups.stream().map(g -> g.firstSeen().toString()).toArray()));
            ps.setArray(i++, c.createArrayOf("text", groups.stream().map(g -> g.lastSeen().toString()).toArray()));
            ps.setString(i++, type);
            ps.setObject(i++, odt(from));
            i = bindFilters(ps, i, filters);
            ps.setInt(i++, SAMPLE_ACCOUNTS_SCAN);
            ps.setInt(i, SAMPLE_ACCOUNTS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Newest occurred/received time per connector: the folded table plus changes not folded yet. */
    public List<ConnectorChange> freshness(Connection c) throws SQLException {
        String sql = """
                select connector, max(newest_occurred_at), max(newest_received_at) from (
                    select connector, newest_occurred_at, newest_received_at from stats_freshness
                    union all
                    select connector, newest_occurred_at, newest_received_at from stats_changes
                     where connector is not null and events > 0
                ) x group by connector order by connector
                """;
        List<ConnectorChange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ConnectorChange(rs.getString(1), instant(rs, 2), instant(rs, 3)));
            }
        }
        return out;
    }

    // ---- refresh side ------------------------------------------------------------------------------------

    /** Takes the transaction-scoped refresh lock; false when another refresh holds it. */
    public boolean tryRefreshLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            ps.setLong(1, REFRESH_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
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
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, odt(hour));
            ps.setObject(2, odt(hour.plusSeconds(3600)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11));
                }
            }
        }
    }

    /** Failed raw events of one hour per fingerprint, pack version, warehouse and account hash. */
    public void hourFailures(Connection c, Instant hour, HourFailureRows rows) throws SQLException {
        String sql = """
                select type, failure_fingerprint, stage, error_code, connector, pack, pack_version, warehouse,
                       hashtextextended(account_id, 0), count(*), min(occurred_at), max(occurred_at)
                  from events where outcome = 'failed' and occurred_at >= ? and occurred_at < ?
                 group by 1, 2, 3, 4, 5, 6, 7, 8, 9
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, odt(hour));
            ps.setObject(2, odt(hour.plusSeconds(3600)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10),
                            instant(rs, 11), instant(rs, 12));
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
        List<RollupRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, String.valueOf(grain));
            ps.setObject(2, odt(from));
            ps.setObject(3, odt(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RollupRow('h', null, rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                            rs.getLong(10), rs.getLong(11), rs.getBytes(12)));
                }
            }
        }
        return out;
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
        List<FailureRollupRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, String.valueOf(grain));
            ps.setObject(2, odt(from));
            ps.setObject(3, odt(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new FailureRollupRow('h', null, rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getLong(10), instant(rs, 11), instant(rs, 12), rs.getBytes(13)));
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
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (RollupRow r : rows) {
                ps.setString(1, String.valueOf(r.grain()));
                ps.setObject(2, odt(r.bucket()));
                ps.setInt(3, r.level());
                ps.setString(4, r.type());
                ps.setString(5, r.connector());
                ps.setString(6, r.pack());
                ps.setString(7, r.version());
                ps.setString(8, r.warehouse());
                ps.setString(9, r.dashboard());
                ps.setString(10, r.tile());
                ps.setLong(11, r.attempts());
                ps.setLong(12, r.succeeded());
                ps.setLong(13, r.failed());
                ps.setBytes(14, r.accounts());
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (FailureRollupRow r : rows) {
                ps.setString(1, String.valueOf(r.grain()));
                ps.setObject(2, odt(r.bucket()));
                ps.setInt(3, r.level());
                ps.setString(4, r.type());
                ps.setString(5, r.fingerprint());
                ps.setString(6, r.stage());
                ps.setString(7, r.errorCode());
                ps.setString(8, r.connector());
                ps.setString(9, r.pack());
                ps.setString(10, r.version());
                ps.setString(11, r.warehouse());
                ps.setLong(12, r.count());
                ps.setObject(13, odt(r.firstSeen()));
                ps.setObject(14, odt(r.lastSeen()));
                ps.setBytes(15, r.accounts());
                ps.addBatch();
            }
            ps.executeBatch();
        }
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

    // ---- helpers -----------------------------------------------------------------------------------------

    private static void failureRow(ResultSet rs, FailureRows rows, boolean hashes) throws SQLException {
        byte[] accounts = rs.getBytes(10);
        rows.row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getLong(7), instant(rs, 8), instant(rs, 9), hashes ? accounts : null, hashes ? null : accounts);
    }

    private static Set<Instant> instants(Connection c, String sql, Instant from, Instant to) throws SQLException {
        Set<Instant> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, odt(from));
            ps.setObject(2, odt(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(instant(rs, 1));
                }
            }
        }
        return out;
    }

    private static String columns(List<StatsDimension> dims) {
        return dims.stream().map(StatsDimension::column).collect(Collectors.joining(", "));
    }

    private static String prefix(String columns) {
        return columns.isEmpty() ? "" : columns + ", ";
    }

    private static String bucketCondition() {
        return "((grain = 'h' and bucket = any(?::timestamptz[])) or (grain = 'b' and bucket = any(?::timestamptz[]))"
                + " or (grain = 'd' and bucket = any(?::timestamptz[])) or (grain = 'w' and bucket = any(?::timestamptz[])))";
    }

    private static int bindBuckets(Connection c, PreparedStatement ps, int i, StatsPlan plan) throws SQLException {
        for (List<Instant> buckets : List.of(plan.hours(), plan.blocks(), plan.days(), plan.weeks())) {
            ps.setArray(i++, c.createArrayOf("text", buckets.stream().map(Instant::toString).toArray()));
        }
        return i;
    }

    private static String filterCondition(Map<StatsDimension, String> filters) {
        return filters.keySet().stream().map(d -> " and " + d.column() + " = ?").collect(Collectors.joining());
    }

    private static int bindFilters(PreparedStatement ps, int i, Map<StatsDimension, String> filters) throws SQLException {
        for (String value : filters.values()) {
            ps.setString(i++, value);
        }
        return i;
    }

    private static String[] keys(ResultSet rs, int n) throws SQLException {
        String[] keys = new String[n];
        for (int k = 0; k < n; k++) {
            keys[k] = rs.getString(k + 1);
        }
        return keys;
    }
}
