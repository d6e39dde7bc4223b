package io.packops.alerting.upgrades;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.compat.CompatService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain JDBC over package_upgrade_checks: a check is recorded when its result differs from the release's last recorded
 * one (clean ones included), so the sweep's re-checks leave one row per change, not one per run.
 */
@ApplicationScoped
public class UpgradeCheckRepository {

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper mapper;

    /** True when recorded; false when the release's last recorded result is the same. */
    public boolean record(UpgradeReport r) {
        String hash;
        try {
            hash = CompatService.sha256(mapper.writeValueAsString(r.at(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of records always serialises", e);
        }
        String last = "select result_sha256 from package_upgrade_checks where release_id = ?"
                + " order by checked_at desc, id desc limit 1";
        String sql = "insert into package_upgrade_checks (release_id, connector, package, version, from_version, verdict,"
                + " broken_packs, accounts, report, result_sha256, checked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement previous = c.prepareStatement(last)) {
            previous.setLong(1, r.releaseId());
            try (ResultSet rs = previous.executeQuery()) {
                if (rs.next() && hash.equals(rs.getString(1))) {
                    return false;
                }
            }
            ps.setLong(1, r.releaseId());
            ps.setString(2, r.connector());
            ps.setString(3, r.packageName());
            ps.setString(4, r.version());
            ps.setString(5, r.fromVersion());
            ps.setString(6, r.verdict());
            ps.setInt(7, (int) r.packs().stream().filter(UpgradeReport.PackResult::breaks).count());
            ps.setLong(8, r.packs().stream().mapToLong(UpgradeReport.PackResult::accounts).max().orElse(0));
            ps.setString(9, mapper.writeValueAsString(r));
            ps.setString(10, hash);
            ps.setObject(11, OffsetDateTime.ofInstant(r.checkedAt(), ZoneOffset.UTC));
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("package upgrade checks: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report of records always serialises", e);
        }
    }

    /** The newest checks of {@code connector}, newest first, at most {@code limit}. */
    public List<UpgradeReport> latest(String connector, int limit) {
        String sql = "select report from package_upgrade_checks where connector = ? order by checked_at desc, id desc limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setInt(2, limit);
            List<UpgradeReport> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.readValue(rs.getString(1), UpgradeReport.class));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("package upgrade checks: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored report no longer reads: " + e.getMessage(), e);
        }
    }
}
