package io.packops.ingest.stats;

import io.packops.ingest.system.SnapshotRead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Install/render stats, failure groups and freshness. Each request reads in one repeatable-read
 * transaction: which hours are dirty, which days are rolled up, then raw events and rollup rows as
 * {@link StatsPlan} says, so the answer is one consistent snapshot.
 */
@ApplicationScoped
public class StatsService {

    /** Lists of a failure group's connectors, packs and versions are cut to this many, most frequent first. */
    static final int INVOLVED_LIMIT = 10;

    @Inject
    SnapshotRead snapshot;
    @Inject
    StatsRepository repository;
    @Inject
    StatsConfig config;

    // ---- installs ----------------------------------------------------------------------------------------

    public InstallStats installs(StatsQuery q) {
        return read(c -> {
            StatsPlan plan = plan(c, q.from(), q.to());
            Map<List<String>, CountGroup> groups = counts(c, plan, List.of(q.type()), q.filters(), q.groupBy());
            Comparator<Map.Entry<List<String>, CountGroup>> order = Comparator
                    .comparingLong((Map.Entry<List<String>, CountGroup> e) -> -e.getValue().failed)
                    .thenComparingLong(e -> -e.getValue().attempts)
                    .thenComparing(Map.Entry::getKey, StatsService::compareKeys);
            List<Map.Entry<List<String>, CountGroup>> sorted = groups.entrySet().stream().sorted(order).toList();

            long attempts = 0;
            long succeeded = 0;
            long failed = 0;
            StatsAccounts accounts = new StatsAccounts();
            boolean exact = true;
            for (CountGroup g : groups.values()) {
                attempts += g.attempts;
                succeeded += g.succeeded;
                failed += g.failed;
                accounts.addAll(g.accounts);
                exact &= g.accounts.exact();
            }
            List<InstallStats.Group> page = new ArrayList<>();
            for (Map.Entry<List<String>, CountGroup> e : page(sorted, q)) {
                Map<String, String> keys = new LinkedHashMap<>();
                for (int i = 0; i < q.groupBy().size(); i++) {
                    keys.put(q.groupBy().get(i).param(), e.getKey().get(i));
                }
                CountGroup g = e.getValue();
                page.add(new InstallStats.Group(keys, g.attempts, g.succeeded, g.failed,
                        InstallStats.successRate(g.attempts, g.succeeded), g.accounts.count()));
            }
            InstallStats.Counts total = new InstallStats.Counts(attempts, succeeded, failed,
                    InstallStats.successRate(attempts, succeeded), accounts.count());
            return new InstallStats(q.window(), q.from(), q.to(), q.type(),
                    q.groupBy().stream().map(StatsDimension::param).toList(), page, total, exact,
                    nextCursor(q, sorted.size()));
        });
    }

    // ---- failures ----------------------------------------------------------------------------------------

