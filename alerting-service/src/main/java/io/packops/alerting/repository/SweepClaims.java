package io.packops.alerting.repository;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.ScheduledExecution;
import io.quarkus.scheduler.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Makes a scheduled sweep run once per interval across replicas. Every replica's scheduler fires on its own phase:
 * a lock held only for the sweep's transaction lets each replica sweep in turn, so two replicas swept twice per
 * interval. Instead time is cut into slots of one interval counted from the epoch, and a run first claims the slot
 * its scheduled fire time falls in ({@code sweep_claims}, one row per sweep): only the first run of a slot sweeps.
 * Each replica fires once per slot, so every slot is swept exactly once while any replica runs; a cron schedule fires
 * at the same instant everywhere, so its slot is the same on every replica. A replica whose clock is a little off
 * shifts which replica wins, never how often it runs.
 */
@ApplicationScoped
public class SweepClaims {

    private static final String CLAIM = """
            insert into sweep_claims (sweep, slot_start, claimed_at, claimed_by) values (?, ?, clock_timestamp(), ?)
            on conflict (sweep) do update
              set slot_start = excluded.slot_start, claimed_at = excluded.claimed_at, claimed_by = excluded.claimed_by
              where sweep_claims.slot_start < excluded.slot_start
            returning claimed_at
            """;

    /** What a claim gave: this run sweeps, another run already swept the slot, or the claim could not be written. */
    public enum Claim { CLAIMED, TAKEN, FAILED }

    /** Who claims: the host (the pod's name on Kubernetes) and the process, as in the claims table and the logs. */
    static final String REPLICA = replica();

    @Inject
    DataSource dataSource;

    /**
     * Claims the slot of this scheduled run of {@code sweep} (scheduled every {@code interval}): {@code TAKEN} when
     * another run already swept that slot, {@code FAILED} when the claim cannot be written (the database is down:
     * the sweep could not run either). Without an interval or a fire time every run is claimed.
     */
    public Claim claim(String sweep, Duration interval, Instant scheduledFireTime) {
        if (interval == null || interval.isZero() || interval.isNegative() || scheduledFireTime == null) {
            return Claim.CLAIMED;
        }
        Instant slot = slotStart(scheduledFireTime, interval);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, sweep);
            ps.setObject(2, slot.atOffset(ZoneOffset.UTC));
            ps.setString(3, REPLICA);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Log.debugf("sweep %s slot %s claimed by %s at %s", sweep, slot, REPLICA,
                            rs.getObject(1, OffsetDateTime.class).toInstant());
                    return Claim.CLAIMED;
                }
            }
            Log.debugf("sweep %s slot %s not claimed by %s: already swept", sweep, slot, REPLICA);
            return Claim.TAKEN;
        } catch (SQLException e) {
            Log.warnf("sweep %s not run: its claim failed (%s)", sweep, e.getMessage());
            return Claim.FAILED;
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
     * An {@code every} value as Quarkus reads it ({@code 15s}, {@code 500ms}, {@code 2m}, {@code 1d}, {@code PT15S}); zero for
     * {@code off}, {@code disabled} or anything unreadable.
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
