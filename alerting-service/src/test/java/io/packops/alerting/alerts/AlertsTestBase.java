package io.packops.alerting.alerts;

import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/** Empty alert tables, the clock at {@link TestClock#START}, fresh doubles; helpers to observe and read back. */
abstract class AlertsTestBase {

    @Inject
    AlertService alerts;

    @Inject
    EscalationTicker ticker;

    @Inject
    TestClock clock;

    @Inject
    RecordingPager pager;

    @Inject
    FakeOwnership ownership;

    @Inject
    FakeIngest ingest;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void freshState() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("truncate alerts, alert_events, silences restart identity cascade");
        }
        clock.set(TestClock.START);
        pager.clear();
        ownership.reset();
        ingest.reset();
    }

    static Observation firing(String version) {
        return observation(version, true);
    }

    static Observation clear(String version) {
        return observation(version, false);
    }

    static Observation observation(String version, boolean firing) {
        return new Observation("install-failure-rate",
                Map.of("connector", "stripe", "pack", "stripe-revenue", "version", version), "critical",
                "stripe-revenue " + version + ": 42% of installs fail", Map.of("failureRate", 0.42, "installs", 120),
                firing);
    }

    void minutes(long m) {
        clock.advance(Duration.ofMinutes(m));
    }

    long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