    public FailureStats failures(StatsQuery q) {
        return read(c -> {
            StatsPlan plan = plan(c, q.from(), q.to(), config.failuresExactWindow());
            Map<String, FailureGroup> groups = new HashMap<>();
            StatsRepository.FailureRows sink = (fp, stage, code, connector, pack, version, count, first, last, hashes, sketches) -> {
                FailureGroup g = groups.computeIfAbsent(fp == null ? "" : fp, k -> new FailureGroup(fp));
                g.add(stage, code, connector, pack, version, count, first, last);
                g.accounts.addHashes(hashes);
                g.accounts.addSketches(sketches);
            };
            repository.rawFailures(c, q.type(), plan.raw(), q.filters(), sink);
            repository.rollupFailures(c, q.filters().containsKey(StatsDimension.WAREHOUSE) ? 2 : 1, q.type(),
                    plan, q.filters(), sink);

            List<FailureGroup> sorted = groups.values().stream()
                    .sorted(Comparator.comparingLong((FailureGroup g) -> -g.count)
                            .thenComparing(g -> g.fingerprint == null ? "" : g.fingerprint))
                    .toList();
            long count = 0;
            StatsAccounts accounts = new StatsAccounts();
            boolean exact = true;
            for (FailureGroup g : sorted) {
                count += g.count;
                accounts.addAll(g.accounts);
                exact &= g.accounts.exact();
            }
            List<FailureGroup> page = page(sorted, q);
            Map<String, Instant> lastSeen = page.stream().filter(g -> g.fingerprint != null)
                    .collect(Collectors.toMap(g -> g.fingerprint, g -> g.lastSeen));
            Map<String, String> samples = repository.sampleMessages(c, q.type(), lastSeen, q.filters());
            Map<String, List<String>> accountSamples = repository.sampleAccounts(c, q.type(), page.stream()
                    .filter(g -> g.fingerprint != null)
                    .map(g -> new StatsRepository.SeenGroup(g.fingerprint, g.firstSeen, g.lastSeen)).toList(),
                    q.from(), q.filters());
            List<FailureStats.Group> out = page.stream().map(g -> g.toGroup(samples.get(g.fingerprint),
                    accountSamples.getOrDefault(g.fingerprint, List.of()))).toList();
            return new FailureStats(q.window(), q.from(), q.to(), q.type(), out,
                    new FailureStats.Total(count, accounts.count(), sorted.size()), exact, nextCursor(q, sorted.size()));
        });
    }

    // ---- freshness ---------------------------------------------------------------------------------------

    public Freshness freshness(Instant now) {
        return read(c -> {
            List<StatsRepository.ConnectorChange> newest = repository.freshness(c);
            Instant from = now.minus(Duration.ofHours(24));
            Map<List<String>, CountGroup> counts = counts(c, plan(c, from, now), List.of("install", "render"), Map.of(),
                    List.of(StatsDimension.CONNECTOR));
            Instant newestEvent = null;
            Instant newestReceived = null;
            List<Freshness.Connector> connectors = new ArrayList<>();
            for (StatsRepository.ConnectorChange n : newest) {
                CountGroup g = counts.get(List.of(n.connector()));
                connectors.add(new Freshness.Connector(n.connector(), n.newestOccurredAt(), n.newestReceivedAt(),
                        g == null ? 0 : g.attempts));
                newestEvent = max(newestEvent, n.newestOccurredAt());
                newestReceived = max(newestReceived, n.newestReceivedAt());
            }
            return new Freshness(now, newestEvent, newestReceived, connectors);
        });
    }

    // ---- shared ------------------------------------------------------------------------------------------

    /** Raw events where the plan says so, rollups elsewhere, folded per group key. */
    private Map<List<String>, CountGroup> counts(Connection c, StatsPlan plan, List<String> types,
                                                 Map<StatsDimension, String> filters, List<StatsDimension> groupBy)
            throws SQLException {
        Map<List<String>, CountGroup> groups = new HashMap<>();
        StatsRepository.CountRows sink = (keys, attempts, succeeded, failed, hashes, sketches) -> {
            CountGroup g = groups.computeIfAbsent(Arrays.asList(keys), k -> new CountGroup());
            g.attempts += attempts;
            g.succeeded += succeeded;
            g.failed += failed;
            g.accounts.addHashes(hashes);
            g.accounts.addSketches(sketches);
        };
        repository.rawCounts(c, types, plan.raw(), filters, groupBy, sink);
        repository.rollupCounts(c, rollupLevel(groupBy, filters.keySet()), types, plan, filters, groupBy, sink);
        return groups;
    }

    private StatsPlan plan(Connection c, Instant from, Instant to) throws SQLException {
        return plan(c, from, to, config.exactWindow());
    }

    private StatsPlan plan(Connection c, Instant from, Instant to, Duration exactWindow) throws SQLException {
        if (Duration.between(from, to).compareTo(exactWindow) <= 0) {
            return StatsPlan.raw(from, to);
        }
        return StatsPlan.coarse(from, to, repository.dirtyHours(c, from, to), repository.rolledDays(c, from, to));
    }

