package io.packops.launcher;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar}) run as its own process on a fixed port,
 * its output appended to {@code <name>.log} after a marker line per start. It can be stopped (TERM, then KILL after a
 * grace period), killed (SIGKILL, what a crash or an OOM kill does) and started again on the same port and
 * environment; {@link #died} tells a process that ended unasked from one that was stopped.
 */
public final class ServiceProcess {

    /** Lean JVM flags: C1 only and the serial collector start faster and leave CPU to the rest of the stack. */
    public static final List<String> LEAN_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-Xss512k");

    /** Variables of the launching environment a service reads as configuration: none of them reach an isolated one. */
    static final List<String> CONFIGURATION_PREFIXES = List.of("QUARKUS_", "PACKOPS_", "PD_", "PAGERDUTY_", "INGEST_",
            "OWNERSHIP_", "ALERTING_", "ALERTS_", "RULES_", "COMPAT_", "STATS_", "ROLLOUTS_");

    /** A start that did not become ready: {@link #summary} names the log, the message adds its last lines. */
    public static final class NotReady extends IllegalStateException {
        private final String summary;

        NotReady(String summary, String tail) {
            super(summary + ":\n" + tail);
            this.summary = summary;
        }

        public String summary() {
            return summary;
        }
    }

    private final Stack stack;
    private final String name;
    private final String module;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Path log;
    private Process process;
    private int starts;
    private Path trainingJdk;
    private boolean stopRequested;

    ServiceProcess(Stack stack, String name, String module, int port, Map<String, String> env) {
        this.stack = stack;
        this.name = name;
        this.module = module;
        this.port = port;
        this.env = new LinkedHashMap<>(env);
        this.jvmArgs.addAll(stack.settings().jvmOptions());
        this.log = stack.settings().dir().resolve(name + ".log");
    }

    /** JVM flags for this service's process (before it starts), e.g. a log category at DEBUG. */
    public synchronized ServiceProcess jvmArgs(List<String> args) {
        jvmArgs.addAll(args);
        return this;
    }

    /**
     * Makes this service's next starts a training run of its AOT cache: on the JDK 25 at {@code jdkHome}, with
     * {@code -XX:AOTCacheOutput}, so the JVM writes {@code app.aot} next to the jar when it exits after a graceful stop
     * (TERM; a KILL writes nothing). The old cache is removed at start, so a failed run leaves none rather than a stale one.
     */
    public synchronized ServiceProcess trainAot(Path jdkHome) {
        trainingJdk = jdkHome;
        return this;
    }

    public String name() {
        return name;
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://" + stack.settings().host() + ":" + port;
    }

    public Path log() {
        return log;
    }

    public Path jar() {
        return jar(stack.settings().root(), module);
    }

    /** Where the build puts a service's runnable jar. */
    public static Path jar(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Starts the process (not waiting for it); its output goes to the log after a marker line. */
    public synchronized ServiceProcess start() {
        if (stack.closed()) {
            throw new IllegalStateException(name + " not started: the stack is stopping");
        }
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException(jar() + " is missing: package the services first "
                    + "(./mvnw -B -pl ingest-service,ownership-service,alerting-service -am package -DskipTests)");
        }
        boolean isolated = stack.settings().isolated();
        // the user's stack starts on JDK 25 with the service's AOT cache when both are there; a test's stack keeps the
        // launcher's own JVM and lean flags, so its runs do not depend on what the machine has built
        AotCache.Choice runtime = trainingJdk != null ? AotCache.training(jar(), trainingJdk)
                : isolated ? new AotCache.Choice(java(), List.of(), false, "starting on " + java())
                : AotCache.choose(jar(), AotCache.jdk25Home(System.getenv()), java());
        List<String> command = new ArrayList<>();
        command.add(runtime.java());
        command.addAll(runtime.flags());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory((isolated ? stack.settings().dir() : stack.settings().root()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        if (isolated) {
            pb.environment().keySet().removeIf(k -> CONFIGURATION_PREFIXES.stream().anyMatch(k::startsWith));
        }
        pb.environment().putAll(env);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            starts++;
            Files.writeString(log, "\n===== " + stack.settings().label() + ": start #" + starts + " of " + name + " at "
                    + Instant.now() + " =====\n" + runtime.reason() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = pb.start();
            stopRequested = false;
            if (!isolated) {
                stack.settings().say().accept(name + ": " + runtime.reason());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitReady(timeout, waited -> {
        });
    }

    /** As {@link #awaitReady(Duration)}, telling {@code stillWaiting} how long it has waited, every 5 seconds. */
    public ServiceProcess awaitReady(Duration timeout, Consumer<Duration> stillWaiting) {
        long start = System.nanoTime();
        long lastReport = 0;
        while (true) {
            Process p;
            synchronized (this) {
                p = process;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            if (p == null || !p.isAlive()) {
                throw new NotReady(name + " exited (code " + (p == null ? "?" : p.exitValue()) + ") after " + seconds
                        + "s before it was ready; see " + log, tail(60));
            }
            if (health("/q/health/ready") == 200) {
                return this;
            }
            if (seconds >= timeout.toSeconds()) {
                throw new NotReady(name + " was not ready within " + timeout.toSeconds() + "s; see " + log, tail(60));
            }
            if (seconds - lastReport >= 5) {
                lastReport = seconds;
                stillWaiting.accept(Duration.ofSeconds(seconds));
            }
            sleep(250);
        }
    }

    /** The status of a GET on {@code path} of this service, or 0 without an answer. */
    public int health(String path) {
        return stack.http().status(url() + path, Duration.ofSeconds(5));
    }

    /** Asks the process to stop (TERM) without waiting; see {@link #awaitExit}. */
    public synchronized void terminate() {
        stopRequested = true;
        if (process != null) {
            process.destroy();
        }
    }

    /** Waits up to {@code grace} for the process to end; then kills it. False when it had to be killed. */
    public boolean awaitExit(Duration grace) {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            return true;
        }
        try {
            if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        return false;
    }

    /** TERM, then KILL after {@code grace}: a stop asked for. False when it had to be killed. */
    public boolean stop(Duration grace) {
        terminate();
        return awaitExit(grace);
    }

    /** SIGKILL (no shutdown hooks, no graceful close): what a crash or an OOM kill does. */
    public synchronized void kill() {
        stopRequested = true;
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Whether the process ended without being asked to (a crash, or a start that failed). */
    public synchronized boolean died() {
        return process != null && !process.isAlive() && !stopRequested;
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** The exit code of the last process, or -1 while it runs or before it started. */
    public synchronized int exitValue() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    /** The log as written so far. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String tail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The java of this JVM (the services run on the same one as their launcher). */
    public static String java() {
        Path bin = Path.of(System.getProperty("java.home")).resolve("bin").resolve("java");
        return Files.isExecutable(bin) ? bin.toString() : "java";
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win") ? "NUL" : "/dev/null");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
