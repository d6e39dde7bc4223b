package io.packops.ingest.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builds event bodies for the tests and reads back what was stored. */
final class TestEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    private TestEvents() {
    }

    /** A unique prefix per test so tests never see each other's rows. */
    static String prefix(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** An event occurring {@code ago} before the fixed clock. */
    static String minutesAgo(long minutes) {
        return FixedClockProfile.NOW.minus(Duration.ofMinutes(minutes)).toString();
    }

    static Map<String, Object> install(String eventId) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", eventId);
        e.put("type", "install");
        e.put("occurredAt", minutesAgo(30));
        e.put("accountId", "acct_123");
        e.put("connector", "stripe");
        e.put("pack", "stripe-revenue");
        e.put("packVersion", "1.4.0");
        e.put("warehouse", "snowflake");
        e.put("outcome", "succeeded");
        e.put("stage", "run");
        e.put("durationMs", 5400);
        return e;
    }

    static Map<String, Object> failedInstall(String eventId, String errorCode, String message) {
        Map<String, Object> e = install(eventId);
        e.put("outcome", "failed");
        e.put("stage", "compile");
        e.put("errorCode", errorCode);
        e.put("errorMessage", message);
        return e;
    }

    static Map<String, Object> render(String eventId) {
        Map<String, Object> e = install(eventId);
        e.put("type", "render");
        e.remove("stage");
        e.put("dashboard", "revenue");
        e.put("tile", "gross_volume");
        return e;
    }

    static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.put(field, value);
        return copy;
    }

    static Map<String, Object> without(Map<String, Object> event, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(event);
        copy.remove(field);
        return copy;
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ndjson(List<?> lines) {
        return lines.stream().map(l -> l instanceof String s ? s : new String(json(l), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
    }

    static List<Map<String, Object>> installs(String prefix, int from, int to) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(install(prefix + i));
        }
        return events;
    }

    /** Stored rows whose eventId starts with the prefix, as column -> value maps in eventId order. */
    static List<Map<String, Object>> stored(DataSource ds, String prefix) {
        String sql = "select * from events where event_id like ? order by event_id";
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static long count(DataSource ds, String sql, String prefix) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
