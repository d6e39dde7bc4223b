package io.packops.servicekit.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means PostgreSQL cannot be reached right now (stopped, restarting, refusing or dropping
 * connections, pool exhausted): the request may succeed later, so it is answered 503 with {@code Retry-After},
 * not 500. SQLSTATE class 08 (connection exception), 57P (operator intervention: shutdown, cannot connect now),
 * 53300 (too many connections), and Agroal's "acquisition timeout".
 */
public final class DatabaseUnavailable {

    /** What the 503 asks clients to wait: about the time PostgreSQL needs to restart. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof SQLException e && unavailable(e)) {
                return true;
            }
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
            return true;
        }
        String message = e.getMessage();
        return message != null && message.contains("acquisition timeout");
    }
}
