package io.packops.ingest.accounts;

import io.packops.ingest.accounts.AccountViews.AccountEvent;
import io.packops.ingest.accounts.AccountViews.LatestInstall;
import io.packops.ingest.stats.StatsPlan;
import io.packops.ingest.stats.refresh.AccountRollups;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.packops.ingest.stats.StatsRepository.bindRanges;
import static io.packops.ingest.system.Jdbc.instant;
import static io.packops.ingest.system.Jdbc.odt;
import static io.packops.ingest.stats.StatsRepository.rangeCondition;

/**
 * Plain JDBC over the per-account tables (V10): {@code account_installs}, the latest install of each
 * (account, connector, pack), and {@code account_events}, each account's newest events. The stats refresh
 * folds every hour it rebuilds into them ({@link #foldHour}); reads join them with {@code current_schemas}.
 * Every method runs on the caller's connection, inside the caller's transaction.
 */
@ApplicationScoped
public class AccountRepository implements AccountRollups {

    /** How many of its newest install and render events are kept per account, */
    public static final int RECENT_EVENTS = 20;
    /** and how far back they may lie. */
    public static final Duration RECENT_WINDOW = Duration.ofDays(7);
    private static final Duration HOUR = Duration.ofHours(1);

    /** Newest first: occurred_at, then eventId in byte order (as the SQL below orders with collate "C"). */
    public static final Comparator<InstallRow> NEWEST_INSTALL_FIRST = Comparator
            .comparing(InstallRow::at).thenComparing(InstallRow::eventId).reversed();
    public static final Comparator<AccountEvent> NEWEST_EVENT_FIRST = Comparator
            .comparing(AccountEvent::occurredAt).thenComparing(AccountEvent::eventId).reversed();

    /** One item of the account list: an account of one connector. */
    public record Key(String accountId, String connector) {
    }

    /**
     * The filters of the account list. {@code pack}, {@code version} and {@code outcome} apply to the latest
     * install of a pack, which must have happened at {@code since} or later; null means no filter.
     */
    public record Filter(String connector, String warehouse, String pack, String version, String outcome, Instant since) {

        boolean onInstalls() {
            return pack != null || version != null || outcome != null;
        }
    }

    /** A latest install, with what orders two of them. */
    public record InstallRow(String accountId, String connector, String pack, String version, String warehouse,
                             String outcome, String stage, String errorCode, Instant at, String eventId) {

        public LatestInstall view() {
            return new LatestInstall(pack, version, outcome, stage, errorCode, at);
        }
    }

    /** An account's current schema of one connector. */
    public record SchemaRow(String accountId, String connector, String warehouse, String fingerprint, Instant capturedAt) {
    }

    // ---- refresh side ----------------------------------------------------------------------------------------

    /**
     * Folds the events of one hour received at {@code receivedSince} or later (those not folded yet: see
     * {@code RollupRepository#takeChanges}) into both tables (the refresh job, once at a time, in the transaction
     * that rebuilds the hour's rollups). Events older than {@link #RECENT_WINDOW} are not kept per account, so an
     * hour older than that only updates the latest installs.
     */
    @Override
    public void foldHour(Connection c, Instant hour, Instant receivedSince, Instant now) throws SQLException {
        foldInstalls(c, hour, receivedSince);
        if (hour.plus(HOUR).isAfter(now.minus(RECENT_WINDOW))) {
            Set<String> touched = foldEvents(c, hour, receivedSince);
            if (!touched.isEmpty()) {
                trimEvents(c, touched);
            }
        }
    }

