package io.packops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JDK 25 ahead-of-time cache of a packaged service ({@code <module>/target/quarkus-app/app.aot}, JEP 483/514/515):
 * which java starts the service and with which flag. The cache is used only with the JDK that wrote it (Temurin 25 at
 * {@link #DEFAULT_JDK}, or {@code PACKOPS_JDK25}) and only while it is newer than every jar it was trained on; otherwise
 * the service starts on the plain JVM and {@link Choice#reason} says why, in one line. {@code bench/build-aot} writes
 * the caches ({@code io.packops.cli.bench.AotTraining}).
 */
public final class AotCache {

    /** Where Temurin 25 is installed on the team's machines (the Debian package's path). */
    public static final Path DEFAULT_JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** The environment variable naming another JDK 25 home. */
    public static final String JDK_VARIABLE = "PACKOPS_JDK25";

    /** The cache's file name, next to {@code quarkus-run.jar}. */
    public static final String FILE = "app.aot";

    /** How to start one service: the java binary, the flags to add, and one line saying what was chosen and why. */
    public record Choice(String java, List<String> flags, boolean aot, String reason) {
    }

    private AotCache() {
    }

    /** The JDK 25 home named by {@code env} ({@link #JDK_VARIABLE}), else the default path; it may not exist. */
    public static Path jdk25Home(Map<String, String> env) {
        String named = env.get(JDK_VARIABLE);
        return named == null || named.isBlank() ? DEFAULT_JDK : Path.of(named);
    }

    /** {@link #jdk25Home}, when it has a java. */
    public static Optional<Path> jdk25(Map<String, String> env) {
        Path home = jdk25Home(env);
        return Files.isExecutable(javaOf(home)) ? Optional.of(home) : Optional.empty();
    }

    public static Path javaOf(Path jdkHome) {
        return jdkHome.resolve("bin").resolve("java");
    }

    /** The cache file of a service jar ({@code .../quarkus-app/quarkus-run.jar} → {@code .../quarkus-app/app.aot}). */
    public static Path cacheOf(Path jar) {
        return jar.resolveSibling(FILE);
    }

    /**
     * How to start {@code jar}: the JDK 25 at {@code jdk25Home} with {@code -XX:AOTCache} when it has a java and the
     * cache is present and fresh, else {@code plainJava} without it.
     */
    public static Choice choose(Path jar, Path jdk25Home, String plainJava) {
        Path cache = cacheOf(jar);
        if (!Files.isExecutable(javaOf(jdk25Home))) {
            return new Choice(plainJava, List.of(), false, "JDK 25 not found at " + jdk25Home + " (set $" + JDK_VARIABLE
                    + " to another): starting on the plain JVM");
        }
        if (!Files.isRegularFile(cache)) {
            return new Choice(plainJava, List.of(), false, "no AOT cache " + cache + " (bench/build-aot writes it): starting on the plain JVM");
        }
        Optional<Path> newer = newerJar(jar, cache);
        if (newer.isPresent()) {
            return new Choice(plainJava, List.of(), false, "AOT cache " + cache + " is stale (" + newer.get().getFileName()
                    + " was built after it; run bench/build-aot): starting on the plain JVM");
        }
        return new Choice(javaOf(jdk25Home).toString(), List.of("-XX:AOTCache=" + cache), true,
                "starting on JDK 25 (" + jdk25Home + ") with the AOT cache " + cache);
    }

    /** A training run: JDK 25 writing the cache at exit (JEP 514's one-step {@code -XX:AOTCacheOutput}); any old cache removed. */
    public static Choice training(Path jar, Path jdk25) {
        Path cache = cacheOf(jar);
        try {
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not remove the old AOT cache " + cache, e);
        }
        return new Choice(javaOf(jdk25).toString(), List.of("-XX:AOTCacheOutput=" + cache), true,
                "training run on JDK 25 (" + jdk25 + "): the AOT cache " + cache + " is written when the service stops");
    }

    /**
     * A jar of the application ({@code quarkus-run.jar}, {@code app/}, {@code lib/}) modified after the cache, i.e. a
     * rebuild the cache was not trained on; a cache that cannot be compared counts as stale.
     */
    static Optional<Path> newerJar(Path jar, Path cache) {
        try {
            FileTime trained = Files.getLastModifiedTime(cache);
            Path app = jar.getParent();
            List<Path> jars;
            try (Stream<Path> walk = Files.walk(app)) {
                jars = walk.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).toList();
            }
            for (Path p : jars) {
                if (Files.getLastModifiedTime(p).compareTo(trained) > 0) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(cache);
        }
    }
}
