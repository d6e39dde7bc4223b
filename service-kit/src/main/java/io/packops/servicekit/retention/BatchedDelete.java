package io.packops.servicekit.retention;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * How a retention job deletes: a statement that removes at most {@code batch} rows, repeated until it removes fewer,
 * each run its own short transaction (autocommit). A prune of a million rows so never holds its row locks, or bloats one
 * transaction, for longer than a batch takes; writers touching the same table wait for one batch at most.
 */
public final class BatchedDelete {

    private BatchedDelete() {
    }

    /**
     * Runs {@code sql} until it deletes fewer than {@code batch} rows; returns how many it deleted in all. {@code sql}
     * has its {@code params} first and the batch size ({@code limit ?}) as its last parameter; an {@link Instant}
     * parameter is bound as a UTC timestamp.
     */
    public static long run(DataSource dataSource, String sql, int batch, Object... params) throws SQLException {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, not " + batch);
        }
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    Object p = params[i];
                    ps.setObject(i + 1, p instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : p);
                }
                ps.setInt(params.length + 1, batch);
                int deleted;
                do {
                    deleted = ps.executeUpdate();
                    total += deleted;
                } while (deleted >= batch);
            }
        }
        return total;
    }
}
