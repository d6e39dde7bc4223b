package io.packops.ingest.packs;

import io.packops.compat.manifest.SemVer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the registry has published, held in memory for ingest's hot path: which (pack, version) exists and under which
 * connector. Metrics label only these (a producer can invent pack names without limit, the registry cannot), and
 * asking the database per event would cost ingest, which is CPU-bound, a query per batch group. Loaded at start,
 * added to when a publish commits on this replica, and re-read every {@code packops.metrics.registry-refresh} for
 * what other replicas published. Withdrawn versions stay: their events are the ones worth watching.
 */
@ApplicationScoped
public class PublishedPacks {

    /** Fired by {@link PackRegistry#publish} inside its transaction; seen here once it commits. */
    public record Added(String pack, String version, String versionKey, String connector) {
    }

    /** One pack: its connector and its published versions, by exact version and by precedence (build metadata cut). */
    private record Pack(String connector, Map<String, String> byVersion, Map<String, String> byKey) {
    }

    private record Registry(Map<String, Pack> packs, Set<String> connectors) {
    }

    @Inject
    DataSource dataSource;

    private volatile Registry registry = new Registry(Map.of(), Set.of());

    void onStart(@Observes StartupEvent event) {
        reloadQuietly();
    }

    @Scheduled(every = "${packops.metrics.registry-refresh:30s}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        reloadQuietly();
    }

    void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) Added added) {
        add(added);
    }

    /**
     * The version label of {@code pack} {@code version} when it is published for {@code connector}: the version as
     * published (a {@code +build} spelling of it maps to the published one), or null when it is not published, or
     * published under another connector.
     */
    public String publishedVersion(String connector, String pack, String version) {
        Pack p = pack == null ? null : registry.packs().get(pack);
        if (p == null || version == null || !p.connector().equals(connector)) {
            return null;
        }
        String exact = p.byVersion().get(version);
        if (exact != null) {
            return exact;
        }
        return SemVer.tryParse(version).map(v -> p.byKey().get(PackRegistry.versionKey(v))).orElse(null);
    }

    /** Whether some published pack belongs to {@code connector}. */
    public boolean isPublishedConnector(String connector) {
        return connector != null && registry.connectors().contains(connector);
    }

    /**
     * Re-reads the whole registry (a row per pack version; never per event). Synchronized with {@link #add}: a publish
     * committing while the query runs is added after it, so a reload never drops it.
     */
    public synchronized void reload() {
        Map<String, Pack> packs = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select pack, version, version_key, connector from pack_versions");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                put(packs, new Added(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the published packs: " + e.getMessage(), e);
        }
        registry = freeze(packs);
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            // metrics keep the last known registry; the next refresh tries again
            Log.warnf("published packs not re-read: %s", e.getMessage());
        }
    }

    private synchronized void add(Added added) {
        Map<String, Pack> packs = new HashMap<>(registry.packs());
        Pack old = packs.get(added.pack());
        if (old != null) {
            packs.put(added.pack(), new Pack(old.connector(), new HashMap<>(old.byVersion()), new HashMap<>(old.byKey())));
        }
        put(packs, added);
        registry = freeze(packs);
    }

    private static void put(Map<String, Pack> packs, Added a) {
        Pack p = packs.computeIfAbsent(a.pack(), k -> new Pack(a.connector(), new HashMap<>(), new HashMap<>()));
        p.byVersion().put(a.version(), a.version());
        p.byKey().putIfAbsent(a.versionKey(), a.version());
    }

    private static Registry freeze(Map<String, Pack> packs) {
        Map<String, Pack> frozen = new HashMap<>();
        packs.forEach((name, p) -> frozen.put(name, new Pack(p.connector(), Map.copyOf(p.byVersion()), Map.copyOf(p.byKey()))));
        Set<String> connectors = Set.copyOf(frozen.values().stream().map(Pack::connector).toList());
        return new Registry(Map.copyOf(frozen), connectors);
    }
}
