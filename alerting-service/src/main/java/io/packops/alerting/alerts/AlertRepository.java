package io.packops.alerting.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.paging.PageRequest.Routes;
import io.packops.alerting.paging.delivery.SecretSeal;
import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.system.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plain JDBC over {@code alerts} and {@code alert_events}: the lifecycle needs a conditional insert on a
 * partial unique index and row locks ({@code for update}, {@code skip locked}), which an entity model hides.
 * Statements join the caller's transaction (Agroal enlists the connection).
 */
@ApplicationScoped
public class AlertRepository {

    private static final String COLUMNS = """
            id, dedup_key, rule, labels, severity, summary, details, state, owner_known, owner_team, owner_team_name,
            escalation_policy, escalation_repeat, escalation_levels, runbook, runbook_url, fired_at, last_seen_at,
            clear_since, paging_started_at, escalation_round, escalation_level, acknowledged_at, acknowledged_by,
            resolved_at, resolved_by, owner_routes""";

    @Inject
    SecretSeal seal;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    /** Filters of the alert list; null means any. */
    public record Filter(String state, String rule, String connector, String pack) {
    }

    /** The active (firing or acknowledged) alert of a dedup key, locked for the caller's transaction. */
    public Optional<Alert> activeForUpdate(String dedupKey) {
        return one("select " + COLUMNS + " from alerts where dedup_key = ? and state <> 'resolved' for update",
                ps -> ps.setString(1, dedupKey));
    }

    /** The alert, locked for the caller's transaction. */
    public Optional<Alert> forUpdate(long id) {
        return one("select " + COLUMNS + " from alerts where id = ? for update", ps -> ps.setLong(1, id));
    }

    /** The active alert locked, or empty when it is resolved or another replica holds it right now. */
    public Optional<Alert> activeSkipLocked(long id) {
        return one("select " + COLUMNS + " from alerts where id = ? and state <> 'resolved' for update skip locked",
                ps -> ps.setLong(1, id));
    }

    /** The active alert of a dedup key, unlocked (for inhibition checks). */
    public Optional<Alert> active(String dedupKey) {
        return one("select " + COLUMNS + " from alerts where dedup_key = ? and state <> 'resolved'",
                ps -> ps.setString(1, dedupKey));
    }

    public Optional<Alert> find(long id) {
        return one("select " + COLUMNS + " from alerts where id = ?", ps -> ps.setLong(1, id));
    }

    /** The columns the lifecycle changes, in the order {@link #bindChanges} binds them (insert and update alike). */
    private static final String CHANGES = """
            severity, summary, details, state, owner_known, owner_team, owner_team_name, escalation_policy,
            escalation_repeat, escalation_levels, runbook, runbook_url, last_seen_at, clear_since, paging_started_at,
            escalation_round, escalation_level, acknowledged_at, acknowledged_by, resolved_at, resolved_by, owner_routes""";
    private static final String CHANGE_VALUES = "?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb";

