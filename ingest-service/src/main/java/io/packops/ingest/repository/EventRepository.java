package io.packops.ingest.repository;

import io.packops.ingest.service.AcceptedEvent;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores events with plain JDBC: a batch is one set-based statement, so it is one round trip and one
 * transaction. The statement claims the eventIds in {@code event_keys} ({@code on conflict do
 * nothing}) and inserts only the events whose key it claimed; a concurrent batch with the same ids
 * waits on the key's row lock and then sees the conflict, so each event is stored exactly once.
 */
@ApplicationScoped
public class EventRepository {

    private static final String INSERT = """
            with new_keys as (
                insert into event_keys (event_id, received_at)
                select k, ? from unnest(?::text[]) as k
                on conflict (event_id) do nothing
                returning event_id
            )
            insert into events (event_id, type, occurred_at, received_at, account_id, connector, pack, pack_version,
                                warehouse, outcome, stage, dashboard, tile, error_code, error_message,
                                failure_fingerprint, failure_template, duration_ms)
            select u.event_id, u.type, u.occurred_at, ?, u.account_id, u.connector, u.pack, u.pack_version,
                   u.warehouse, u.outcome, u.stage, u.dashboard, u.tile, u.error_code, u.error_message,
                   u.failure_fingerprint, u.failure_template, u.duration_ms
              from unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::int[])
                   as u(event_id, type, occurred_at, account_id, connector, pack, pack_version,
                        warehouse, outcome, stage, dashboard, tile, error_code, error_message,
                        failure_fingerprint, failure_template, duration_ms)
             where u.event_id in (select event_id from new_keys)
            returning event_id
            """;

    private static final String DEADLOCK = "40P01";
    private static final String SERIALIZATION = "40001";
    private static final String NO_PARTITION = "23514";

    @Inject
    DataSource dataSource;

    /**
     * Stores the events whose eventId is new and returns those ids. {@code events} must have
     * distinct ids; they are written in id order so that concurrent batches lock keys in the same
     * order and cannot deadlock.
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
            }
        }
    }

    private Set<String> insert(List<AcceptedEvent> events, Instant receivedAt) throws SQLException {
        int n = events.size();
        String[] eventId = new String[n], type = new String[n], occurredAt = new String[n], accountId = new String[n],
                connector = new String[n], pack = new String[n], packVersion = new String[n], warehouse = new String[n],
                outcome = new String[n], stage = new String[n], dashboard = new String[n], tile = new String[n],
                errorCode = new String[n], errorMessage = new String[n], fingerprint = new String[n],
                template = new String[n];
        Integer[] durationMs = new Integer[n];
        for (int i = 0; i < n; i++) {
            AcceptedEvent e = events.get(i);
            eventId[i] = e.eventId();
            type[i] = e.type();
            occurredAt[i] = e.occurredAt().toString();
            accountId[i] = e.accountId();
            connector[i] = e.connector();
            pack[i] = e.pack();
            packVersion[i] = e.packVersion();
            warehouse[i] = e.warehouse();
            outcome[i] = e.outcome();
            stage[i] = e.stage();
            dashboard[i] = e.dashboard();
            tile[i] = e.tile();
            errorCode[i] = e.errorCode();
            errorMessage[i] = e.errorMessage();
            fingerprint[i] = e.failureFingerprint();
            template[i] = e.failureTemplate();
            durationMs[i] = e.durationMs();
        }
        OffsetDateTime received = receivedAt.atOffset(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            int p = 1;
            ps.setObject(p++, received);
            ps.setArray(p++, c.createArrayOf("text", eventId));
            ps.setObject(p++, received);
            for (String[] column : new String[][] {eventId, type, occurredAt, accountId, connector, pack, packVersion,
                    warehouse, outcome, stage, dashboard, tile, errorCode, errorMessage, fingerprint, template}) {
                ps.setArray(p++, c.createArrayOf("text", column));
            }
            Array durations = c.createArrayOf("int4", durationMs);
            ps.setArray(p, durations);
            Set<String> stored = new HashSet<>(n * 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            return stored;
        }
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
