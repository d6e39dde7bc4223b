package io.packops.alerting.alerts.retention;

import io.packops.alerting.alerts.AlertsTestProfile;
import io.packops.alerting.alerts.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts resolved more than {@code packops.retention.resolved-alerts} (180 days) ago are pruned with their
 * {@code alert_events}; recently resolved, firing and acknowledged alerts stay whatever their age. The clock is the
 * lifecycle tests' {@link TestClock}; rows are written directly, with the times a real history would have.
 */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AlertRetentionTest {

    private static final Instant NOW = Instant.parse("2027-06-01T00:00:00Z");

    @Inject
    AlertRetention retention;
    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void at() {
        clock.set(NOW);
    }

    @Test
    void alertsResolvedMoreThan180DaysAgoGoWithTheirEventsAndOthersStay() throws SQLException {
        long resolvedLongAgo = alert("resolved", daysAgo(400), daysAgo(181));
        long resolvedJustPast = alert("resolved", daysAgo(200), daysAgo(180).minusSeconds(60));
        long resolvedRecently = alert("resolved", daysAgo(400), daysAgo(179));
        long firingForAYear = alert("firing", daysAgo(365), null);
        long acknowledgedOld = alert("acknowledged", daysAgo(300), null);

        long deleted = retention.prune();

        assertThat(deleted).isGreaterThanOrEqualTo(2);
        assertThat(existing("alerts", "id", List.of(resolvedLongAgo, resolvedJustPast))).isEmpty();
        assertThat(existing("alert_events", "alert_id", List.of(resolvedLongAgo, resolvedJustPast))).isEmpty();
        List<Long> kept = List.of(resolvedRecently, firingForAYear, acknowledgedOld);
        assertThat(existing("alerts", "id", kept)).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(existing("alert_events", "alert_id", kept)).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(retention.prune()).as("a second run has nothing left to do").isZero();
    }

    @Test
    void aPruneLargerThanOneBatchRunsStatementAfterStatementUntilDone() throws SQLException {
        List<Long> old = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            old.add(alert("resolved", daysAgo(300 + i), daysAgo(200 + i)));
        }
        long recent = alert("resolved", daysAgo(30), daysAgo(20));

        long deleted = retention.prune(3);

        assertThat(deleted).isGreaterThanOrEqualTo(11);
        assertThat(existing("alerts", "id", old)).isEmpty();
        assertThat(existing("alert_events", "alert_id", old)).isEmpty();
        assertThat(existing("alerts", "id", List.of(recent))).containsExactly(recent);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** An alert in {@code state}, fired and (when resolved) resolved at the times given, with a fired and a note event. */
    private long alert(String state, Instant firedAt, Instant resolvedAt) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into alerts (dedup_key, rule, labels, severity, summary, details, state, owner_known, fired_at,
                                        last_seen_at, resolved_at)
                    values (?, 'install-failure-rate', '{}', 'critical', 'retention test', '{}', ?, true, ?, ?, ?)
                    returning id""")) {
                ps.setString(1, "retention-" + UUID.randomUUID());
                ps.setString(2, state);
                ps.setObject(3, firedAt.atOffset(ZoneOffset.UTC));
                ps.setObject(4, (resolvedAt == null ? firedAt : resolvedAt).atOffset(ZoneOffset.UTC));
                ps.setObject(5, resolvedAt == null ? null : resolvedAt.atOffset(ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            for (String kind : List.of("fired", "note")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into alert_events (alert_id, at, kind, actor) values (?, ?, ?, 'test')")) {
                    ps.setLong(1, id);
                    ps.setObject(2, firedAt.atOffset(ZoneOffset.UTC));
                    ps.setString(3, kind);
                    ps.executeUpdate();
                }
            }
            return id;
        }
    }

    /** Which of {@code ids} still have a row in {@code table} (by {@code column}), once each. */
    private List<Long> existing(String table, String column, List<Long> ids) throws SQLException {
        List<Long> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select distinct " + column + " from " + table + " where " + column
                     + " = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        }
        return found;
    }
}
