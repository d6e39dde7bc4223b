package io.packops.ingest.events;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores events with plain JDBC, in one transaction per batch: first the batch's eventIds are claimed
 * in {@code event_keys} ({@code insert ... on conflict do nothing returning}), then only the events
 * whose key was claimed are written with {@code COPY}. A concurrent batch with the same ids waits on
 * the keys' row locks and then sees the conflict, so each event is stored exactly once; keys are
 * claimed in sorted order so that two such batches cannot deadlock.
 *
 * <p>Why COPY: an {@code insert ... select from unnest(...)} writes row by row, COPY writes pages of
 * rows at once (multi-insert, fewer WAL records). On the benchmark the COPY path is about twice as fast.
 */
@ApplicationScoped
public class EventRepository {

    private static final String CLAIM_KEYS = """
            insert into event_keys (event_id, received_at)
            select k, ? from unnest(?::text[]) as k
            on conflict (event_id) do nothing
            returning event_id
            """;
    private static final String COPY_EVENTS = """
            copy events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                         warehouse, outcome, stage, dashboard, tile, error_code, error_message,
                         failure_fingerprint, failure_template, duration_ms) from stdin
            """;

    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION = "40001";
    private static final String NO_PARTITION = "23514";

    @Inject
    DataSource dataSource;

    /**
     * Stores the events whose eventId is new and returns those ids. {@code events} must have
     * distinct ids.
     */
    public Set<String> insertNew(List<AcceptedEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return Set.of();
        }
        List<AcceptedEvent> sorted = events.stream().sorted(Comparator.comparing(AcceptedEvent::eventId)).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return insert(sorted, receivedAt);
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (attempt < 3 && (DEADLOCK.equals(state) || SERIALIZATION.equals(state))) {
                    Log.debugf("event batch retried after %s", state);
                    continue;
                }
                if (attempt < 3 && NO_PARTITION.equals(state)) {
                    ensurePartitions(sorted);
                    continue;
                }
                throw new IllegalStateException("could not store " + events.size() + " events", e);
            } catch (IOException e) {
                throw new IllegalStateException("could not store " + events.size() + " events", e);
            }
        }
    }

    private Set<String> insert(List<AcceptedEvent> events, Instant receivedAt) throws SQLException, IOException {
        String[] ids = new String[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = events.get(i).eventId();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> claimed = new HashSet<>(ids.length * 2);
                try (PreparedStatement ps = c.prepareStatement(CLAIM_KEYS)) {
                    ps.setObject(1, receivedAt.atOffset(ZoneOffset.UTC));
                    ps.setArray(2, c.createArrayOf("text", ids));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            claimed.add(rs.getString(1));
                        }
                    }
                }
                if (!claimed.isEmpty()) {
                    byte[] rows = copyRows(events, claimed, receivedAt);
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_EVENTS, new ByteArrayInputStream(rows), 65_536);
                }
                c.commit();
                return claimed;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** COPY text format: tab-separated, {@code \N} for null, backslash escapes. */
    static byte[] copyRows(List<AcceptedEvent> events, Set<String> claimed, Instant receivedAt) {
        String received = timestamp(new StringBuilder(32), receivedAt).toString();
        StringBuilder b = new StringBuilder(claimed.size() * 256);
        for (AcceptedEvent e : events) {
            if (!claimed.contains(e.eventId())) {
                continue;
            }
            field(b, e.eventId()).append('\t');
            field(b, e.type()).append('\t');
            timestamp(b, e.occurredAt()).append('\t');
            b.append(received).append('\t');
            field(b, e.accountId()).append('\t');
            field(b, e.connector()).append('\t');
            field(b, e.pack()).append('\t');
            field(b, e.packVersion()).append('\t');
            field(b, e.warehouse()).append('\t');
            field(b, e.outcome()).append('\t');
            field(b, e.stage()).append('\t');
            field(b, e.dashboard()).append('\t');
            field(b, e.tile()).append('\t');
            field(b, e.errorCode()).append('\t');
            field(b, e.errorMessage()).append('\t');
            field(b, e.failureFingerprint()).append('\t');
            field(b, e.failureTemplate()).append('\t');
            if (e.durationMs() == null) {
                b.append("\\N");
            } else {
                b.append(e.durationMs().intValue());
            }
            b.append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code 2026-11-25 10:00:03.123456+00}: PostgreSQL's own timestamptz text, without a formatter. */
    static StringBuilder timestamp(StringBuilder b, Instant at) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append(' ');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int micros = at.getNano() / 1000;
        if (micros != 0) {
            pad(b.append('.'), micros, 6);
        }
        return b.append("+00");
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        for (int limit = 10, digits = 1; digits < width; limit *= 10, digits++) {
            if (value < limit) {
                b.append('0');
            }
        }
        return b.append(value);
    }

    private static StringBuilder field(StringBuilder b, String value) {
        if (value == null) {
            return b.append("\\N");
        }
        if (plain(value)) {
            return b.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\0' -> { } // PostgreSQL text cannot hold NUL; dropped
                default -> b.append(ch);
            }
        }
        return b;
    }

    /** Nothing to escape (the usual case: ids, slugs, codes). */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '\0') {
                return false;
            }
        }
        return true;
    }

    /** An event's day has no partition (maintenance has not caught up): create the days the batch needs. */
    private void ensurePartitions(List<AcceptedEvent> events) {
        LocalDate from = events.stream().map(e -> e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate()).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = events.stream().map(e -> e.occurredAt().atZone(ZoneOffset.UTC).toLocalDate()).max(LocalDate::compareTo).orElseThrow();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select ensure_event_partitions(?, ?)")) {
            ps.setObject(1, from);
            ps.setObject(2, to);
            ps.execute();
            Log.infof("created missing event partitions for %s..%s", from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create event partitions " + from + ".." + to, e);
        }
    }

    /** Forgets eventIds received before {@code before}; returns how many. */
    public int purgeKeysReceivedBefore(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("delete from event_keys where received_at < ?")) {
            ps.setObject(1, before.atOffset(ZoneOffset.UTC));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not purge event keys", e);
        }
    }
}
