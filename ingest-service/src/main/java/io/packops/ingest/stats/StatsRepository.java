package io.packops.ingest.stats;

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

import static io.packops.ingest.system.Jdbc.instant;
import static io.packops.ingest.system.Jdbc.odt;

/**
 * Plain JDBC for the stats queries (the read side): raw events and the rollups, read on the caller's connection
 * inside the caller's repeatable-read snapshot. The refresh job's reads and writes are {@code refresh.RollupRepository}'s.
 * Counting reads accounts only as 64-bit hashes ({@code hashtextextended}) or as sketches of them; the only account
 * ids read out are a failure group's few samples ({@link #sampleAccounts}).
 */
@ApplicationScoped
public class StatsRepository {
    /** An install/render count row: keys in the order asked for, and the accounts as hashes or sketches. */
    public interface CountRows {
        void row(String[] keys, long attempts, long succeeded, long failed, byte[] hashes, byte[] sketches);
    }

    /** A failure row at (fingerprint, stage, error code, connector, pack, version) granularity. */
    public interface FailureRows {
        void row(String fingerprint, String stage, String errorCode, String connector, String pack, String version,
                 long count, Instant firstSeen, Instant lastSeen, byte[] hashes, byte[] sketches);
    }

    /** What a refresh took from the change log for one connector. */
    public record ConnectorChange(String connector, Instant newestOccurredAt, Instant newestReceivedAt) {
    }

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

    /** {@code occurred_at} in any of the half-open ranges, parenthesised; bind with {@link #bindRanges}. */
    public static String rangeCondition(List<StatsPlan.Range> ranges) {
        return ranges.stream().map(r -> "(occurred_at >= ? and occurred_at < ?)")
                .collect(Collectors.joining(" or ", "(", ")"));
    }

    /** Binds the ranges of {@link #rangeCondition} from parameter {@code i}; returns the next parameter index. */
    public static int bindRanges(PreparedStatement ps, int i, List<StatsPlan.Range> ranges) throws SQLException {
        for (StatsPlan.Range r : ranges) {
            ps.setObject(i++, odt(r.from()));
            ps.setObject(i++, odt(r.to()));
        }
        return i;
    }
}
