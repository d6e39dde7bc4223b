package io.packops.ingest.schemas;

import io.packops.ingest.events.FixedClockProfile;
import io.packops.ingest.packs.RegistryFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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
 * Schema snapshot history older than {@code packops.retention.schema-history} (90 days) is pruned; recent history and
 * each account's current snapshot, however old, stay. Runs at {@link FixedClockProfile#NOW}; rows are written
 * directly, with the times a real history would have.
 */
@QuarkusTest
@TestProfile(FixedClockProfile.class)
class SchemaRetentionTest {

    private static final Instant NOW = FixedClockProfile.NOW;

    @Inject
    SchemaRetention retention;
    @Inject
    DataSource dataSource;

    @Test
    void supersededHistoryOlderThan90DaysGoesAndTheCurrentSnapshotStaysHoweverOld() throws SQLException {
        String active = RegistryFixtures.unique("acct-active");
        String quiet = RegistryFixtures.unique("acct-quiet");
        UUID old200 = snapshot(active, daysAgo(200), daysAgo(200), false);
        UUID old91 = snapshot(active, daysAgo(91), daysAgo(91), false);
        UUID recent89 = snapshot(active, daysAgo(89), daysAgo(89), false);
        UUID current = snapshot(active, daysAgo(2), daysAgo(2), true);
        // an account that stopped sending snapshots a year ago keeps its last one, and loses the one before
        UUID quietBefore = snapshot(quiet, daysAgo(400), daysAgo(400), false);
        UUID quietCurrent = snapshot(quiet, daysAgo(365), daysAgo(365), true);
        // captured long ago but received yesterday (a late upload): still within retention
        UUID lateUpload = snapshot(active, daysAgo(300), daysAgo(1), false);

        long deleted = retention.prune();

        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(existing(List.of(old200, old91, quietBefore))).isEmpty();
        assertThat(existing(List.of(recent89, current, quietCurrent, lateUpload)))
                .containsExactlyInAnyOrder(recent89, current, quietCurrent, lateUpload);
        assertThat(retention.prune()).as("a second run has nothing left to do").isZero();
    }

    @Test
    void aPruneLargerThanOneBatchRunsStatementAfterStatementUntilDone() throws SQLException {
        String account = RegistryFixtures.unique("acct-many");
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            old.add(snapshot(account, daysAgo(100 + i), daysAgo(100 + i), false));
        }
        UUID current = snapshot(account, daysAgo(5), daysAgo(5), true);

        long deleted = retention.prune(3);

        assertThat(deleted).isGreaterThanOrEqualTo(11);
        assertThat(existing(old)).isEmpty();
        assertThat(existing(List.of(current))).containsExactly(current);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    /** A snapshot of {@code account} with a schema of its own; {@code current}: the account's current schema. */
    private UUID snapshot(String account, Instant capturedAt, Instant receivedAt, boolean current) throws SQLException {
        UUID id = UUID.randomUUID();
        String hex = id.toString().replace("-", "");
        String fingerprint = "sha256:" + hex + hex;
        try (Connection c = dataSource.getConnection()) {
            update(c, "insert into schema_bodies (fingerprint, relation_count, column_count, body, first_seen_at) "
                    + "values (?, 0, 0, '[]', ?) on conflict do nothing", fingerprint, capturedAt);
            update(c, "insert into schema_snapshots (id, account_id, connector, warehouse, captured_at, received_at, "
                    + "fingerprint) values (?, ?, 'stripe', 'snowflake', ?, ?, ?)", id, account, capturedAt, receivedAt, fingerprint);
            if (current) {
                update(c, "insert into current_schemas (account_id, connector, warehouse, fingerprint, snapshot_id, "
                        + "captured_at, received_at) values (?, 'stripe', 'snowflake', ?, ?, ?, ?)",
                        account, fingerprint, id, capturedAt, receivedAt);
            }
        }
        return id;
    }

    private List<UUID> existing(List<UUID> ids) throws SQLException {
        List<UUID> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select id from schema_snapshots where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return found;
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                Object p = params[i];
                ps.setObject(i + 1, p instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : p);
            }
            ps.executeUpdate();
        }
    }
}
