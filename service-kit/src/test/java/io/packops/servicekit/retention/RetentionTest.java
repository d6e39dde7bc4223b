package io.packops.servicekit.retention;

import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retention jobs run once per interval slot across replicas, and delete in bounded batches until done. */
@QuarkusTest
class RetentionTest {

    @Inject
    Retention retention;
    @Inject
    DataSource dataSource;

    @BeforeEach
    void tables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table if not exists sweep_claims (sweep text primary key, slot_start timestamptz not null, "
                    + "claimed_at timestamptz not null, claimed_by text not null)");
            s.execute("delete from sweep_claims");
            s.execute("create table if not exists retention_probe (id bigint generated always as identity primary key, "
                    + "at timestamptz not null)");
            s.execute("delete from retention_probe");
        }
    }

    @Test
    void aScheduledPruneRunsOncePerSlotWhateverTheReplicasPhase() throws SQLException {
        Instant slot = Instant.parse("2026-12-07T10:00:00Z"); // prune-every: 1h
        rows(5, Duration.ofDays(3));
        rows(2, Duration.ofHours(1));

        retention.scheduled(at(slot.plusSeconds(3)));
        assertThat(count()).as("old rows pruned, recent kept").isEqualTo(2);

        rows(4, Duration.ofDays(3));
        retention.scheduled(at(slot.plusSeconds(1800))); // another replica, same slot
        assertThat(count()).as("the slot was already worked").isEqualTo(6);

        retention.scheduled(at(slot.plusSeconds(3600 + 5)));
        assertThat(count()).isEqualTo(2);
    }

    @Test
    void aDeleteLargerThanOneBatchRunsStatementAfterStatement() throws SQLException {
        rows(10, Duration.ofDays(2));
        rows(1, Duration.ZERO);
        String sql = "delete from retention_probe where id in (select id from retention_probe where at < ? limit ?)";

        assertThat(BatchedDelete.run(dataSource, sql, 3, Instant.now().minus(Duration.ofDays(1)))).isEqualTo(10);
        assertThat(count()).isEqualTo(1);
        assertThatThrownBy(() -> BatchedDelete.run(dataSource, sql, 0, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void rows(int n, Duration ago) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into retention_probe (at) values (?)")) {
            for (int i = 0; i < n; i++) {
                ps.setObject(1, Instant.now().minus(ago).atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
        }
    }

    private long count() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from retention_probe")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ScheduledExecution at(Instant fire) {
        return new ScheduledExecution() {
            @Override
            public Trigger getTrigger() {
                return null;
            }

            @Override
            public Instant getFireTime() {
                return fire;
            }

            @Override
            public Instant getScheduledFireTime() {
                return fire;
            }
        };
    }
}
