package io.packops.alerting.silences;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.system.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Plain JDBC over {@code silences}; matchers are kept as jsonb. */
@ApplicationScoped
public class SilenceRepository {

    private static final String COLUMNS = "id, seq, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    public Silence insert(UUID id, SilenceRequest.NewSilence in, Instant now) {
        String sql = "insert into silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at) "
                + "values (?, ?::jsonb, ?, ?, ?, ?, ?, ?) returning " + COLUMNS;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            ps.setString(2, json.writeValueAsString(in.matchers()));
            ps.setObject(3, Jdbc.utc(in.startsAt()));
            ps.setObject(4, Jdbc.utc(in.endsAt()));
            ps.setString(5, in.createdBy());
            ps.setString(6, in.comment());
            ps.setObject(7, Jdbc.utc(now));
            ps.setObject(8, Jdbc.utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return silence(rs);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("silence store: " + e.getMessage(), e);
        }
    }

    public Optional<Silence> find(UUID id) {
        return many("select " + COLUMNS + " from silences where id = ?", ps -> ps.setObject(1, id)).stream().findFirst();
    }

    /** The silences in force at {@code now}. */
    public List<Silence> active(Instant now) {
        return many("select " + COLUMNS + " from silences where starts_at <= ? and ends_at > ? order by seq",
                ps -> {
                    ps.setObject(1, Jdbc.utc(now));
                    ps.setObject(2, Jdbc.utc(now));
                });
    }

    /** Newest first, below {@code beforeSeq}, in the given state at {@code now} (null: any). */
    public List<Silence> list(String state, Instant now, Long beforeSeq, int limit) {
        String where = switch (state == null ? "" : state) {
            case Silence.ACTIVE -> " and starts_at <= ? and ends_at > ?";
            case Silence.PENDING -> " and starts_at > ?";
            case Silence.EXPIRED -> " and ends_at <= ?";
            default -> "";
        };
        String sql = "select " + COLUMNS + " from silences where seq < ?" + where + " order by seq desc limit ?";
        return many(sql, ps -> {
            int i = 1;
            ps.setLong(i++, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
            int times = where.isEmpty() ? 0 : Silence.ACTIVE.equals(state) ? 2 : 1;
            for (int k = 0; k < times; k++) {
                ps.setObject(i++, Jdbc.utc(now));
            }
            ps.setInt(i, limit);
        });
    }

    /** Ends the silence at {@code now} (a pending one also starts then); false when it was not found. */
    public Optional<Silence> expire(UUID id, Instant now) {
        String sql = "update silences set ends_at = ?, starts_at = least(starts_at, ?), updated_at = ? where id = ? returning " + COLUMNS;
        return many(sql, ps -> {
            ps.setObject(1, Jdbc.utc(now));
            ps.setObject(2, Jdbc.utc(now));
            ps.setObject(3, Jdbc.utc(now));
            ps.setObject(4, id);
        }).stream().findFirst();
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Silence> many(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Silence> silences = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    silences.add(silence(rs));
                }
            }
            return silences;
        } catch (SQLException e) {
            throw new IllegalStateException("silence store: " + e.getMessage(), e);
        }
    }

    private Silence silence(ResultSet rs) throws SQLException {
        try {
            return new Silence(rs.getObject(1, UUID.class), rs.getLong(2),
                    json.readValue(rs.getString(3), new TypeReference<List<Silence.Matcher>>() { }),
                    Jdbc.instant(rs, 4), Jdbc.instant(rs, 5), rs.getString(6), rs.getString(7), Jdbc.instant(rs, 8), Jdbc.instant(rs, 9));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("silence store: unreadable matchers", e);
        }
    }
}
