package io.packops.ownership.document;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Plain JDBC over {@code document_revision}: an append-only table read by number, newest first. Writes join
 * the caller's transaction (Agroal enlists the connection); {@link #lockForWrite()} serialises writers across
 * replicas, so revision numbers are handed out one at a time.
 */
@ApplicationScoped
public class DocumentRevisionRepository {

    /** Arbitrary, fixed: the advisory lock every document writer takes. */
    private static final long WRITE_LOCK = 0x6f776e6572736870L; // "ownershp"

    /** A stored revision; {@code documentJson} and {@code source} are null when a listing did not read them. */
    public record Revision(long revision, String author, Instant createdAt, String summaryJson, String documentJson,
                           String source) {
    }

    @Inject
    DataSource dataSource;

    /** Takes the writers' lock until the current transaction ends. */
    public void lockForWrite() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, WRITE_LOCK);
            ps.execute();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The newest revision number, empty when there is none: one index probe, cheap enough to poll. */
    public OptionalLong newestNumber() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select max(revision) from document_revision");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            long n = rs.getLong(1);
            return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(n);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public Optional<Revision> newest() {
        return one("select revision, author, created_at, summary, document, source from document_revision"
                + " order by revision desc limit 1", null);
    }

    public Optional<Revision> find(long revision) {
        return one("select revision, author, created_at, summary, document, source from document_revision"
                + " where revision = ?", revision);
    }

    /** Up to {@code limit} revisions older than {@code before} (all when null), newest first, without documents. */
    public List<Revision> page(Long before, int limit) {
        String sql = "select revision, author, created_at, summary from document_revision"
                + (before == null ? "" : " where revision < ?") + " order by revision desc limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (before != null) {
                ps.setLong(i++, before);
            }
            ps.setInt(i, limit);
            List<Revision> revisions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    revisions.add(new Revision(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4), null, null));
                }
            }
            return revisions;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public void insert(Revision r) {
        String sql = "insert into document_revision (revision, author, created_at, summary, document, source)"
                + " values (?, ?, ?, ?::jsonb, ?::jsonb, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, r.revision());
            ps.setString(2, r.author());
            ps.setObject(3, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
            ps.setString(4, r.summaryJson());
            ps.setString(5, r.documentJson());
            ps.setString(6, r.source());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private Optional<Revision> one(String sql, Long revision) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (revision != null) {
                ps.setLong(1, revision);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Revision(rs.getLong(1), rs.getString(2), instant(rs, 3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("ownership database access failed: " + e.getMessage(), e);
    }
}
