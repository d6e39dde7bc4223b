package io.packops.systemtests.harness;

import io.packops.launcher.Postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack's PostgreSQL as the tests see it: stopped and started again on the same port and data directory (the
 * launcher's {@link Postgres}), and queried for the assertions.
 */
public final class Database {

    private final Postgres postgres;

    Database(Postgres postgres) {
        this.postgres = postgres;
    }

    /** {@code pg_ctl stop -m fast}: open sessions are cut, committed data stays. */
    public void stop() {
        postgres.stop();
    }

    /** Starts the server again on its port and data directory. */
    public void start() {
        postgres.start();
    }

    public boolean isRunning() {
        return postgres.isRunning();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    /** The single number {@code sql} selects. */
    public long number(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(sql + " gave " + rows);
        }
        return ((Number) rows.get(0).get(0)).longValue();
    }

    /** The single timestamp {@code sql} selects. */
    public Instant instant(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1 || rows.get(0).get(0) == null) {
            throw new IllegalStateException(sql + " gave " + rows);
        }
        Object v = rows.get(0).get(0);
        return v instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) v).toInstant();
    }

    /** Every row {@code sql} selects, each as its column values. */
    public List<List<Object>> rows(String sql, Object... params) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
