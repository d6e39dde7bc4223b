package io.packops.ingest.stats.refresh;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The per-account tables the stats refresh keeps with its rollups (accounts' {@code AccountRepository}): declared here
 * so the refresh folds them in its own transaction without stats depending on the account feature.
 */
public interface AccountRollups {

    /** Folds the events of {@code hour} received at {@code receivedSince} or later; runs in the refresh's transaction. */
    void foldHour(Connection c, Instant hour, Instant receivedSince, Instant now) throws SQLException;

    /** Drops what lies before {@code horizon} (retention); returns the rows deleted. */
    int prune(Connection c, Instant horizon, Instant now) throws SQLException;
}
