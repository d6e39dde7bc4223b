package io.packops.cli.up;

import io.packops.cli.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code packops up}: the whole system on this machine. Builds the service jars when missing, starts an embedded
 * PostgreSQL (or uses {@code --jdbc-url}), generates role tokens into {@code .packops/tokens.env}, starts
 * ingest-, ownership- and alerting-service as processes, waits for each to be ready, prints where to look, and
 * keeps running until Ctrl-C, which stops everything it started.
 */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Start PostgreSQL and the three services on this machine (8081 ingest, 8082 alerting, 8083 ownership).",
        footer = {"",
                "State lives in .packops/ at the repo root: pgdata/ (the database, kept between runs), tokens.env (mode 600), logs/.",
                "Ctrl-C stops every process it started. Not yet: demo packs, snapshots, telemetry, the fake pager.",
                "Exit codes: 2 bad usage or not in the repo, 3 the build failed, 4 a port in use, a service that did not start or died."})
public class UpCommand implements Callable<Integer> {

    /** A service: its module directory, port, and extra environment. */
    record Service(String name, int port) {
        Path jar(Path root) {
            return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8081),
            new Service("ownership-service", 8083),
            new Service("alerting-service", 8082));

    @Spec
    CommandSpec spec;

    @Option(names = "--fresh", description = "Wipe .packops/pgdata first (a new, empty database).")
    boolean fresh;

    @Option(names = "--jdbc-url", paramLabel = "<url>", description = "Use this PostgreSQL instead of the embedded one.")
    String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "<user>", defaultValue = "postgres", description = "With --jdbc-url (default: postgres).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "<password>", defaultValue = "postgres", description = "With --jdbc-url (default: postgres).")
    String dbPassword;

    @Option(names = "--ready-timeout", paramLabel = "<seconds>", defaultValue = "180",
            description = "How long each service may take to become ready (default: 180).")
    int readyTimeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();

        Optional<Path> found = RepoRoot.find();
        if (found.isEmpty()) {
            err.println("packops up: cannot find the packops repository (a directory with ./packops and pom.xml) here or above");
            return ExitCodes.BAD_INPUT;
        }
        Path root = found.get();
        Path state = root.resolve(".packops");
        Path logs = state.resolve("logs");

        for (Service s : SERVICES) {
            Optional<String> busy = Ports.checkFree(s.port(), s.name());
            if (busy.isPresent()) {
                err.println("packops up: " + busy.get());
                return ExitCodes.UNAVAILABLE;
            }
        }