    /**
     * The newest of these installs per (account, connector, pack) replaces the stored one when it is newer. The
     * stored row is looked up per candidate first (a scalar subquery, so always by primary key), which keeps an
     * older candidate from locking and rewriting the row, as {@code on conflict do update where} would.
     */
    private void foldInstalls(Connection c, Instant hour, Instant receivedSince) throws SQLException {
        String sql = """
                insert into account_installs as a (account_id, connector, pack, pack_version, warehouse, outcome, stage,
                                                   error_code, occurred_at, event_id)
                select e.account_id, e.connector, e.pack, e.pack_version, e.warehouse, e.outcome, e.stage, e.error_code,
                       e.occurred_at, e.event_id
                  from (select distinct on (account_id, connector, pack)
                               account_id, connector, pack, pack_version, warehouse, outcome, stage, error_code,
                               occurred_at, event_id collate "C" as event_id
                          from events
                         where type = 'install' and occurred_at >= ? and occurred_at < ? and received_at >= ?
                         order by account_id, connector, pack, occurred_at desc, event_id collate "C" desc) e
                 where coalesce((select (x.occurred_at, x.event_id) < (e.occurred_at, e.event_id) from account_installs x
                                  where x.account_id = e.account_id and x.connector = e.connector and x.pack = e.pack), true)
                on conflict (account_id, connector, pack) do update
                   set pack_version = excluded.pack_version, warehouse = excluded.warehouse, outcome = excluded.outcome,
                       stage = excluded.stage, error_code = excluded.error_code, occurred_at = excluded.occurred_at,
                       event_id = excluded.event_id
                 where (excluded.occurred_at, excluded.event_id) > (a.occurred_at, a.event_id)
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindHour(ps, 1, hour);
            ps.setObject(3, odt(receivedSince));
            ps.executeUpdate();
        }
    }

    /**
     * Adds each account's newest of these events (at most {@link #RECENT_EVENTS}) that would be among its newest
     * stored ones: a candidate must be newer than the account's {@link #RECENT_EVENTS}th newest row (a short index
     * scan per candidate, as a scalar subquery so the planner cannot turn it into a join), so folding a backlog of
     * older hours does not insert rows only to trim them again. Returns the accounts that got rows (they may now
     * hold too many).
     */
    private Set<String> foldEvents(Connection c, Instant hour, Instant receivedSince) throws SQLException {
        String sql = """
                insert into account_events (account_id, occurred_at, event_id, type, connector, pack, pack_version, warehouse,
                                            outcome, stage, dashboard, tile, error_code, error_message)
                select account_id, occurred_at, event_id, type, connector, pack, pack_version, warehouse, outcome, stage,
                       dashboard, tile, error_code, error_message
                  from (select account_id, occurred_at, event_id collate "C" as event_id, type, connector, pack,
                               pack_version, warehouse, outcome, stage, dashboard, tile, error_code, error_message,
                               row_number() over (partition by account_id
                                                  order by occurred_at desc, event_id collate "C" desc) as n
                          from events where occurred_at >= ? and occurred_at < ? and received_at >= ?) e
                 where n <= ?
                   and coalesce((e.occurred_at, e.event_id) > (select y.occurred_at, y.event_id from account_events y
                                                                where y.account_id = e.account_id
                                                                order by y.occurred_at desc, y.event_id desc
                                                                offset ? limit 1), true)
                on conflict do nothing
                returning account_id
                """;
        Set<String> touched = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindHour(ps, 1, hour);
            ps.setObject(3, odt(receivedSince));
            ps.setInt(4, RECENT_EVENTS);
            ps.setInt(5, RECENT_EVENTS - 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    touched.add(rs.getString(1));
                }
            }
        }
        return touched;
    }

    /**
     * Keeps the newest {@link #RECENT_EVENTS} of each of these accounts. The rows to go are found per account by
     * its primary key and deleted by ctid, so the plan never joins the whole table.
     */
    private void trimEvents(Connection c, Set<String> accounts) throws SQLException {
        String sql = """
                delete from account_events where ctid = any(array(
                    select y.ctid from unnest(?::text[]) as t(account_id)
                     cross join lateral (select ctid from account_events y where y.account_id = t.account_id
                                          order by occurred_at desc, event_id desc offset ?) y))
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", accounts.toArray()));
            ps.setInt(2, RECENT_EVENTS);
            ps.executeUpdate();
        }
    }

    /**
     * Latest installs older than the retention horizon (their partition is gone), and events older than
     * {@link #RECENT_WINDOW}.
     */
    @Override
    public int prune(Connection c, Instant horizon, Instant now) throws SQLException {
        int n = 0;
        for (var table : List.of(Map.entry("account_installs", horizon), Map.entry("account_events", now.minus(RECENT_WINDOW)))) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table.getKey() + " where occurred_at < ?")) {
                ps.setObject(1, odt(table.getValue()));
                n += ps.executeUpdate();
            }
        }
        return n;
    }

    // ---- read side -------------------------------------------------------------------------------------------

    /**
     * Up to {@code limit} (account, connector) keys after {@code after} in (accountId, connector) order that pass
     * the filter. Without install filters the accounts come from both current schemas and latest installs, each
     * side walked in key order by its primary key and cut at {@code limit}, so a page reads about {@code limit}
     * rows per side. A {@code warehouse} is the current schema's; an account without a schema matches when one
     * of its latest installs was on that warehouse.
     */
    public List<Key> keys(Connection c, Filter f, Key after, int limit) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql;
        if (f.onInstalls()) {
            StringBuilder where = new StringBuilder("(a.account_id, a.connector) > (?, ?) and a.occurred_at >= ?");
            params.addAll(List.of(after.accountId(), after.connector(), odt(f.since())));
            condition(where, params, "a.connector", f.connector());
            condition(where, params, "a.pack", f.pack());
            condition(where, params, "a.pack_version", f.version());
            condition(where, params, "a.outcome", f.outcome());
            if (f.warehouse() != null) {
                where.append(" and coalesce((select s.warehouse from current_schemas s where s.account_id = a.account_id"
                        + " and s.connector = a.connector), a.warehouse) = ?");
                params.add(f.warehouse());
            }
            sql = "select a.account_id, a.connector from account_installs a where " + where
                    + " group by a.account_id, a.connector order by a.account_id, a.connector limit ?";
            params.add(limit);
        } else {
            StringBuilder schemas = new StringBuilder("(s.account_id, s.connector) > (?, ?)");
            params.addAll(List.of(after.accountId(), after.connector()));
            condition(schemas, params, "s.connector", f.connector());
            condition(schemas, params, "s.warehouse", f.warehouse());
            params.add(limit);
            StringBuilder installs = new StringBuilder("(a.account_id, a.connector) > (?, ?)");
            params.addAll(List.of(after.accountId(), after.connector()));
            condition(installs, params, "a.connector", f.connector());
            if (f.warehouse() != null) {
                installs.append(" and a.warehouse = ? and not exists (select 1 from current_schemas s"
                        + " where s.account_id = a.account_id and s.connector = a.connector)");
                params.add(f.warehouse());
            }
            params.add(limit);
            params.add(limit);
            sql = "select account_id, connector from ("
                    + "(select s.account_id, s.connector from current_schemas s where " + schemas
                    + " order by s.account_id, s.connector limit ?)"
                    + " union "
                    + "(select a.account_id, a.connector from account_installs a where " + installs
                    + " group by a.account_id, a.connector order by a.account_id, a.connector limit ?)"
                    + ") k order by account_id, connector limit ?";
        }
        List<Key> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new Key(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return keys;
    }

    /** The current schemas of these accounts, every connector. */
    public List<SchemaRow> schemas(Connection c, Collection<String> accountIds) throws SQLException {
        String sql = """
                select account_id, connector, warehouse, fingerprint, captured_at
                  from current_schemas where account_id = any(?)
                """;
        List<SchemaRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", accountIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SchemaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs, 5)));
                }
            }
        }
        return rows;
    }

    /** The stored latest installs of these accounts, every connector and pack. */
    public List<InstallRow> installs(Connection c, Collection<String> accountIds) throws SQLException {
        String sql = """
                select account_id, connector, pack, pack_version, warehouse, outcome, stage, error_code, occurred_at, event_id
                  from account_installs where account_id = any(?)
                """;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("text", accountIds.toArray()));
            return installRows(ps);
        }
    }

    /**
     * One account's latest install per (connector, pack) among its raw events in {@code ranges}: the hours the
     * refresh has not folded yet.
     */
    public List<InstallRow> rawInstalls(Connection c, String accountId, List<StatsPlan.Range> ranges) throws SQLException {
        if (ranges.isEmpty()) {
            return List.of();
        }
        String sql = "select distinct on (connector, pack) account_id, connector, pack, pack_version, warehouse, outcome,"
                + " stage, error_code, occurred_at, event_id"
                + " from events where account_id = ? and type = 'install' and " + rangeCondition(ranges)
                + " order by connector, pack, occurred_at desc, event_id collate \"C\" desc";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            bindRanges(ps, 2, ranges);
            return installRows(ps);
        }
    }

    /** One account's stored newest events at {@code since} or later, newest first. */
    public List<AccountEvent> recentEvents(Connection c, String accountId, Instant since) throws SQLException {
        String sql = "select " + EVENT_COLUMNS + " from account_events where account_id = ? and occurred_at >= ?"
                + " order by occurred_at desc, event_id desc limit ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setObject(2, odt(since));
            ps.setInt(3, RECENT_EVENTS);
            return eventRows(ps);
        }
    }

    /** One account's newest raw events in {@code ranges} (hours not folded yet), newest first. */
    public List<AccountEvent> rawEvents(Connection c, String accountId, List<StatsPlan.Range> ranges) throws SQLException {
        if (ranges.isEmpty()) {
            return List.of();
        }
        String sql = "select " + EVENT_COLUMNS + " from events where account_id = ? and " + rangeCondition(ranges)
                + " order by occurred_at desc, event_id collate \"C\" desc limit ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            int i = bindRanges(ps, 2, ranges);
            ps.setInt(i, RECENT_EVENTS);
            return eventRows(ps);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static final String EVENT_COLUMNS = "event_id, type, connector, pack, pack_version, warehouse, outcome,"
            + " stage, dashboard, tile, error_code, error_message, occurred_at";

    private static List<AccountEvent> eventRows(PreparedStatement ps) throws SQLException {
        List<AccountEvent> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new AccountEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), instant(rs, 13)));
            }
        }
        return rows;
    }

    private static List<InstallRow> installRows(PreparedStatement ps) throws SQLException {
        List<InstallRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new InstallRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), instant(rs, 9),
                        rs.getString(10)));
            }
        }
        return rows;
    }

    private static void condition(StringBuilder where, List<Object> params, String column, String value) {
        if (value != null) {
            where.append(" and ").append(column).append(" = ?");
            params.add(value);
        }
    }

    private static void bindHour(PreparedStatement ps, int i, Instant hour) throws SQLException {
        ps.setObject(i, odt(hour));
        ps.setObject(i + 1, odt(hour.plus(HOUR)));
    }
}
