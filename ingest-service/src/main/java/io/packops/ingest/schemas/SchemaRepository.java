package io.packops.ingest.schemas;

import io.packops.ingest.schemas.SchemaViews.AccountSchema;
import io.packops.ingest.schemas.SchemaViews.DbtPackage;
import io.packops.ingest.schemas.SchemaViews.SchemaHistory;
import io.packops.ingest.schemas.SchemaViews.SchemaBody;
import io.packops.ingest.schemas.SchemaViews.SchemaGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plain JDBC over schema_bodies, schema_snapshots and current_schemas: the writes are conditional
 * upserts and the reads aggregates, neither of which an entity model helps with. Writes join the
 * caller's transaction (Agroal enlists the connection).
 */
@ApplicationScoped
public class SchemaRepository {

    /** How many account ids a schema group lists; the count is always exact. */
    public static final int ACCOUNT_ID_SAMPLE = 100;
    /** How many fingerprints of an account's history are shown per connector. */
    public static final int HISTORY = 20;

    @Inject
    DataSource dataSource;

    public record StoredSnapshot(UUID id, Instant receivedAt, boolean created) {
    }

    public record Totals(long accounts, long fingerprints) {
    }

    public boolean bodyExists(String fingerprint) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select 1 from schema_bodies where fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Stores the body unless another snapshot (perhaps concurrently) stored it first. */
    public void insertBody(String fingerprint, int relationCount, int columnCount, String body, Instant now) {
        String sql = """
                insert into schema_bodies (fingerprint, relation_count, column_count, body, first_seen_at)
                values (?, ?, ?, ?, ?) on conflict (fingerprint) do nothing""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, fingerprint);
            ps.setInt(2, relationCount);
            ps.setInt(3, columnCount);
            ps.setString(4, body);
            ps.setObject(5, utc(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Inserts the snapshot, or finds the one a retry of it already stored. */
    public StoredSnapshot insertSnapshot(String accountId, String connector, String warehouse, Instant capturedAt,
                                         Instant receivedAt, String fingerprint, DbtPackage dbtPackage) {
        String insert = """
                insert into schema_snapshots (id, account_id, connector, warehouse, captured_at, received_at, fingerprint,
                                              package, package_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, connector, warehouse, captured_at, fingerprint) do nothing""";
        String existing = """
                select id, received_at from schema_snapshots
                where account_id = ? and connector = ? and warehouse = ? and captured_at = ? and fingerprint = ?""";
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setObject(1, id);
                ps.setString(2, accountId);
                ps.setString(3, connector);
                ps.setString(4, warehouse);
                ps.setObject(5, utc(capturedAt));
                ps.setObject(6, utc(receivedAt));
                ps.setString(7, fingerprint);
                ps.setString(8, dbtPackage == null ? null : dbtPackage.name());
                ps.setString(9, dbtPackage == null ? null : dbtPackage.version());
                if (ps.executeUpdate() == 1) {
                    return new StoredSnapshot(id, receivedAt, true);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(existing)) {
                ps.setString(1, accountId);
                ps.setString(2, connector);
                ps.setString(3, warehouse);
                ps.setObject(4, utc(capturedAt));
                ps.setString(5, fingerprint);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("snapshot conflicted but is not there");
                    }
                    return new StoredSnapshot(rs.getObject(1, UUID.class), instant(rs, 2), false);
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Makes the snapshot the current schema of (account, connector) unless a newer one (by capturedAt,
     * then receivedAt) is current already; true when it is current afterwards. The row lock of the
     * upsert serialises concurrent snapshots of one account.
     */
    public boolean makeCurrentUnlessOlder(String accountId, String connector, String warehouse, String fingerprint,
                                          UUID snapshotId, Instant capturedAt, Instant receivedAt, DbtPackage dbtPackage) {
        String sql = """
                insert into current_schemas as c
                    (account_id, connector, warehouse, fingerprint, snapshot_id, captured_at, received_at, package,
                     package_version)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, connector) do update
                    set warehouse = excluded.warehouse, fingerprint = excluded.fingerprint,
                        snapshot_id = excluded.snapshot_id, captured_at = excluded.captured_at,
                        received_at = excluded.received_at, package = excluded.package,
                        package_version = excluded.package_version
                    where (excluded.captured_at, excluded.received_at) >= (c.captured_at, c.received_at)""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            ps.setString(2, connector);
            ps.setString(3, warehouse);
            ps.setString(4, fingerprint);
            ps.setObject(5, snapshotId);
            ps.setObject(6, utc(capturedAt));
            ps.setObject(7, utc(receivedAt));
            ps.setString(8, dbtPackage == null ? null : dbtPackage.name());
            ps.setString(9, dbtPackage == null ? null : dbtPackage.version());
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    public Totals totals(String connector) {
        String sql = "select count(*), count(distinct fingerprint) from current_schemas where connector = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The distinct current fingerprints of a connector in fingerprint order after {@code after}
     * (keyset paging: stable while accounts move between fingerprints), at most {@code limit}.
     */
    public List<SchemaGroup> currentGroups(String connector, String after, int limit, boolean withBodies) {
        // per warehouse first: a pack can break on one warehouse's SQL dialect and not on another's, so the accounts
        // of a fingerprint are counted per warehouse as well
        String sql = """
                with w as (
                    select fingerprint, warehouse, count(*) as accounts, max(captured_at) as newest
                    from current_schemas
                    where connector = ? and fingerprint > ?
                    group by fingerprint, warehouse
                ), g as (
                    select fingerprint, sum(accounts) as accounts,
                           array_agg(warehouse order by warehouse) as warehouses,
                           array_agg(accounts order by warehouse) as per_warehouse,
                           max(newest) as newest
                    from w
                    group by fingerprint
                    order by fingerprint
                    limit ?
                )
                select g.fingerprint, g.accounts, g.warehouses, g.newest, b.relation_count, b.column_count,
                       case when ? then b.body end,
                       array(select s.account_id from current_schemas s
                             where s.connector = ? and s.fingerprint = g.fingerprint
                             order by s.account_id limit ?),
                       g.per_warehouse,
                       (select json_object_agg(v.version, v.accounts)::text
                        from (select coalesce(s.package_version, '') as version, count(*) as accounts
                              from current_schemas s where s.connector = ? and s.fingerprint = g.fingerprint
                              group by 1) v)
                from g join schema_bodies b on b.fingerprint = g.fingerprint
                order by g.fingerprint""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, connector);
            ps.setString(2, after == null ? "" : after);
            ps.setInt(3, limit);
            ps.setBoolean(4, withBodies);
            ps.setString(5, connector);
            ps.setInt(6, ACCOUNT_ID_SAMPLE);
            ps.setString(7, connector);
            List<SchemaGroup> groups = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long accounts = rs.getLong(2);
                    List<String> warehouses = strings(rs.getArray(3));
                    Map<String, Long> byWarehouse = new LinkedHashMap<>();
                    Long[] counts = (Long[]) rs.getArray(9).getArray();
                    for (int i = 0; i < warehouses.size(); i++) {
                        if (warehouses.get(i) != null) {
                            byWarehouse.put(warehouses.get(i), counts[i]);
                        }
                    }
                    groups.add(new SchemaGroup(rs.getString(1), accounts, strings(rs.getArray(8)),
                            accounts > ACCOUNT_ID_SAMPLE, warehouses.stream().filter(java.util.Objects::nonNull).toList(),
                            byWarehouse, byPackageVersion(rs.getString(10)), instant(rs, 4), rs.getInt(5), rs.getInt(6),
                            rs.getString(7)));
                }
            }
            return groups;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** One stored body with who has it as current schema; null when the fingerprint was never seen. */
    public SchemaBody body(String fingerprint) {
        String sql = """
                select b.fingerprint, b.first_seen_at, b.relation_count, b.column_count, b.body,
                       (select count(*) from current_schemas s where s.fingerprint = b.fingerprint),
                       array(select distinct s.connector from current_schemas s
                             where s.fingerprint = b.fingerprint order by 1),
                       array(select distinct s.warehouse from current_schemas s
                             where s.fingerprint = b.fingerprint order by 1)
                from schema_bodies b where b.fingerprint = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new SchemaBody(rs.getString(1), instant(rs, 2), rs.getLong(6), strings(rs.getArray(7)),
                        strings(rs.getArray(8)), rs.getInt(3), rs.getInt(4), rs.getString(5));
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * The account's current schema per connector, in connector order, each with its stored body when
     * {@code withBodies} and its fingerprint history (at most {@link #HISTORY} fingerprints per connector).
     */
    public List<AccountSchema> currentOfAccount(String accountId, boolean withBodies) {
        String sql = """
                select s.connector, s.warehouse, s.fingerprint, s.snapshot_id, s.captured_at, s.received_at,
                       b.relation_count, b.column_count, case when ? then b.body end, s.package, s.package_version
                from current_schemas s join schema_bodies b on b.fingerprint = s.fingerprint
                where s.account_id = ?
                order by s.connector""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, withBodies);
            ps.setString(2, accountId);
            Map<String, List<SchemaHistory>> history = history(c, accountId);
            List<AccountSchema> schemas = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String fingerprint = rs.getString(3);
                    List<SchemaHistory> h = history.getOrDefault(rs.getString(1), List.of());
                    schemas.add(new AccountSchema(rs.getString(1), rs.getString(2), fingerprint,
                            rs.getObject(4, UUID.class), instant(rs, 5), instant(rs, 6), rs.getInt(7), rs.getInt(8),
                            SchemaViews.schemaUrl(fingerprint), h.size() > HISTORY ? h.subList(0, HISTORY) : h,
                            h.size() > HISTORY, rs.getString(10) == null ? null
                            : new DbtPackage(rs.getString(10), rs.getString(11)), rs.getString(9)));
                }
            }
            return schemas;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Per connector, the fingerprints of the account's snapshots, most recently captured first (one more than shown). */
    private Map<String, List<SchemaHistory>> history(Connection c, String accountId) throws SQLException {
        String sql = """
                select connector, fingerprint, (array_agg(warehouse order by captured_at desc, received_at desc))[1],
                       min(captured_at), max(captured_at), count(*)
                from schema_snapshots where account_id = ?
                group by connector, fingerprint
                order by connector, max(captured_at) desc, fingerprint""";
        Map<String, List<SchemaHistory>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<SchemaHistory> list = out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                    if (list.size() <= HISTORY) {
                        String fingerprint = rs.getString(2);
                        list.add(new SchemaHistory(fingerprint, rs.getString(3), instant(rs, 4), instant(rs, 5),
                                rs.getLong(6), SchemaViews.schemaUrl(fingerprint)));
                    }
                }
            }
        }
        return out;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return Arrays.asList((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    /** {@code {"0.14.0": 30, "": 10}} (accounts per package version, "" unknown) as a map; null when all unknown. */
    private static Map<String, Long> byPackageVersion(String json) {
        if (json == null) {
            return null;
        }
        Map<String, Long> out = new java.util.TreeMap<>();
        try {
            READER.readTree(json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL's json_object_agg always gives JSON", e);
        }
        return out.keySet().equals(java.util.Set.of("")) ? null : out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper READER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static IllegalStateException failed(SQLException e) {
        return new IllegalStateException("schema store: " + e.getMessage(), e);
    }
}
