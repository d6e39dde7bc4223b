package io.packops.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a JFR recording of the fleet sweep and says where its time goes: the share of execution
 * samples (taken inside {@code FleetBench.sweep}) whose stack contains given methods, so the shares are
 * inclusive, like a flame graph's widths.
 */
final class SweepProfile {

    private record Bucket(String label, Predicate<Set<String>> matches) {
    }

    private static final String FP = "io.packops.compat.schema.WarehouseSchema.fingerprint";
    private static final String CANON = "io.packops.compat.schema.SchemaFingerprint.canonicalText";
    private static final String FLEET = "io.packops.compat.check.CompatChecker.checkFleet";
    private static final String PROBLEMS = "io.packops.compat.check.CompatChecker.problems";

    private static final List<Bucket> BUCKETS = List.of(
            new Bucket("fingerprint 10,000 schemas (WarehouseSchema.fingerprint)", s -> s.contains(FP)),
            new Bucket("  canonical text: build the kind|source|relation|column|family lines",
                    s -> s.contains(CANON) && !s.contains("java.util.ArrayList.sort") && !s.contains("java.lang.String.join")),
            new Bucket("    of which String.toLowerCase (normalise, TypeFamily/RelationKind.wireName)",
                    s -> s.contains(CANON) && s.contains("java.lang.String.toLowerCase")
                            && !s.contains("java.util.ArrayList.sort")),
            new Bucket("  canonical text: sort the lines", s -> s.contains(CANON) && s.contains("java.util.ArrayList.sort")),
            new Bucket("  canonical text: join the lines", s -> s.contains(CANON) && s.contains("java.lang.String.join")),
            new Bucket("  UTF-8 encode + SHA-256", s -> s.contains(FP) && !s.contains(CANON)),
            new Bucket("read + compile 50 versions",
                    s -> !s.contains(FLEET) && (s.contains("io.packops.compat.check.CompiledPack.compile")
                            || s.contains("io.packops.compat.manifest.ManifestReader.read"))),
            new Bucket("  YAML (ManifestReader.read)", s -> s.contains("io.packops.compat.manifest.ManifestReader.read")),
            new Bucket("  SQL parse (SqlCompiler.compile: JSqlParser)", s -> !s.contains(FLEET)
                    && s.contains("io.packops.compat.sql.SqlCompiler.compile")),
            new Bucket("checkFleet x 50", s -> s.contains(FLEET)),
            new Bucket("  group by fingerprint; account/warehouse sets; reports",
                    s -> s.contains(FLEET) && !s.contains(PROBLEMS)),
            new Bucket("  resolve a (fingerprint, dialect) group (QueryResolver.resolve)",
                    s -> s.contains(FLEET) && s.contains("io.packops.compat.sql.resolve.QueryResolver.resolve")),
            new Bucket("    of which Shape.of (copy a relation's columns into a scope)",
                    s -> s.contains(FLEET) && s.contains("io.packops.compat.sql.resolve.Shape.of")),
            new Bucket("  narrative placeholders (NarrativeTemplate.parse)",
                    s -> s.contains(FLEET) && s.contains("io.packops.compat.check.NarrativeTemplate.parse")),
            new Bucket("  problems -> Problem records", s -> s.contains(PROBLEMS)
                    && !s.contains("io.packops.compat.sql.resolve.QueryResolver.resolve")
                    && !s.contains("io.packops.compat.check.NarrativeTemplate.parse")));

    private SweepProfile() {
    }

    static void print(Path recording) throws IOException {
        int total = 0;
        int[] hits = new int[BUCKETS.size()];
        Duration gcPauses = Duration.ZERO;
        int gcs = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.GarbageCollection")) {
                if (!"System.gc()".equals(e.getString("cause"))) { // JMH's GC between shots is not measured
                    gcPauses = gcPauses.plus(e.getDuration("sumOfPauses"));
                    gcs++;
                }
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace trace = e.getStackTrace();
            if (trace == null) {
                continue;
            }
            Set<String> methods = new HashSet<>();
            for (RecordedFrame f : trace.getFrames()) {
                if (f.isJavaFrame()) {
                    methods.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                }
            }
            if (!methods.contains("io.packops.bench.FleetBench.sweep")) {
                continue;
            }
            total++;
            for (int i = 0; i < BUCKETS.size(); i++) {
                if (BUCKETS.get(i).matches().test(methods)) {
                    hits[i]++;
                }
            }
        }
        System.out.printf(Locale.ROOT, "Where the sweep's time goes (JFR, %d execution samples in FleetBench.sweep;"
                + " inclusive shares, nested lines are parts of the line above):%n", total);
        if (total == 0) {
            System.out.println("   no samples recorded");
            return;
        }
        for (int i = 0; i < BUCKETS.size(); i++) {
            System.out.printf(Locale.ROOT, "   %5.1f%%  %s%n", 100.0 * hits[i] / total, BUCKETS.get(i).label());
        }
        System.out.println("   (JFR does not sample inside JIT intrinsics, so the SHA-256 share is understated)");
        System.out.printf(Locale.ROOT, "   GC: %d collections in the fork, %.2f s of pauses (not counting JMH's System.gc()"
                + " between shots; setup included)%n", gcs, gcPauses.toNanos() / 1e9);
    }
}