        Stack stack = new Stack();
        Thread hook = new Thread(() -> stack.stop(out), "packops-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.createDirectories(logs);
            int built = buildIfMissing(root, logs.resolve("build.log"), out, err);
            if (built != ExitCodes.OK) {
                return built;
            }
            Path demo = root.resolve("deploy/demo/ownership.yaml");
            if (!Files.isRegularFile(demo)) {
                err.println("packops up: " + root.relativize(demo) + " is missing (it is part of the repository)");
                return ExitCodes.BAD_INPUT;
            }

            TokensFile.Tokens tokens = TokensFile.loadOrCreate(state.resolve("tokens.env"));
            if (tokens.created()) {
                out.println("packops up: tokens generated into .packops/tokens.env (printed this once):");
                tokens.values().forEach((k, v) -> out.println("  " + k + "=" + v));
            } else {
                out.println("packops up: tokens from .packops/tokens.env");
            }
            out.flush();

            String url;
            String user;
            String password;
            if (jdbcUrl != null) {
                url = jdbcUrl;
                user = dbUser;
                password = dbPassword;
                out.println("packops up: using PostgreSQL at " + url);
            } else {
                Path pgdata = state.resolve("pgdata");
                if (fresh) {
                    out.println("packops up: --fresh: wiping .packops/pgdata");
                    deleteTree(pgdata);
                }
                out.println("packops up: starting embedded PostgreSQL (data in .packops/pgdata) ...");
                out.flush();
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(pgdata)
                        .setCleanDataDirectory(false)
                        .start();
                stack.postgres(pg);
                url = pg.getJdbcUrl("postgres", "postgres");
                user = "postgres";
                password = "postgres";
                out.println("packops up: PostgreSQL ready at " + url);
            }
            out.flush();

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (Service s : SERVICES) {
                Map<String, String> env = new HashMap<>();
                env.put("PORT", Integer.toString(s.port()));
                env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
                env.put("QUARKUS_DATASOURCE_USERNAME", user);
                env.put("QUARKUS_DATASOURCE_PASSWORD", password);
                env.putAll(tokens.values());
                switch (s.name()) {
                    case "ownership-service" -> env.put("OWNERSHIP_FILE", demo.toString());
                    case "alerting-service" -> {
                        env.put("INGEST_URL", "http://localhost:8081");
                        env.put("OWNERSHIP_URL", "http://localhost:8083");
                        env.put("PACKOPS_PEER_TOKEN", tokens.get("PACKOPS_TOKEN_OPERATOR"));
                    }
                    default -> {
                    }
                }
                Path log = logs.resolve(s.name() + ".log");
                if (!start(root, s, env, log, stack, http, out, err)) {
                    return ExitCodes.UNAVAILABLE;
                }
            }

            printWhereToLook(out, (System.nanoTime() - t0) / 1_000_000_000L);
            return watch(stack, err);
        } catch (IOException | RuntimeException e) {
            err.println("packops up: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (System.getenv("PACKOPS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return ExitCodes.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNAVAILABLE;
        } finally {
            stack.stop(out);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running or has run
            }
        }
    }

    private boolean start(Path root, Service s, Map<String, String> env, Path log, Stack stack, HttpClient http,
                          PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", s.jar(root).toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        stack.add(new Stack.Started(s.name(), p, log));
        String readyUrl = "http://localhost:" + s.port() + "/q/health/ready";
        String rel = root.relativize(log).toString();
        out.println("packops up: starting " + s.name() + " (pid " + p.pid() + ", log " + rel + "), waiting for " + readyUrl);
        out.flush();
        long start = System.nanoTime();
        long lastReport = 0;
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
            if (!p.isAlive()) {
                err.println("packops up: " + s.name() + " exited (code " + p.exitValue() + ") after " + elapsed
                        + "s before it was ready; see " + log);
                return false;
            }
            if (Stack.ready(http, readyUrl)) {
                out.println("packops up: " + s.name() + " ready on :" + s.port() + " after " + elapsed + "s");
                out.flush();
                return true;
            }
            if (elapsed >= readyTimeout) {
                err.println("packops up: " + s.name() + " was not ready within " + readyTimeout + "s; see " + log);
                return false;
            }
            if (elapsed - lastReport >= 5) {
                lastReport = elapsed;
                out.println("  ... still waiting for " + s.name() + " (" + readyUrl + "), " + elapsed + "s");
                out.flush();
            }
            Thread.sleep(500);
        }
    }

    /** Blocks until a service dies (→ 4) or the JVM is stopped (Ctrl-C; the shutdown hook stops everything). */
    private static int watch(Stack stack, PrintWriter err) throws InterruptedException {
        while (true) {
            for (Stack.Started s : stack.processes()) {
                if (!s.process().isAlive()) {
                    err.println("packops up: " + s.name() + " exited (code " + s.process().exitValue() + "); see "
                            + s.log() + " — stopping everything");
                    return ExitCodes.UNAVAILABLE;
                }
            }
            Thread.sleep(1000);
        }
    }

    private static void printWhereToLook(PrintWriter out, long seconds) {
        out.println();
        out.println("packops is up (" + seconds + "s). Where to look:");
        out.println("  support page       http://localhost:8083/            (sign in with an agent/operator/admin token)");
        out.println("  ingest-service     http://localhost:8081   Swagger UI http://localhost:8081/q/swagger-ui   metrics http://localhost:8081/q/metrics");
        out.println("  alerting-service   http://localhost:8082   Swagger UI http://localhost:8082/q/swagger-ui   metrics http://localhost:8082/q/metrics");
        out.println("  ownership-service  http://localhost:8083   Swagger UI http://localhost:8083/q/swagger-ui   metrics http://localhost:8083/q/metrics");
        out.println("  alerts             curl -H \"Authorization: Bearer $PACKOPS_TOKEN_AGENT\" http://localhost:8082/v1/alerts");
        out.println("  who owns stripe    ./packops who stripe --pack stripe-revenue");
        out.println("  tokens             .packops/tokens.env    logs .packops/logs/");
        out.println("Demo data: only the ownership document (deploy/demo/ownership.yaml); no packs, snapshots or telemetry yet.");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }

    private static int buildIfMissing(Path root, Path buildLog, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        List<Service> missing = SERVICES.stream().filter(s -> !Files.isRegularFile(s.jar(root))).toList();
        if (missing.isEmpty()) {
            return ExitCodes.OK;
        }
        out.println("packops up: building " + String.join(", ", missing.stream().map(Service::name).toList())
                + " (./mvnw package, log in " + root.relativize(buildLog) + "; a few minutes the first time) ...");
        out.flush();
        String mvnw = System.getProperty("os.name", "").toLowerCase().contains("win") ? "mvnw.cmd" : "./mvnw";
        Process p = new ProcessBuilder(mvnw, "-B", "-q", "package", "-DskipTests",
                "-pl", "ingest-service,alerting-service,ownership-service", "-am")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        int code = p.waitFor();
        if (code != 0 || SERVICES.stream().anyMatch(s -> !Files.isRegularFile(s.jar(root)))) {
            err.println("packops up: the build failed (exit " + code + "); see " + buildLog);
            return ExitCodes.INTERNAL_ERROR;
        }
        return ExitCodes.OK;
    }

    private static String java() {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path bin = javaHome.resolve("bin").resolve("java");
        return Files.isExecutable(bin) ? bin.toString() : "java";
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase().contains("win") ? "NUL" : "/dev/null");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
