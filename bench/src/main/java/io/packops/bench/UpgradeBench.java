package io.packops.bench;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.FleetUpgrade;
import io.packops.compat.upgrade.PackUpgrade;
import io.packops.compat.upgrade.UpgradeCheck;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradedFleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The fleet check of a coming dbt package release (issue 21), as alerting runs it, against the naive approach, in one
 * run. The release is the real fivetran/dbt_stripe 34 ("handle multiple disputes") over 33; the fleet is 300 stripe
 * accounts (the demo fleet's size) on 5 warehouses: 240 on variants of 33 (20 variants, each dropping 0-2 model
 * columns, seeded), 60 already on 34; the 5 packs are the readers of packs/catalog-history/stripe/ and
 * stripe-revenue 1.0.0 (written against 62: already broken on 33, which the check must not blame on the upgrade).
 *
 * <p>Fleet check = diff once ({@link UpgradeDiff#between}), apply it once per distinct fingerprint
 * ({@link UpgradeDiff#applyToFleet}), compile each pack once and {@link UpgradeCheck#checkFleet} it (each fingerprint
 * resolved once per dialect, before and after), then the blast radius by warehouse. Naive = per account and pack: diff
 * the two catalogs, apply, compile the manifest, check before and after ({@link UpgradeCheck#check}); measured on a
 * sample of pairs and extrapolated to all 1,500, which flatters it (no per-account I/O). The sampled pairs' verdicts
 * are compared with the fleet check's: both must agree. Target: fleet check < 2 s.
 */
public final class UpgradeBench {

    static final String HISTORY = "packs/catalog-history/stripe/";
    static final String[] WAREHOUSES = {"snowflake", "bigquery", "redshift", "databricks", "postgres"};
    static final int ACCOUNTS = 300;
    static final int ON_NEW = 60;
    static final int VARIANTS = 20;
    static final int SHOTS = 5;
    static final int NAIVE_SAMPLE = 60;

    private UpgradeBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Fixtures.root();
        String from = Files.readString(root.resolve(HISTORY + "33-2024-09-25-e2677a5.catalog.json"));
        String to = Files.readString(root.resolve(HISTORY + "34-2024-10-02-7cfdfc5.catalog.json"));
        List<String> yamls = new ArrayList<>();
        for (String reader : List.of("balance-legacy", "daily-overview", "disputes", "subscription-discounts")) {
            yamls.add(Files.readString(root.resolve(HISTORY + "readers/" + reader + ".yaml")));
        }
        yamls.add(Fixtures.packYaml("stripe-revenue", "1.0.0"));
        WarehouseSchema before = SchemaReader.read(from);
        WarehouseSchema after = SchemaReader.read(to);
        List<WarehouseSchema> fleet = fleet(before, after);
        List<DashboardPack> packs = yamls.stream().map(Fixtures::manifest).toList();

        System.out.printf(Locale.ROOT, "load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.printf(Locale.ROOT, "fleet: %d accounts (%d distinct fingerprints) x %d packs, release 33 -> 34%n",
                fleet.size(), fleet.stream().map(WarehouseSchema::fingerprint).distinct().count(), packs.size());

        // warm-up (JIT: JSqlParser's parser needs it), then measured shots
        Result result = null;
        for (int i = 0; i < 3; i++) {
            result = fleetCheck(before, after, fleet, packs);
        }
        naive(before, after, fleet, packs, sample(fleet.size(), packs.size(), 10, 7L));
        long[] shots = new long[SHOTS];
        for (int i = 0; i < SHOTS; i++) {
            long t = System.nanoTime();
            result = fleetCheck(before, after, fleet, packs);
            shots[i] = System.nanoTime() - t;
        }
        List<int[]> pairs = sample(fleet.size(), packs.size(), NAIVE_SAMPLE, 20261207L);
        long t = System.nanoTime();
        Map<String, Boolean> naive = naive(before, after, fleet, packs, pairs);
        long naiveNanos = System.nanoTime() - t;

        // the same answers: each sampled (account, pack) breaks in the naive check iff the fleet check says so
        for (int[] p : pairs) {
            String account = fleet.get(p[0]).accountId();
            String pack = packs.get(p[1]).name();
            boolean fleetSays = result.breaking.get(pack).values().stream().anyMatch(s -> s.contains(account));
            if (fleetSays != naive.get(account + "|" + pack)) {
                throw new IllegalStateException("the fleet check and the naive check disagree on " + account + " " + pack);
            }
        }
        Arrays.sort(shots);
        double median = shots[SHOTS / 2] / 1e6;
        double perPair = naiveNanos / 1e6 / pairs.size();
        double naiveTotal = perPair * fleet.size() * packs.size();
        result.breaking.forEach((pack, byWarehouse) -> System.out.printf(Locale.ROOT, "  %-30s breaks for %3d accounts %s%n",
                pack, byWarehouse.values().stream().mapToInt(SortedSet::size).sum(), counts(byWarehouse)));
        System.out.printf(Locale.ROOT, "fleet check: median %.0f ms [%.0f-%.0f] over %d shots%n", median, shots[0] / 1e6,
                shots[SHOTS - 1] / 1e6, SHOTS);
        STAGES.subList(STAGES.size() - SHOTS, STAGES.size()).forEach(s -> System.out.println("  shot: " + s));
        System.out.printf(Locale.ROOT, "naive: %.1f ms per (account, pack) over %d sampled pairs -> %.1f s for all %d"
                + " (extrapolated); speed-up %.0fx; the sampled verdicts agree%n", perPair, pairs.size(), naiveTotal / 1000,
                fleet.size() * packs.size(), naiveTotal / median);
        System.out.println(median < 2000 ? "PASS fleet check < 2 s" : "FAIL fleet check >= 2 s");
    }

    /** Each shot's stage times, printed with the median shot's. */
    static final List<String> STAGES = new ArrayList<>();

    /** Per pack: the accounts the upgrade breaks it for, by warehouse. */
    record Result(Map<String, Map<String, SortedSet<String>>> breaking) {
    }

    static Result fleetCheck(WarehouseSchema before, WarehouseSchema after, List<WarehouseSchema> fleet,
                             List<DashboardPack> packs) {
        long t0 = System.nanoTime();
        UpgradeDiff diff = UpgradeDiff.between(before, after);
        long t1 = System.nanoTime();
        UpgradedFleet upgraded = diff.applyToFleet(fleet);
        long t2 = System.nanoTime();
        UpgradeCheck check = new UpgradeCheck();
        Map<String, Map<String, SortedSet<String>>> out = new LinkedHashMap<>();
        long compile = 0;
        for (DashboardPack pack : packs) {
            long c = System.nanoTime();
            CompiledPack compiled = CompiledPack.compile(pack);
            compile += System.nanoTime() - c;
            FleetUpgrade f = check.checkFleet(compiled, upgraded);
            out.put(pack.name(), f.breakingAccountsByWarehouse());
        }
        long t3 = System.nanoTime();
        STAGES.add(String.format(Locale.ROOT, "diff %.0f ms, apply to %d fingerprints %.0f ms, compile %.0f ms,"
                        + " checks %.0f ms", (t1 - t0) / 1e6, upgraded.fingerprints().size(), (t2 - t1) / 1e6,
                compile / 1e6, (t3 - t2 - compile) / 1e6));
        return new Result(out);
    }

    /** (account, pack) -> whether the upgrade breaks the pack for it, each pair on its own. */
    static Map<String, Boolean> naive(WarehouseSchema before, WarehouseSchema after, List<WarehouseSchema> fleet,
                                      List<DashboardPack> packs, List<int[]> pairs) {
        Map<String, Boolean> out = new HashMap<>();
        UpgradeCheck check = new UpgradeCheck();
        for (int[] p : pairs) {
            WarehouseSchema account = fleet.get(p[0]);
            DashboardPack pack = packs.get(p[1]);
            UpgradeDiff diff = UpgradeDiff.between(before, after);
            PackUpgrade r = check.check(CompiledPack.compile(pack), account, diff);
            out.put(account.accountId() + "|" + pack.name(), r.breaks());
        }
        return out;
    }

    /**
     * 240 accounts on variants of 33 (variant 0 is 33 itself; the others drop 0-2 model columns), 60 on 34, spread
     * over the warehouses; accounts of one variant and warehouse share a body, as ingest stores one per fingerprint.
     */
    static List<WarehouseSchema> fleet(WarehouseSchema before, WarehouseSchema after) {
        Random rnd = new Random(20261207L);
        List<List<Relation>> variants = new ArrayList<>();
        variants.add(before.relations());
        while (variants.size() < VARIANTS) {
            List<Relation> v = new ArrayList<>(before.relations());
            for (int k = rnd.nextInt(3); k > 0; k--) {
                int i = rnd.nextInt(v.size());
                Relation r = v.get(i);
                if (r.columns().size() > 1) {
                    List<io.packops.compat.schema.Column> cols = new ArrayList<>(r.columns());
                    cols.remove(rnd.nextInt(cols.size()));
                    v.set(i, new Relation(r.name(), r.kind(), r.sourceName(), cols));
                }
            }
            variants.add(v);
        }
        Map<String, WarehouseSchema> bodies = new TreeMap<>();
        List<WarehouseSchema> fleet = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String warehouse = WAREHOUSES[rnd.nextInt(WAREHOUSES.length)];
            int variant = i < ON_NEW ? -1 : rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(VARIANTS);
            WarehouseSchema body = bodies.computeIfAbsent(variant + "|" + warehouse, k -> variant < 0 ? after
                    : new WarehouseSchema(null, "stripe", null, null, variants.get(variant), null));
            fleet.add(body.withEnvelope(String.format(Locale.ROOT, "acct_%03d", i), "stripe", warehouse,
                    "2026-12-07T10:00:00Z"));
        }
        return fleet;
    }

    static List<int[]> sample(int accounts, int packs, int n, long seed) {
        Random rnd = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new int[]{rnd.nextInt(accounts), i % packs});
        }
        return out;
    }

    private static String counts(Map<String, SortedSet<String>> byWarehouse) {
        Map<String, Integer> n = new TreeMap<>();
        byWarehouse.forEach((w, s) -> n.put(w, s.size()));
        return n.toString();
    }
}
