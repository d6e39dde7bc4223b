package io.packops.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An embedded PostgreSQL (zonky binaries, no Docker) on a fixed loopback port and data directory, so it can be stopped
 * and started again with every committed row and the services' connection URLs still valid. Commits are synchronous
 * (PostgreSQL's default; zonky turns it off): a commit is on disk when acknowledged. Its output goes to a log.
 */
public final class Postgres implements AutoCloseable {

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private final boolean temporary;
    private EmbeddedPostgres running;

    private Postgres(Path dataDirectory, Path log, boolean temporary) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = Ports.free();
        this.temporary = temporary;
    }

    /** A fresh database in {@code dataDirectory} (wiped first, removed by {@link #close}), started. */
    public static Postgres temporary(Path dataDirectory, Path log) {
        try {
            Stack.deleteTree(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Postgres(dataDirectory, log, true).started();
    }

    /** The database in {@code dataDirectory}, created when it is not there, kept when closed; started. */
    public static Postgres persistent(Path dataDirectory, Path log) {
        return new Postgres(dataDirectory, log, false).started();
    }

    private Postgres started() {
        start();
        return this;
    }

    /** Starts the server on its port and data directory (a restart keeps every committed row). */
    public synchronized void start() {
        if (running != null) {
            throw new IllegalStateException("PostgreSQL is already running");
        }
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            running = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
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

    public Path log() {
        return log;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    /** Stops the server; a temporary database's data is removed (its log stays). */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (temporary) {
                try {
                    Stack.deleteTree(dataDirectory);
                } catch (IOException ignored) {
                    // under a build or temp directory: the next run or a clean removes it
                }
            }
        }
    }
}
