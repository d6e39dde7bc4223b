package io.packops.bench;

import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.FleetReport;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.WarehouseSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The fleet sweep of {@link Fleet#standard()} (10,000 schemas, 100 distinct fingerprints, 50 pack
 * versions) and its naive baseline, as single shots.
 *
 * <p>The sweep: fingerprint every schema (new objects every shot, so nothing is cached), read and
 * compile the 50 versions, and {@code checkFleet} each version against all schemas.
 *
 * <p>The naive baseline, without the design's two optimisations: for each of 5 versions (spread over the
 * 50) and each of 200 sampled schemas, {@code check(DashboardPack, schema)} re-parses the pack and
 * resolves that schema on its own (no compile-once, no fingerprint dedupe). The report extrapolates it
 * linearly to 10,000 x 50 pairs. Its schemas are fingerprinted and its manifests read in setup, outside
 * the measurement, which flatters the baseline.
 *
 * <p>{@code sweepWithBaseline} runs the baseline sample and then the sweep in every shot, so both see
 * the same machine load (this machine is shared and noisy) and each shot gives its own ratio;
 * {@code sweep} alone is what {@code --profile} records. Each shot's stage times go to the file named by
 * {@code -Dbench.stageLog}: JMH itself only measures whole shots.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FleetBench {

    public static final int NAIVE_SCHEMAS = 200;
    public static final int NAIVE_VERSIONS = 5;
    public static final long NAIVE_SAMPLE_SEED = 7L;

    private final CompatChecker checker = new CompatChecker();
    private Fleet fleet;
    private List<WarehouseSchema> schemas;
    private List<WarehouseSchema> naiveSchemas;
    private List<DashboardPack> naiveVersions;

    private long materialiseNanos;
    private long naiveNanos;
    private long fingerprintNanos;
    private long compileNanos;
    private long checkNanos;
    private int incompatibleSchemas;

    @Setup(Level.Trial)
    public void setUpTrial() {
        fleet = Fleet.standard();
        naiveSchemas = fleet.sample(NAIVE_SCHEMAS, NAIVE_SAMPLE_SEED);
        naiveSchemas.forEach(WarehouseSchema::fingerprint);
        naiveVersions = fleet.versionSample(NAIVE_VERSIONS).stream().map(Fixtures::manifest).toList();
    }

    /**
     * New schema objects for every shot, over freshly built shared bodies: each distinct body's index and
     * fingerprint are computed again in the measured sweep. Not measured itself.
     */
    @Setup(Level.Iteration)
    public void setUpIteration() {
        schemas = null;
        fleet.resetBodies();
        naiveNanos = 0;
        fingerprintNanos = 0;
        long t0 = System.nanoTime();
        schemas = fleet.materialise();
        materialiseNanos = System.nanoTime() - t0;
    }

    @Benchmark
    public void sweep(Blackhole bh) {
        runSweep(bh);
    }

    @Benchmark
    public void sweepWithBaseline(Blackhole bh) {
        long t0 = System.nanoTime();
        for (DashboardPack version : naiveVersions) {
            for (WarehouseSchema s : naiveSchemas) {
                bh.consume(checker.check(version, s));
            }
        }
        naiveNanos = System.nanoTime() - t0;
        runSweep(bh);
    }

    private void runSweep(Blackhole bh) {
        long t0 = System.nanoTime();
        for (WarehouseSchema s : schemas) {
            bh.consume(s.fingerprint());
        }
        long t1 = System.nanoTime();
        List<CompiledPack> versions = new ArrayList<>(fleet.versionYamls.size());
        for (String yaml : fleet.versionYamls) {
            versions.add(CompiledPack.compile(Fixtures.manifest(yaml)));
        }
        long t2 = System.nanoTime();
        int incompatible = 0;
        for (CompiledPack version : versions) {
            FleetReport report = checker.checkFleet(version, schemas);
            incompatible += report.incompatibleSchemas();
            bh.consume(report);
        }
        long t3 = System.nanoTime();
        fingerprintNanos = t1 - t0;
        compileNanos = t2 - t1;
        checkNanos = t3 - t2;
        incompatibleSchemas = incompatible;
    }

    @TearDown(Level.Iteration)
    public void logShot(IterationParams iteration) {
        String file = System.getProperty("bench.stageLog");
        if (file == null || iteration.getType() != IterationType.MEASUREMENT || fingerprintNanos == 0) {
            return;
        }
        String line = String.format(Locale.ROOT,
                "shot naive=%d materialise=%d fingerprint=%d compile=%d check=%d incompatible=%d%n",
                naiveNanos, materialiseNanos, fingerprintNanos, compileNanos, checkNanos, incompatibleSchemas);
        try {
            Files.writeString(Path.of(file), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
