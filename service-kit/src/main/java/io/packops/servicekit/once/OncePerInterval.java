package io.packops.servicekit.once;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The one way a packops service runs a job "once per interval across replicas" (a sweep, a stats refresh, a rule
 * evaluation). Two guards, both in the service's own PostgreSQL schema:
 * <ul>
 *   <li><b>A slot claim.</b> Every replica's scheduler fires on its own phase, so a lock alone would let each replica
 *       run the job in turn. Time is cut into slots of one interval from the epoch; a scheduled run first claims the
 *       slot its fire time falls in ({@code sweep_claims}, one row per job) and only the first run of a slot works.
 *       A cron schedule fires at the same instant everywhere, so its slot is the same on every replica.</li>
 *   <li><b>A session lock.</b> While the work runs, a session-level advisory lock named after the job is held on a
 *       connection of its own, so a run never overlaps another replica's (or this replica's previous, slow) run. No
 *       transaction spans the work: it calls peers over HTTP, for longer than a transaction may live, and writes in
 *       short transactions of its own. A replica that dies mid-run loses its session, and the lock with it.</li>
 * </ul>
 * A service using this has the {@code sweep_claims} table in its schema:
 * {@code create table sweep_claims (sweep text primary key, slot_start timestamptz not null, claimed_at timestamptz
 * not null, claimed_by text not null)}.
 */
@ApplicationScoped
public class OncePerInterval {

    /** What became of a run: it worked, its slot was already worked, another run held the job, or the database failed. */
    public enum Outcome { RAN, TAKEN, BUSY, FAILED }

    /** A run's outcome and, when it ran, what the work returned. */
    public record Run<T>(Outcome outcome, T value) {
        public boolean ran() {
            return outcome == Outcome.RAN;
        }
    }

    /** The database could not be asked for the lock or the claim: the job cannot run (and could not write either). */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String CLAIM = """
            insert into sweep_claims (sweep, slot_start, claimed_at, claimed_by) values (?, ?, clock_timestamp(), ?)
            on conflict (sweep) do update
              set slot_start = excluded.slot_start, claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by
              where sweep_claims.slot_start < excluded.slot_start
            returning claimed_at
            """;

    /** Who claims: the host (the pod's name on Kubernetes) and the process, as in the claims table and the logs. */
    public static final String REPLICA = replica();

    @Inject
    DataSource dataSource;

    /**
     * A scheduled run of {@code job} (scheduled every {@code interval}, fired for {@code scheduledFireTime}): claims its
     * slot, then runs {@code work} holding the job's lock. {@code TAKEN} when another run already worked that slot,
     * {@code BUSY} when another run holds the job right now, {@code FAILED} when the database cannot be asked. Without
     * an interval or a fire time only the lock is taken.
     */
    public <T> Run<T> scheduled(String job, Duration interval, Instant scheduledFireTime, Supplier<T> work) {
        Outcome claim = claim(job, interval, scheduledFireTime);
        if (claim != Outcome.RAN) {
            return new Run<>(claim, null);
        }
        try {
            return exclusively(job, work);
        } catch (Unavailable e) {
            Log.warnf("%s not run: %s", job, e.getMessage());
            return new Run<>(Outcome.FAILED, null);
        }
    }

    /**
     * Runs {@code work} unless another run of {@code job} (another replica's, or an earlier one here still going) holds
     * it: then {@code BUSY}, without running it. For runs that are not scheduled slots (a poll that saw a change, a test).
     *
     * @throws Unavailable when the database cannot be asked for the lock
     */
    public <T> Run<T> exclusively(String job, Supplier<T> work) {
        long key = lockKey(job);
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new Unavailable("no database connection for the lock of " + job + ": " + e.getMessage(), e);
        }
        boolean locked = false;
        try {
            locked = call(c, "select pg_try_advisory_lock(?)", key);
            if (!locked) {
                Log.debugf("%s not run by %s: another run holds it", job, REPLICA);
                return new Run<>(Outcome.BUSY, null);
            }
            return new Run<>(Outcome.RAN, work.get());
        } catch (SQLException e) {
            throw new Unavailable("the lock of " + job + " could not be taken: " + e.getMessage(), e);
        } finally {
            release(c, job, key, locked);
        }
    }

    /** Claims the slot of a scheduled run: {@code RAN} (go), {@code TAKEN} or {@code FAILED}. */
    Outcome claim(String job, Duration interval, Instant scheduledFireTime) {
        if (interval == null || interval.isZero() || interval.isNegative() || scheduledFireTime == null) {
            return Outcome.RAN;
        }
        Instant slot = slotStart(scheduledFireTime, interval);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, job);
            ps.setObject(2, slot.atOffset(ZoneOffset.UTC));
            ps.setString(3, REPLICA);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Log.debugf("%s slot %s claimed by %s", job, slot, REPLICA);
                    return Outcome.RAN;
                }
            }
            Log.debugf("%s slot %s not claimed by %s: already worked", job, slot, REPLICA);
            return Outcome.TAKEN;
        } catch (SQLException e) {
            Log.warnf("%s not run: its slot claim failed (%s)", job, e.getMessage());
            return Outcome.FAILED;
        }
    }

    /** The advisory lock key of a job: the first 8 bytes of the SHA-256 of its name. */
    public static long lockKey(String job) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("packops-job:" + job).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** The start of the interval slot {@code at} falls in (slots of {@code interval} from the epoch). */
    public static Instant slotStart(Instant at, Duration interval) {
        long millis = interval.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), millis) * millis);
    }

    /** The interval of a cron-scheduled run: from its scheduled fire time to the trigger's next one (zero when unknown). */
    public static Duration interval(ScheduledExecution execution) {
        Trigger trigger = execution == null ? null : execution.getTrigger();
        Instant now = execution == null ? null : execution.getScheduledFireTime();
        Instant next = trigger == null ? null : trigger.getNextFireTime();
        if (now == null || next == null || !next.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, next);
    }

    /**
     * An {@code every} value as Quarkus reads it ({@code 15s}, {@code 500ms}, {@code 2m}, {@code 1d}, {@code PT15S}); zero
     * for {@code off}, {@code disabled} or anything unreadable.
     */
    public static Duration every(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            if (v.endsWith("MS") && v.length() > 2) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.startsWith("P")) {
                return Duration.parse(v);
            }
            return v.endsWith("D") ? Duration.parse("P" + v) : Duration.parse("PT" + v);
        } catch (DateTimeParseException | NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static void release(Connection c, String job, long key, boolean locked) {
        try {
            if (locked) {
                call(c, "select pg_advisory_unlock(?)", key);
            }
            c.close();
        } catch (SQLException | RuntimeException e) {
            // a pooled connection still holding the lock would block every later run: drop the connection, which ends
            // its session and so releases the lock
            Log.warnf("lock of %s: release failed (%s); closing its connection", job, e.getMessage());
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

    private static String replica() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
