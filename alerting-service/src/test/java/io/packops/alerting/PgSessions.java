package io.packops.alerting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** What the other database sessions hold right now, asked on a connection of the test's own. */
public final class PgSessions {

    private PgSessions() {
    }

    /** Sessions other than {@code c}'s left "idle in transaction" (a transaction open while the caller does something else). */
    public static long idleInTransaction(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                select count(*) from pg_stat_activity
                 where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'""");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The lock modes other sessions hold on {@code table} or its rows (pg_locks joined to pg_class). */
    public static List<String> tableLocks(Connection c, String table) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                select l.mode from pg_locks l join pg_class r on r.oid = l.relation
                 where r.relname = ? and l.pid <> pg_backend_pid()""")) {
            ps.setString(1, table);
            List<String> modes = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    modes.add(rs.getString(1));
                }
            }
            return modes;
        }
    }

    /** Sessions holding the session-level advisory lock {@code key}. */
    public static long advisoryLockHolders(Connection c, long key) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                select count(*) from pg_locks where locktype = 'advisory' and granted
                  and ((classid::bigint << 32) | objid::bigint) = ?""")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