    /**
     * Inserts the alert unless its dedup key already has an active one (perhaps inserted concurrently by another
     * replica: the insert waits for that transaction, then does nothing). Returns the new id, or empty.
     */
    public Optional<Long> insertIfNoActive(Alert a) {
        String sql = "insert into alerts (dedup_key, rule, labels, connector, pack, version, fired_at, " + CHANGES + ")"
                + " values (?, ?, ?::jsonb, ?, ?, ?, ?, " + CHANGE_VALUES + ")"
                + " on conflict (dedup_key) where state <> 'resolved' do nothing returning id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a.dedupKey);
            ps.setString(2, a.rule);
            ps.setString(3, write(a.labels));
            ps.setString(4, a.labels.get("connector"));
            ps.setString(5, a.labels.get("pack"));
            ps.setString(6, a.labels.get("version"));
            ps.setObject(7, Jdbc.utc(a.firedAt));
            bindChanges(ps, 8, a);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Writes back what the lifecycle changes (state, ownership, times, escalation position, summary and details). */
    public void update(Alert a) {
        String sql = "update alerts set (" + CHANGES + ") = (" + CHANGE_VALUES + ") where id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(bindChanges(ps, 1, a), a.id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Binds {@link #CHANGES} from {@code from}; returns the next parameter index. */
    private int bindChanges(PreparedStatement ps, int from, Alert a) throws SQLException {
        int i = from;
        ps.setString(i++, a.severity);
        ps.setString(i++, a.summary);
        ps.setString(i++, write(a.details));
        ps.setString(i++, a.state);
        ps.setBoolean(i++, a.ownerKnown);
        ps.setString(i++, a.ownerTeam);
        ps.setString(i++, a.ownerTeamName);
        ps.setString(i++, a.escalationPolicy);
        ps.setInt(i++, a.escalationRepeat);
        ps.setString(i++, write(a.escalationLevels));
        ps.setString(i++, a.runbook);
        ps.setString(i++, a.runbookUrl);
        ps.setObject(i++, Jdbc.utc(a.lastSeenAt));
        ps.setObject(i++, Jdbc.utc(a.clearSince));
        ps.setObject(i++, Jdbc.utc(a.pagingStartedAt));
        ps.setInt(i++, a.escalationRound);
        ps.setInt(i++, a.escalationLevel);
        ps.setObject(i++, Jdbc.utc(a.acknowledgedAt));
        ps.setString(i++, a.acknowledgedBy);
        ps.setObject(i++, Jdbc.utc(a.resolvedAt));
        ps.setString(i++, a.resolvedBy);
        ps.setString(i++, a.routes == null ? null : write(seal.seal(write(a.routes))));
        return i;
    }

    /** Ids of the firing and acknowledged alerts, oldest first (the escalation tick's work list). */
    public List<Long> activeIds() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select id from alerts where state <> 'resolved' order by id")) {
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The active alerts of {@code rules} (any replica fired them, before or since this process started). */
    public List<Alert> activeOfRules(Collection<String> rules) {
        if (rules.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select " + COLUMNS
                     + " from alerts where state <> 'resolved' and rule = any (?) order by id")) {
            ps.setArray(1, c.createArrayOf("text", rules.toArray()));
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(alert(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** How many alerts are active per rule, severity and state (firing, acknowledged): the metrics' gauge. */
    public record ActiveCount(String rule, String severity, String state, long count) {
    }

    public List<ActiveCount> activeCounts() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select rule, severity, state, count(*) from alerts where state <> 'resolved'
                     group by rule, severity, state""")) {
            List<ActiveCount> counts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new ActiveCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Newest first, ids below {@code beforeId} (keyset paging), at most {@code limit}. */
    public List<Alert> list(Filter f, Long beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(" from alerts where id < ?");
        List<String> args = new ArrayList<>();
        if (f.state() != null) {
            sql.append(" and state = ?");
            args.add(f.state());
        }
        if (f.rule() != null) {
            sql.append(" and rule = ?");
            args.add(f.rule());
        }
        if (f.connector() != null) {
            sql.append(" and connector = ?");
            args.add(f.connector());
        }
        if (f.pack() != null) {
            sql.append(" and pack = ?");
            args.add(f.pack());
        }
        sql.append(" order by id desc limit ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, beforeId == null ? Long.MAX_VALUE : beforeId);
            for (String arg : args) {
                ps.setString(i++, arg);
            }
            ps.setInt(i, limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(alert(rs));
                }
            }
            return alerts;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public void addEvent(long alertId, AlertEvent e) {
        String sql = "insert into alert_events (alert_id, at, kind, actor, level, silence_id, detail) values (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, alertId);
            ps.setObject(2, Jdbc.utc(e.at()));
            ps.setString(3, e.kind());
            ps.setString(4, e.actor());
            ps.setObject(5, e.level());
            ps.setObject(6, e.silenceId());
            ps.setString(7, e.detail());
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw failed(ex);
        }
    }

    public List<AlertEvent> events(long alertId) {
        String sql = "select at, kind, actor, level, silence_id, detail from alert_events where alert_id = ? order by id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, alertId);
            List<AlertEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new AlertEvent(Jdbc.instant(rs, 1), rs.getString(2), rs.getString(3),
                            (Integer) rs.getObject(4), rs.getObject(5, UUID.class), rs.getString(6)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<Alert> one(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Alert alert(ResultSet rs) throws SQLException {
        Alert a = new Alert();
        a.id = rs.getLong("id");
        a.dedupKey = rs.getString("dedup_key");
        a.rule = rs.getString("rule");
        a.labels = read(rs.getString("labels"), new TypeReference<Map<String, String>>() { });
        a.severity = rs.getString("severity");
        a.summary = rs.getString("summary");
        a.details = read(rs.getString("details"), new TypeReference<Map<String, Object>>() { });
        a.state = rs.getString("state");
        a.ownerKnown = rs.getBoolean("owner_known");
        a.ownerTeam = rs.getString("owner_team");
        a.ownerTeamName = rs.getString("owner_team_name");
        a.escalationPolicy = rs.getString("escalation_policy");
        a.escalationRepeat = rs.getInt("escalation_repeat");
        a.escalationLevels = read(rs.getString("escalation_levels"), new TypeReference<List<Level>>() { });
        a.runbook = rs.getString("runbook");
        a.runbookUrl = rs.getString("runbook_url");
        a.firedAt = Jdbc.instant(rs, "fired_at");
        a.lastSeenAt = Jdbc.instant(rs, "last_seen_at");
        a.clearSince = Jdbc.instant(rs, "clear_since");
        a.pagingStartedAt = Jdbc.instant(rs, "paging_started_at");
        a.escalationRound = rs.getInt("escalation_round");
        a.escalationLevel = rs.getInt("escalation_level");
        a.acknowledgedAt = Jdbc.instant(rs, "acknowledged_at");
        a.acknowledgedBy = rs.getString("acknowledged_by");
        a.resolvedAt = Jdbc.instant(rs, "resolved_at");
        a.resolvedBy = rs.getString("resolved_by");
        String routes = rs.getString("owner_routes");
        a.routes = routes == null ? null : read(openRoutes(routes), new TypeReference<Routes>() { });
        return a;
    }

    /**
     * The owner routes hold routing keys and webhook URLs, so the column holds them sealed, as a JSON string; a row
     * written before sealing holds the object itself and is read as it is (sealed at its next write).
     */
    private String openRoutes(String jsonb) {
        return jsonb.startsWith("\"") ? seal.open(read(jsonb, new TypeReference<String>() { })) : jsonb;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert store: cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert store: unreadable jsonb", e);
        }
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("alert store: " + e.getMessage(), e);
    }
}
