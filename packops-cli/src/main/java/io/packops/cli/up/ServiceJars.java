package io.packops.cli.up;

import io.packops.launcher.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** The services' packaged jars: built by {@code ./mvnw package} when one is missing or older than what it is built from. */
final class ServiceJars {

    /** A build that failed, with its exit code and log. */
    static final class BuildFailed extends Exception {
        BuildFailed(String message) {
            super(message);
        }
    }

    private ServiceJars() {
    }

    /** The modules among {@code modules} whose jar is missing or stale (see {@link #stale}). */
    static List<String> stale(Path root, List<String> modules) {
        return modules.stream().filter(m -> stale(root, m)).toList();
    }

    /** The module's jar is missing, or older than a source or pom it is built from (its module's, the libraries', the root pom). */
    static boolean stale(Path root, String module) {
        Path jar = ServiceProcess.jar(root, module);
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (Path p : List.of(root.resolve("pom.xml"), root.resolve(module).resolve("pom.xml"),
                    root.resolve(module).resolve("src/main"), root.resolve("pack-compat/src/main"), root.resolve("pack-compat/pom.xml"),
                    root.resolve("service-kit/src/main"), root.resolve("service-kit/pom.xml"))) {
                if (Files.exists(p) && newerThan(p, built)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean newerThan(Path tree, FileTime built) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(built) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    /**
     * {@code ./mvnw -B clean package -DskipTests -pl <all modules> -am}, the whole output in {@code buildLog}. Clean,
     * because an incremental build keeps what the sources no longer have: a migration renamed by a pull stayed in
     * target/classes under its old name, and Flyway refused to start ("more than one migration with version 10").
     */
    static void build(Path root, List<String> modules, List<String> stale, Path buildLog)
            throws BuildFailed, IOException, InterruptedException {
        String mvnw = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") ? "mvnw.cmd" : "./mvnw";
        // the whole Maven output goes to the log (with -q it would be empty unless the build failed)
        Process p = new ProcessBuilder(mvnw, "-B", "clean", "package", "-DskipTests", "-pl", String.join(",", modules), "-am")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(mvnw.equals("./mvnw") ? "/dev/null" : "NUL")))
                .start();
        int code = p.waitFor();
        if (code != 0 || modules.stream().anyMatch(m -> !Files.isRegularFile(ServiceProcess.jar(root, m)))) {
            throw new BuildFailed("the build failed (exit " + code + "); see " + buildLog);
        }
        for (String m : stale) {
            // an up-to-date build may leave the jar untouched: mark it built now, or every start would rebuild
            Files.setLastModifiedTime(ServiceProcess.jar(root, m), FileTime.from(Instant.now()));
        }
    }
}
