package io.packops.alerting.repository;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps one sweep from running on two replicas at once, without a transaction around the sweep. A sweep calls
 * ingest and ownership over HTTP (with timeouts and retries) for longer than a transaction may live: a
 * {@code pg_try_advisory_xact_lock} held the sweep's transaction open across those calls, the transaction
 * manager's timeout rolled it back under load, and the sweep's next write failed ("Enlisted connection used
 * without active transaction"). Instead a session-level advisory lock is taken on a connection of its own, held
 * while the sweep runs (its writes are short transactions of their own) and released before the connection goes
 * back to the pool. A replica that dies mid-sweep loses its session, and PostgreSQL releases the lock with it.
 */
@ApplicationScoped
public class SweepLock {

    /** The database could not be asked for the lock: the sweep cannot run (and could not write anything either). */
    public static class LockUnavailableException extends RuntimeException {
        LockUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Inject
    DataSource dataSource;

    /**
     * Runs {@code work} holding the advisory lock {@code key}; empty, without running it, when another session
     * (another replica's sweep, or this replica's previous run still going) holds the lock.
     */
    public <T> Optional<T> runExclusively(long key, Supplier<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new LockUnavailableException("no database connection for the sweep lock: " + e.getMessage(), e);
        }
        boolean locked = false;
        try {
            locked = call(c, "select pg_try_advisory_lock(?)", key);
            if (!locked) {
                return Optional.empty();
            }
            return Optional.ofNullable(work.get());
        } catch (SQLException e) {
            throw new LockUnavailableException("the sweep lock could not be taken: " + e.getMessage(), e);
        } finally {
            release(c, key, locked);
        }
    }

    private static void release(Connection c, long key, boolean locked) {
        try {
            if (locked) {
                call(c, "select pg_advisory_unlock(?)", key);
            }
            c.close();
        } catch (SQLException | RuntimeException e) {
            // a pooled connection still holding the lock would block every later sweep: drop the connection,
            // which ends its session and so releases the lock
            Log.warnf("sweep lock %x: release failed (%s); closing its connection", key, e.getMessage());
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the session is gone either way
            }
        }
    }

    private static boolean call(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
