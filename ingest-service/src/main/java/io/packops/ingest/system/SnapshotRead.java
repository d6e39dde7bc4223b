package io.packops.ingest.system;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs a read on its own connection inside one repeatable-read transaction, so every query of it sees the
 * same snapshot (which hours are dirty, the rollups, the raw events, the per-account tables). JIT is off:
 * these are small, index-driven queries, and compiling them would cost more than it saves.
 */
@ApplicationScoped
public class SnapshotRead {

    @Inject
    DataSource dataSource;

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** {@code what} names the read in the exception a failure becomes. */
    public <T> T run(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            try {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                try (Statement s = c.createStatement()) {
                    s.execute("set local jit = off");
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed", e);
        }
    }
}
