package io.packops.systemtests.harness;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedded PostgreSQL (zonky binaries, no Docker) that can be stopped and started again on the same port and
 * data directory, so the services' connection URLs stay valid across a database restart. Its log is kept in
 * {@code postgres.log} next to the services' logs.
 */
public final class Postgres implements AutoCloseable {

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private EmbeddedPostgres running;

    private Postgres(Path dataDirectory, Path log, int port) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = port;
    }

    /** A fresh database in {@code dataDirectory} (wiped first) on a free loopback port, started. */
    public static Postgres start(Path dataDirectory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            deleteTree(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Postgres pg = new Postgres(dataDirectory, log, Ports.free());
        pg.start();
        return pg;
    }

    /** Starts the server on its port and data directory (a restart keeps every committed row). */
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("PostgreSQL is already running");
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // PostgreSQL's defaults (zonky turns synchronous_commit off): a commit is on disk when acknowledged
                    .setServerConfig("synchronous_commit", "on")
                    .setPGStartupWait(Duration.ofSeconds(90))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start PostgreSQL on port " + port + "; see " + log, e);
        }
    }

    /** {@code pg_ctl stop -m fast}: open sessions are cut, committed data stays. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
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
    public java.time.Instant instant(String sql, Object... params) {
        List<List<Object>> rows = rows(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1 || rows.get(0).get(0) == null) {
            throw new IllegalStateException(sql + " gave " + rows);
        }
        Object v = rows.get(0).get(0);
        return v instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) v).toInstant();
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

    /** Stops the server and removes its data (the log stays). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            try {
                deleteTree(dataDirectory);
            } catch (IOException ignored) {
                // under target/: the next run or mvn clean removes it
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
