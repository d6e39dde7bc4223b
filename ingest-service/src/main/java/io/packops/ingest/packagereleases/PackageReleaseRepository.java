package io.packops.ingest.packagereleases;

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

/** Plain JDBC over package_releases (an insert that may conflict, and keyed reads). */
@ApplicationScoped
public class PackageReleaseRepository {

    private static final String COLUMNS = "id, connector, package, version, fingerprint, model_count, relation_count,"
            + " column_count, registered_by, registered_at";

    @Inject
    DataSource dataSource;

    /** The new release's id, or empty when (connector, package, version key) is already registered. */
    public Optional<Long> insert(PackageRelease r, String versionKey, String body) {
        String sql = "insert into package_releases (connector, package, version, version_key, fingerprint, model_count,"
                + " relation_count, column_count, body, registered_by, registered_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict on constraint package_releases_version do nothing"
                + " returning id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, r.connector());
            ps.setString(2, r.packageName());
            ps.setString(3, r.version());
            ps.setString(4, versionKey);
            ps.setString(5, r.fingerprint());
            ps.setInt(6, r.models());
            ps.setInt(7, r.relationCount());
            ps.setInt(8, r.columnCount());
            ps.setString(9, body);
            ps.setString(10, r.registeredBy());
            ps.setObject(11, OffsetDateTime.ofInstant(r.registeredAt(), ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** The release registered under {@code versionKey}, without its body. */
    public Optional<PackageRelease> byVersionKey(String connector, String packageName, String versionKey) {
        List<PackageRelease> found = select(" where connector = ? and package = ? and version_key = ?", false,
                connector, packageName, versionKey);
        return found.stream().findFirst();
    }

    /** One release with its body. */
    public Optional<PackageRelease> byId(long id) {
        return select(" where id = ?", true, id).stream().findFirst();
    }

    /** Every release of {@code connector} (of {@code packageName} when given), newest registration first, no bodies. */
    public List<PackageRelease> list(String connector, String packageName) {
        return packageName == null
                ? select(" where connector = ? order by registered_at desc, id desc", false, connector)
                : select(" where connector = ? and package = ? order by registered_at desc, id desc", false, connector,
                packageName);
    }

    private List<PackageRelease> select(String where, boolean withBody, Object... params) {
        String sql = "select " + COLUMNS + (withBody ? ", body" : "") + " from package_releases" + where;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<PackageRelease> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime at = rs.getObject(10, OffsetDateTime.class);
                    Instant registeredAt = at == null ? null : at.toInstant();
                    out.add(new PackageRelease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getString(9), registeredAt,
                            withBody ? rs.getString(11) : null));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("package release store: " + e.getMessage(), e);
    }
}
