package io.packops.ingest.stats;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stats tests write events straight into the {@code events} table (the column set is V2's) and run
 * against a fixed clock, so every window, bucket and expected count is known in advance.
 */
public final class StatsTestData {

    /** "Now" for every stats test: not on an hour boundary, so windows have partial hours at both ends. */
    public static final Instant NOW = Instant.parse("2026-03-15T10:30:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static final AtomicLong IDS = new AtomicLong();

    private StatsTestData() {
    }

    /** One row of {@code events}. */
    public record Event(String type, Instant occurredAt, Instant receivedAt, String account, String connector, String pack,
                 String version, String warehouse, String outcome, String stage, String dashboard, String tile,
                 String errorCode, String errorMessage, String fingerprint) {

        public Event failed(String stage, String errorCode, String message, String fingerprint) {
            return new Event(type, occurredAt, receivedAt, account, connector, pack, version, warehouse, "failed",
                    stage, dashboard, tile, errorCode, message, fingerprint);
        }

        public Event receivedAt(Instant t) {
            return new Event(type, occurredAt, t, account, connector, pack, version, warehouse, outcome, stage,
                    dashboard, tile, errorCode, errorMessage, fingerprint);
        }
    }

    public static Event install(String occurredAt, String account, String pack, String version, String warehouse) {
        return install(Instant.parse(occurredAt), account, pack, version, warehouse);
    }

    public static Event install(Instant occurredAt, String account, String pack, String version, String warehouse) {
        return new Event("install", occurredAt, occurredAt.plusSeconds(2), account, connectorOf(pack), pack, version,
                warehouse, "succeeded", "run", null, null, null, null, null);
    }

    public static Event render(String occurredAt, String account, String pack, String version, String warehouse,
                        String dashboard, String tile) {
        Instant t = Instant.parse(occurredAt);
        return new Event("render", t, t.plusSeconds(2), account, connectorOf(pack), pack, version, warehouse,
                "succeeded", null, dashboard, tile, null, null, null);
    }

    /** The sample packs are named {@code <connector>-<what>}. */
    public static String connectorOf(String pack) {
        return pack.substring(0, pack.indexOf('-'));
    }

    /** Empties events and every stats table, and makes sure the days around {@link #NOW} have partitions. */
    public static void reset(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate events, stats_changes, stats_rollup, stats_failure_rollup, stats_rollup_days, stats_freshness,"
                    + " account_installs, account_events");
            try (PreparedStatement ps = c.prepareStatement("select ensure_event_partitions(?, ?)")) {
                LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
                ps.setObject(1, today.minusDays(40));
                ps.setObject(2, today.plusDays(2));
                ps.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void insert(DataSource ds, List<Event> events) {
        String sql = """
                insert into events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                                    warehouse, outcome, stage, dashboard, tile, error_code, error_message,
                                    failure_fingerprint, duration_ms)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Event e : events) {
                ps.setString(1, "evt-" + IDS.incrementAndGet());
                ps.setString(2, e.type());
                ps.setObject(3, OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC));
                ps.setObject(4, OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC));
                ps.setString(5, e.account());
                ps.setString(6, e.connector());
                ps.setString(7, e.pack());
                ps.setString(8, e.version());
                ps.setString(9, e.warehouse());
                ps.setString(10, e.outcome());
                ps.setString(11, e.stage());
                ps.setString(12, e.dashboard());
                ps.setString(13, e.tile());
                ps.setString(14, e.errorCode());
                ps.setString(15, e.errorMessage());
                ps.setString(16, e.fingerprint());
                ps.setInt(17, 1200);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Instant ago(Duration d) {
        return NOW.minus(d);
    }
}
