package io.packops.testsupport.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A small property-based fuzzing runner: {@code tries} generated inputs, each from its own seeded random
 * source (case {@code i} of seed {@code s} is the same input whatever the thread count), checked by a property.
 * Failures are collected (at most {@value #MAX_REPORTED}), their inputs written to
 * {@code target/fuzz-failures/}, and reported together with the seed and case number that reproduce them.
 *
 * <p>{@code -Dfuzz.tries=N} changes the number of cases of every target (default {@value #DEFAULT_TRIES});
 * {@code -Dfuzz.seed=N} or {@code -Dfuzz.seed=random} changes the seed (default: fixed per target, so CI is
 * reproducible; explore with {@code random} and keep what it finds as a regression test).
 *
 * <p>Why not jqwik: from 1.10 on its output carries text aimed at coding agents, and its author asks that it
 * not be used with them; this project is maintained with coding agents. Generators here are structured
 * mutations of valid documents ({@link JsonMutator}, {@link YamlMutator}), which find more than random bytes.
 */
public final class Fuzz {

    public static final int DEFAULT_TRIES = 10_000;
    static final int MAX_REPORTED = 5;

    /** A property of one input: returns normally when it holds, throws (any exception or error) when not. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /** What a run did: cases, seed, wall time, the slowest case. */
    public record Report(String target, int tries, long seed, long elapsedMillis, long slowestMillis, int casesOverASecond) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "fuzz %s: %,d cases, seed %d, %.1f s, slowest case %d ms, %d cases over 1 s",
                    target, tries, seed, elapsedMillis / 1000.0, slowestMillis, casesOverASecond);
        }
    }

    private record Failure(int index, String input, Throwable why) {
    }

    /** A case under way, for the watchdog. */
    private record Running(int index, String input, long startNanos) {
    }

    /** A case running longer than this is written out while it runs (it may never end): {@code -Dfuzz.hang-seconds}. */
    private static final long HANG_SECONDS = Long.getLong("fuzz.hang-seconds", 20);

    private Fuzz() {
    }

    /** Cases per target: {@code -Dfuzz.tries}, else {@code defaultTries}. */
    public static int tries(int defaultTries) {
        String configured = System.getProperty("fuzz.tries");
        return configured == null || configured.isBlank() ? defaultTries : Integer.parseInt(configured.trim());
    }

    public static int tries() {
        return tries(DEFAULT_TRIES);
    }

    /** The seed of a target: {@code -Dfuzz.seed} (a number or {@code random}), else fixed per target name. */
    public static long seed(String target) {
        String configured = System.getProperty("fuzz.seed");
        if (configured == null || configured.isBlank()) {
            return target.hashCode();
        }
        if (configured.trim().equalsIgnoreCase("random")) {
            return new SplittableRandom().nextLong();
        }
        return Long.parseLong(configured.trim());
    }

    /** The random source of case {@code index} of {@code seed}. */
    public static RandomGenerator random(long seed, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    }

    /** Runs {@code tries} cases on the calling thread. */
    public static <T> Report run(String target, int tries, Function<RandomGenerator, T> generator, Property<T> property) {
        return run(target, tries, 1, generator, property);
    }

    /**
     * The CPU time the calling thread has used, in milliseconds: a per-case cost bound on it catches a blow-up
     * (exponential parsing, quadratic scanning) without failing when a loaded machine stretches the wall time.
     */
    public static long threadCpuMillis() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1_000_000;
    }

    /**
     * Runs {@code tries} cases on {@code threads} threads and fails (AssertionError) when any case fails,
     * naming the seed and the cases, with their inputs (abridged; whole in {@code target/fuzz-failures/}).
     */
    public static <T> Report run(String target, int tries, int threads, Function<RandomGenerator, T> generator,
                                 Property<T> property) {
        long seed = seed(target);
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        AtomicLong slowest = new AtomicLong();
        AtomicInteger overASecond = new AtomicInteger();
        long start = System.nanoTime();
        java.util.Map<Thread, Running> running = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ScheduledExecutorService watchdog = watchdog(target, seed, running);
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tries; i = next.getAndIncrement()) {
                T input = generator.apply(random(seed, i));
                long t0 = System.nanoTime();
                running.put(Thread.currentThread(), new Running(i, String.valueOf(input), t0));
                try {
                    property.check(input);
                } catch (Exception | AssertionError | StackOverflowError | OutOfMemoryError e) {
                    if (failed.incrementAndGet() <= MAX_REPORTED) {
                        failures.add(new Failure(i, String.valueOf(input), e));
                    }
                } finally {
                    running.remove(Thread.currentThread());
                }
                long millis = (System.nanoTime() - t0) / 1_000_000;
                slowest.accumulateAndGet(millis, Math::max);
                if (millis > 1_000) {
                    overASecond.incrementAndGet();
                }
            }
        };
        if (threads <= 1) {
            worker.run();
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    workers.add(pool.submit(worker));
                }
                for (Future<?> f : workers) {
                    f.get();
                }
            } catch (Exception e) {
                throw new IllegalStateException("fuzz worker failed", e);
            } finally {
                pool.shutdownNow();
            }
        }
        watchdog.shutdownNow();
        Report report = new Report(target, tries, seed, (System.nanoTime() - start) / 1_000_000, slowest.get(),
                overASecond.get());
        System.out.println(report);
        if (failed.get() > 0) {
            throw new AssertionError(describe(report, failed.get(), failures));
        }
        return report;
    }

    /** Every two seconds: a case running past {@link #HANG_SECONDS} is saved and named on stderr, once. */
    private static java.util.concurrent.ScheduledExecutorService watchdog(String target, long seed,
                                                                          java.util.Map<Thread, Running> running) {
        java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzz-watchdog");
            t.setDaemon(true);
            return t;
        });
        java.util.Set<Integer> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
        watchdog.scheduleWithFixedDelay(() -> {
            for (Running r : running.values()) {
                long seconds = (System.nanoTime() - r.startNanos()) / 1_000_000_000L;
                if (seconds >= HANG_SECONDS && reported.add(r.index())) {
                    Path saved = save(target + "-HANG", seed, r.index(), r.input());
                    System.err.println("fuzz " + target + ": case " + r.index() + " (seed " + seed + ") has run " + seconds
                            + " s; its input is in " + saved + ": " + abridge(r.input()));
                }
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
        return watchdog;
    }

    private static String describe(Report report, int failed, List<Failure> failures) {
        StringBuilder sb = new StringBuilder();
        sb.append(report.target()).append(": ").append(failed).append(" of ").append(report.tries())
                .append(" cases failed (seed ").append(report.seed()).append("; rerun with -Dfuzz.seed=")
                .append(report.seed()).append(")");
        List<Failure> sorted = new ArrayList<>(failures);
        sorted.sort((a, b) -> Integer.compare(a.index(), b.index()));
        for (Failure f : sorted) {
            Path saved = save(report.target(), report.seed(), f.index(), f.input());
            sb.append("\n- case ").append(f.index()).append(": ").append(f.why())
                    .append("\n  input (").append(f.input().length()).append(" chars, saved to ").append(saved).append("): ")
                    .append(abridge(f.input()));
        }
        return sb.toString();
    }

    private static Path save(String target, long seed, int index, String input) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Path file = dir.resolve(target.replaceAll("[^A-Za-z0-9_.-]", "_") + "-seed" + seed + "-case" + index + ".txt");
            Files.write(file, (input.length() > 50_000_000 ? input.substring(0, 50_000_000) : input)
                    .getBytes(StandardCharsets.UTF_8)); // a lone surrogate becomes '?'
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At most 600 characters, control characters made visible. */
    public static String abridge(String s) {
        String shown = s.length() > 600 ? s.substring(0, 400) + " […" + (s.length() - 600) + " chars…] "
                + s.substring(s.length() - 200) : s;
        StringBuilder sb = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c == '\n') {
                sb.append("⏎\n    ");
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