    /**
     * The smallest rollup level that keeps every dimension the query groups or filters by:
     * 1 = connector, pack, version; 2 = + warehouse; 3 = + dashboard, tile; 4 = all.
     */
    static int rollupLevel(List<StatsDimension> groupBy, Set<StatsDimension> filtered) {
        Set<StatsDimension> needed = EnumSet.noneOf(StatsDimension.class);
        needed.addAll(groupBy);
        needed.addAll(filtered);
        boolean warehouse = needed.contains(StatsDimension.WAREHOUSE);
        boolean tile = needed.contains(StatsDimension.DASHBOARD) || needed.contains(StatsDimension.TILE);
        return tile ? (warehouse ? 4 : 3) : (warehouse ? 2 : 1);
    }

    private static <T> List<T> page(List<T> sorted, StatsQuery q) {
        int from = Math.min(q.offset(), sorted.size());
        return sorted.subList(from, Math.min(sorted.size(), from + q.limit()));
    }

    private static String nextCursor(StatsQuery q, int size) {
        int next = q.offset() + q.limit();
        return next < size ? new StatsCursor(q.to(), next, q.queryKey()).encode() : null;
    }

    private static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            String x = a.get(i);
            String y = b.get(i);
            int c = x == null ? (y == null ? 0 : 1) : (y == null ? -1 : x.compareTo(y));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : (a.isAfter(b) ? a : b);
    }

    private <T> T read(SnapshotRead.Work<T> work) {
        return snapshot.run("stats query", work);
    }

    private static final class CountGroup {
        long attempts;
        long succeeded;
        long failed;
        final StatsAccounts accounts = new StatsAccounts();
    }

    private static final class FailureGroup {
        final String fingerprint;
        long count;
        Instant firstSeen;
        Instant lastSeen;
        final StatsAccounts accounts = new StatsAccounts();
        final Map<List<String>, Long> stageAndCode = new HashMap<>();
        final Map<String, Long> connectors = new HashMap<>();
        final Map<String, Long> packs = new HashMap<>();
        final Map<List<String>, Long> versions = new HashMap<>();

        FailureGroup(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        void add(String stage, String code, String connector, String pack, String version, long n, Instant first, Instant last) {
            count += n;
            firstSeen = firstSeen == null || first.isBefore(firstSeen) ? first : firstSeen;
            lastSeen = lastSeen == null || last.isAfter(lastSeen) ? last : lastSeen;
            stageAndCode.merge(Arrays.asList(stage, code), n, Long::sum);
            connectors.merge(connector, n, Long::sum);
            packs.merge(pack, n, Long::sum);
            versions.merge(List.of(pack, version), n, Long::sum);
        }

        FailureStats.Group toGroup(String sample, List<String> sampleAccounts) {
            // the fingerprint includes stage and code, so there is one pair; if not, the most frequent
            List<String> sc = top(stageAndCode, k -> k.toString()).get(0).getKey();
            return new FailureStats.Group(fingerprint, count, accounts.count(), sampleAccounts, sc.get(0), sc.get(1),
                    firstSeen, lastSeen,
                    sample, top(connectors, k -> k).stream().map(Map.Entry::getKey).toList(),
                    top(packs, k -> k).stream().map(Map.Entry::getKey).toList(),
                    top(versions, k -> k.get(0) + "@" + k.get(1)).stream()
                            .map(e -> new FailureStats.Version(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                            .toList());
        }

        private static <K> List<Map.Entry<K, Long>> top(Map<K, Long> counts, Function<K, String> name) {
            return counts.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<K, Long> e) -> -e.getValue())
                            .thenComparing(e -> name.apply(e.getKey())))
                    .limit(INVOLVED_LIMIT)
                    .toList();
        }
    }
}
