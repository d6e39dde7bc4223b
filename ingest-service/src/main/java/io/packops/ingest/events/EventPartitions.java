package io.packops.ingest.events;

import io.packops.ingest.system.IngestConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Keeps the daily event partitions in place: every day from the retention horizon to a few days
 * ahead exists, and days past retention are dropped whole (cheap, unlike deleting rows).
 */
@ApplicationScoped
public class EventPartitions {

    @Inject
    DataSource dataSource;
    @Inject
    IngestConfig config;
    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent event) {
        maintain();
    }

    @Scheduled(every = "1h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void hourly() {
        maintain();
    }

    /** Creates missing partitions and drops expired ones; returns {created, dropped}. */
    public int[] maintain() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate oldest = oldestRetainedDay();
        try (Connection c = dataSource.getConnection()) {
            int created = call(c, "select ensure_event_partitions(?, ?)", oldest, today.plusDays(config.partitionsAhead()));
            int dropped = call(c, "select drop_event_partitions_before(?)", oldest, null);
            if (created > 0 || dropped > 0) {
                Log.infof("event partitions: %d created, %d dropped (retention %s)", created, dropped, config.retention());
            }
            return new int[] {created, dropped};
        } catch (SQLException e) {
            throw new IllegalStateException("could not maintain event partitions", e);
        }
    }

    /** The first day whose events are kept. */
    public LocalDate oldestRetainedDay() {
        return clock.instant().minus(config.retention()).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static int call(Connection c, String sql, LocalDate a, LocalDate b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, a);
            if (b != null) {
                ps.setObject(2, b);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
