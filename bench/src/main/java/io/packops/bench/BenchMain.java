package io.packops.bench;

import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the pack-compat benchmarks with JMH (one fork per benchmark, modest iteration counts for a small,
 * noisy machine) and prints medians, the targets, and ratios against a naive baseline measured in the
 * same run. Usage: {@code bench/run [--quick] [--verbose] [--profile]}.
 */
public final class BenchMain {

    static final double SINGLE_TARGET_MS = 20.0;
    static final double FLEET_TARGET_S = 5.0;

    private boolean quick;
    private boolean verbose;
    private boolean profile;
    private Path root;
    private Path stageLog;

    public static void main(String[] args) throws Exception {
        BenchMain main = new BenchMain();
        for (String a : args) {
            switch (a) {
                case "--quick" -> main.quick = true;
                case "--verbose", "-v" -> main.verbose = true;
                case "--profile" -> main.profile = true;
                case "-h", "--help" -> {
                    System.out.println("usage: bench/run [--quick] [--verbose] [--profile]\n"
                            + "  --quick    fewer iterations (smoke test; numbers are rougher)\n"
                            + "  --verbose  show JMH's own output\n"
                            + "  --profile  instead: run only the fleet sweep, recorded with JFR, and print where its time goes");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + a + " (try --help)");
                    System.exit(2);
                }
            }
        }
        main.run();
    }

    private void run() throws RunnerException, IOException {
        long started = System.nanoTime();
        root = Fixtures.root();
        System.setProperty("packops.root", root.toString());
        stageLog = Files.createTempFile("packops-bench-stages", ".log");
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "packops pack-compat benchmark (JMH 1.37%s) on %d cpus, Java %s%n",
                quick ? ", --quick: rough numbers" : "", rt.availableProcessors(), System.getProperty("java.version"));
        System.out.println("times are medians of the measurement iterations (min-max in brackets); one JMH fork per benchmark");
        System.out.println("load average at start: " + loadAverage() + " (other work on the machine inflates absolute times; ratios are same-run)");
        System.out.println();

        FleetFacts facts = fleetFacts();

        if (profile) {
            // Profile mode: only the fleet sweep, recorded with JFR, and where its time goes.
            progress("fleet sweep under JFR: 10,000 schemas x 50 versions, single shots");
            Path recording = Files.createTempFile("packops-bench-sweep", ".jfr");
            jmh(opts(FleetBench.class, "sweep",
                    "-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true",
                    "-XX:FlightRecorderOptions=stackdepth=512")
                    .warmupIterations(1).measurementIterations(quick ? 1 : 2).shouldDoGC(true));
            System.out.println();
            reportFleet(shots(), facts);
            SweepProfile.print(recording);
            Files.deleteIfExists(recording);
        } else {
            // JSqlParser's generated parser needs ~10 s of JIT warm-up on a busy 2-core machine.
            progress("[1/3] single pack vs real catalog: full check, 5 packs");
            Collection<RunResult> single = new ArrayList<>(jmh(opts(SinglePackBench.class, "fullCheck")
                    .warmupIterations(quick ? 2 : 10).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.milliseconds(quick ? 500 : 1000))));
            progress("[2/3] single pack vs real catalog: resolve-only, 5 packs");
            single.addAll(jmh(opts(SinglePackBench.class, "resolveOnly")
                    .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.milliseconds(500))));
            progress("[3/3] fleet sweep (10,000 schemas x 50 versions) and naive baseline sample ("
                    + FleetBench.NAIVE_SCHEMAS + " x " + FleetBench.NAIVE_VERSIONS + "), paired in each single shot");
            jmh(opts(FleetBench.class, "sweepWithBaseline")
                    .warmupIterations(quick ? 0 : 1).measurementIterations(quick ? 1 : 3).shouldDoGC(true));
            System.out.println();

            boolean singleOk = reportSingle(single);
            List<Shot> shots = shots();
            FleetOutcome fleet = reportFleet(shots, facts);
            reportBaselineAndSummary(single, singleOk, shots, fleet);
        }
        System.out.printf(Locale.ROOT, "%n(benchmark wall time %.0f s; load average at end: %s)%n",
                (System.nanoTime() - started) / 1e9, loadAverage());
        Files.deleteIfExists(stageLog);
    }

    // ---------------------------------------------------------------------------------------------

    private ChainedOptionsBuilder opts(Class<?> benchmarks, String method, String... extraJvmArgs) {
        List<String> jvmArgs = new ArrayList<>(List.of("-Dpackops.root=" + root, "-Dbench.stageLog=" + stageLog,
                "-Xms1g", "-Xmx3g"));
        jvmArgs.addAll(List.of(extraJvmArgs));
        return new OptionsBuilder()
                .include("^" + Pattern.quote(benchmarks.getName() + "." + method) + "$")
                .forks(1)
                .jvmArgsAppend(jvmArgs.toArray(String[]::new))
                .shouldFailOnError(true)
                .verbosity(verbose ? VerboseMode.NORMAL : VerboseMode.SILENT);
    }

    private static Collection<RunResult> jmh(ChainedOptionsBuilder options) throws RunnerException {
        return new Runner(options.build()).run();
    }

    private static void progress(String what) {
        System.out.println("... " + what);
        System.out.flush();
    }

    // ---------------------------------------------------------------------------------------------
    // 1. Single pack

    private boolean reportSingle(Collection<RunResult> results) {
        Map<String, Statistics> full = byPack(results, "fullCheck");
        Map<String, Statistics> resolve = byPack(results, "resolveOnly");
        System.out.println("1. One pack vs its connector's real dbt catalog, warm (ms per check)");
        System.out.println("   full check = parse every tile/KPI + resolve; resolve-only = pre-compiled pack;"
                + " naive = a full check per schema");
        System.out.printf(Locale.ROOT, "   %-26s %-21s %7s %-22s %-22s %9s  %s%n", "pack", "catalog (rels/cols)", "queries",
                "full check", "resolve-only", "full/res", "target full < 20 ms");
        boolean allOk = true;
        for (String pack : Fixtures.PACKS) {
            DashboardPack manifest = Fixtures.manifest(Fixtures.packYaml(pack, "1.0.0"));
            int queries = manifest.dashboards().stream().mapToInt(d -> d.tiles().size()).sum() + manifest.kpis().size();
            WarehouseSchema catalog = SchemaReader.read(Fixtures.catalogJson(manifest.connector()));
            int columns = catalog.relations().stream().mapToInt(r -> r.columns().size()).sum();
            Statistics f = full.get(pack);
            Statistics r = resolve.get(pack);
            boolean ok = f.getPercentile(50) < SINGLE_TARGET_MS;
            allOk &= ok;
            System.out.printf(Locale.ROOT, "   %-26s %-21s %7d %-22s %-22s %8.0fx  %s%n", pack + " " + manifest.version(),
                    manifest.connector() + " " + catalog.relations().size() + "/" + columns, queries, ms(f), ms(r),
                    f.getPercentile(50) / r.getPercentile(50), ok ? "PASS" : "FAIL");
        }
        System.out.println();
        return allOk;
    }

    private static Map<String, Statistics> byPack(Collection<RunResult> results, String method) {
        Map<String, Statistics> out = new HashMap<>();
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("." + method)) {
                out.put(r.getParams().getParam("pack"), r.getPrimaryResult().getStatistics());
            }
        }
        return out;
    }

    private static String ms(Statistics s) {
        return String.format(Locale.ROOT, "%s (%s-%s)", num(s.getPercentile(50)), num(s.getMin()), num(s.getMax()));
    }

    private static String num(double ms) {
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.3f", ms);
        }
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f", ms);
        }
        return String.format(Locale.ROOT, ms < 100 ? "%.1f" : "%.0f", ms);
    }

    // ---------------------------------------------------------------------------------------------
    // 2. Fleet

    /** What the fleet looks like, computed here (cheaply) so the report can say what was measured. */
    private record FleetFacts(int schemas, int fingerprints, int versions, double topShare,
                              Map<String, Integer> byWarehouse, int groups, int brokenFingerprints,
                              int brokenSchemas) {
    }

    private FleetFacts fleetFacts() {
        Fleet fleet = Fleet.standard();
        Map<String, Integer> byWarehouse = new LinkedHashMap<>();
        for (String w : Fleet.WAREHOUSES) {
            byWarehouse.put(w, 0);
        }
        int[] perVariant = new int[fleet.variants];
        for (int i = 0; i < fleet.size(); i++) {
            byWarehouse.merge(Fleet.WAREHOUSES[fleet.warehouseOf[i]], 1, Integer::sum);
            perVariant[fleet.variantOf[i]]++;
        }
        // checkFleet resolves once per (fingerprint, dialect) group; each warehouse here is its own dialect.
        CompatChecker checker = new CompatChecker();
        CompiledPack first = CompiledPack.compile(Fixtures.manifest(fleet.versionYamls.get(0)));
        int groups = 0;
        int brokenFingerprints = 0;
        int brokenSchemas = 0;
        for (int v = 0; v < fleet.variants; v++) {
            boolean broken = false;
            int members = 0;
            for (int w = 0; w < Fleet.WAREHOUSES.length; w++) {
                int n = fleet.count(v, w);
                if (n == 0) {
                    continue;
                }
                groups++;
                members += n;
                broken |= !checker.check(first, fleet.representative(v, w)).compatible();
            }
            if (broken) {
                brokenFingerprints++;
                brokenSchemas += members;
            }
        }
        int top = 0;
        for (int n : perVariant) {
            top = Math.max(top, n);
        }
        return new FleetFacts(fleet.size(), fleet.variantFingerprints.size(), fleet.versionYamls.size(),
                (double) top / fleet.size(), byWarehouse, groups, brokenFingerprints, brokenSchemas);
    }

    /** One measured shot of {@link FleetBench}, in ms; {@code naive} is 0 when the baseline was not run. */
    private record Shot(double naive, double materialise, double fingerprint, double compile, double check,
                        int incompatible) {
        double sweep() {
            return fingerprint + compile + check;
        }

        double naiveExtrapolated() {
            return naive * FULL_PAIRS / SAMPLE_PAIRS;
        }
    }

    static final long FULL_PAIRS = 10_000L * 50;
    static final int SAMPLE_PAIRS = FleetBench.NAIVE_SCHEMAS * FleetBench.NAIVE_VERSIONS;

    private List<Shot> shots() throws IOException {
        List<Shot> shots = new ArrayList<>();
        for (String line : Files.readAllLines(stageLog)) {
            if (!line.startsWith("shot ")) {
                continue;
            }
            Map<String, Long> v = new HashMap<>();
            for (String kv : line.substring(5).trim().split(" ")) {
                String[] p = kv.split("=");
                v.put(p[0], Long.parseLong(p[1]));
            }
            shots.add(new Shot(v.get("naive") / 1e6, v.get("materialise") / 1e6, v.get("fingerprint") / 1e6,
                    v.get("compile") / 1e6, v.get("check") / 1e6, v.get("incompatible").intValue()));
        }
        Files.writeString(stageLog, ""); // each run reads only its own shots
        if (shots.isEmpty()) {
            throw new IllegalStateException("the fleet benchmark logged no shots to " + stageLog);
        }
        return shots;
    }

    private record FleetOutcome(double totalMs, boolean ok) {
    }

    private FleetOutcome reportFleet(List<Shot> shots, FleetFacts facts) {
        System.out.printf(Locale.ROOT, "2. Fleet: %,d schemas (%d distinct fingerprints, top one %.0f%% of accounts; %s)%n"
                        + "   x %d pack versions; stripe-revenue 1.0.0 breaks %d fingerprints (%,d schemas)%n",
                facts.schemas(), facts.fingerprints(), facts.topShare() * 100, warehouses(facts.byWarehouse()),
                facts.versions(), facts.brokenFingerprints(), facts.brokenSchemas());
        System.out.printf(Locale.ROOT, "   checkFleet resolves each of the %d fingerprints once per version (again per dialect only for SQL"
                        + " whose verdict depends on it; %d (fingerprint, dialect) groups at most)%n",
                facts.fingerprints(), facts.groups());
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "   %-40s", "seconds"));
        for (int i = 0; i < shots.size(); i++) {
            header.append(String.format(Locale.ROOT, " %8s", "shot " + (i + 1)));
        }
        System.out.println(header.append(String.format(Locale.ROOT, " %8s", "median")));
        double total = median(shots.stream().map(Shot::sweep).toList());
        row("fingerprint 10,000 (500 bodies)", shots, Shot::fingerprint, total);
        row("read + compile 50 versions", shots, Shot::compile, total);
        row("checkFleet x 50 versions", shots, Shot::check, total);
        row("total", shots, Shot::sweep, total);
        row("(not timed: new 10,000 schema objects)", shots, Shot::materialise, -1);
        boolean ok = total < FLEET_TARGET_S * 1000;
        System.out.printf(Locale.ROOT, "   fleet total %s s: target < %.0f s: %s;   incompatible (schema, version) pairs found: %,d%n",
                sec(total), FLEET_TARGET_S, ok ? "PASS" : "FAIL", shots.get(0).incompatible());
        System.out.println();
        return new FleetOutcome(total, ok);
    }

    private static void row(String name, List<Shot> shots, java.util.function.ToDoubleFunction<Shot> f, double total) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-40s", name));
        List<Double> values = new ArrayList<>();
        for (Shot s : shots) {
            values.add(f.applyAsDouble(s));
            line.append(String.format(Locale.ROOT, " %8s", sec(f.applyAsDouble(s))));
        }
        double m = median(values);
        line.append(String.format(Locale.ROOT, " %8s", sec(m)));
        if (total > 0) {
            line.append(String.format(Locale.ROOT, "  %4.0f%%", 100 * m / total));
        }
        System.out.println(line);
    }

    private static String warehouses(Map<String, Integer> byWarehouse) {
        List<String> parts = new ArrayList<>();
        byWarehouse.forEach((w, n) -> parts.add(w + " " + n));
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------------------------------------
    // 3. Baseline and summary

    private void reportBaselineAndSummary(Collection<RunResult> single, boolean singleOk, List<Shot> shots,
                                          FleetOutcome fleet) {
        System.out.println("3. Baseline, measured in the same shots just before each sweep: naive = re-parse the pack for");
        System.out.println("   every schema and check every schema on its own (no compile-once, no fingerprint dedupe)");
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "   %-40s", ""));
        for (int i = 0; i < shots.size(); i++) {
            header.append(String.format(Locale.ROOT, " %8s", "shot " + (i + 1)));
        }
        System.out.println(header.append(String.format(Locale.ROOT, " %8s", "median")));
        row(String.format(Locale.ROOT, "naive on %d x %d = %,d pairs (s)", FleetBench.NAIVE_SCHEMAS,
                FleetBench.NAIVE_VERSIONS, SAMPLE_PAIRS), shots, Shot::naive, -1);
        rowRaw("  = ms per (schema, version) pair", shots, s -> s.naive() / SAMPLE_PAIRS, BenchMain::num);
        rowRaw(String.format(Locale.ROOT, "EXTRAPOLATED to %,d pairs (s)", FULL_PAIRS), shots,
                s -> s.naiveExtrapolated() / 1000, v -> String.format(Locale.ROOT, "%,.0f", v));
        rowRaw("speed-up: extrapolated naive / sweep", shots, s -> s.naiveExtrapolated() / s.sweep(),
                v -> String.format(Locale.ROOT, "%,.0fx", v));
        System.out.println("   (the naive sample's fingerprints and YAML reading are done in setup, which flatters the baseline)");
        System.out.println();

        double naiveMs = median(shots.stream().map(Shot::naiveExtrapolated).toList());
        double speedUp = median(shots.stream().map(s -> s.naiveExtrapolated() / s.sweep()).toList());
        double worstFull = 0;
        double sumRatio = 0;
        for (String pack : Fixtures.PACKS) {
            Statistics f = byPack(single, "fullCheck").get(pack);
            Statistics r = byPack(single, "resolveOnly").get(pack);
            worstFull = Math.max(worstFull, f.getPercentile(50));
            sumRatio += f.getPercentile(50) / r.getPercentile(50);
        }
        System.out.println("Summary");
        System.out.printf(Locale.ROOT, "fleet: 10000 schemas x 50 versions: %s s (target < %.0f s: %s)"
                        + " - naive baseline (extrapolated) %,.0f s - speed-up %,.0fx%n",
                sec(fleet.totalMs()), FLEET_TARGET_S, fleet.ok() ? "PASS" : "FAIL", naiveMs / 1000, speedUp);
        System.out.printf(Locale.ROOT, "single pack: full check (parse + resolve) worst median %s ms over 5 packs"
                        + " (target < %.0f ms: %s) - each further schema costs resolve-only, on average %.0fx less"
                        + " than the naive full check%n",
                num(worstFull), SINGLE_TARGET_MS, singleOk ? "PASS" : "FAIL", sumRatio / Fixtures.PACKS.size());
    }

    private static void rowRaw(String name, List<Shot> shots, java.util.function.ToDoubleFunction<Shot> f,
                               java.util.function.DoubleFunction<String> format) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "   %-40s", name));
        List<Double> values = new ArrayList<>();
        for (Shot s : shots) {
            values.add(f.applyAsDouble(s));
            line.append(String.format(Locale.ROOT, " %8s", format.apply(f.applyAsDouble(s))));
        }
        System.out.println(line.append(String.format(Locale.ROOT, " %8s", format.apply(median(values)))));
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String sec(double ms) {
        return String.format(Locale.ROOT, ms < 10_000 ? "%.2f" : "%.1f", ms / 1000);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
