package io.packops.cli.up;

import io.packops.cli.client.Api;
import io.packops.cli.client.TokensFile;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.demo.DemoServer;
import io.packops.cli.demo.InstallSimulator;
import io.packops.cli.demo.TelemetryStream;
import io.packops.cli.exit.ExitCodes;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole packops system on this machine, as {@code packops up} and {@code packops drill --self-contained} run it:
 * an embedded PostgreSQL (or {@code --jdbc-url}), the three services as processes, the {@link DemoServer} (fake
 * pager and control panel), the demo data ({@link DemoSeeder}) and the telemetry stream. Alerting runs with
 * rehearsal timings (demo rules, short evaluation intervals, escalation delays scaled down).
 */
public final class LocalStack implements AutoCloseable, DemoServer.Control {

    /** A start that failed, with the exit code and a message that names the log to read. */
    public static final class StartFailure extends Exception {
        public final int exitCode;

        StartFailure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    public record Options(Path root, Path state, boolean fresh, String jdbcUrl, String dbUser, String dbPassword,
                          int ingestPort, int alertingPort, int ownershipPort, int demoPort, int readyTimeoutSeconds,
                          double escalationTimeScale, int installsPerTick, long tickMillis, boolean rehearsal) {
    }

    record Service(String name, int port) {
        Path jar(Path root) {
            return root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private final Options options;
    private final List<Service> services;
    private final Stack stack = new Stack();
    private final Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private TokensFile.Tokens tokens;
    private Api api;
    private DemoFleet fleet;
    private TelemetryStream stream;
    private DemoServer demo;
    private PrintWriter out;

    public LocalStack(Options options) {
        this.options = options;
        this.services = List.of(new Service("ingest-service", options.ingestPort()),
                new Service("ownership-service", options.ownershipPort()),
                new Service("alerting-service", options.alertingPort()));
    }

    public Api api() {
        return api;
    }

    public DemoFleet fleet() {
        return fleet;
    }

    public TokensFile.Tokens tokens() {
        return tokens;
    }

    public String demoUrl() {
        return "http://localhost:" + demo.port();
    }

    @Override
    public TelemetryStream stream() {
        return stream;
    }

    public Stack processes() {
        return stack;
    }

    /** Starts everything; on failure what was started is stopped again by {@link #close}. */
    public void start(PrintWriter out) throws StartFailure, IOException, InterruptedException {
        this.out = out;
        Path root = options.root();
        Path logs = options.state().resolve("logs");
        for (Service s : services) {
            Optional<String> busy = Ports.checkFree(s.port(), s.name());
            if (busy.isPresent()) {
                throw new StartFailure(ExitCodes.UNAVAILABLE, busy.get());
            }
        }
        Optional<String> busy = Ports.checkFree(options.demoPort(), "the fake pager");
        if (busy.isPresent()) {
            throw new StartFailure(ExitCodes.UNAVAILABLE, busy.get());
        }
        Files.createDirectories(logs);
        buildIfMissing(root, logs.resolve("build.log"));
        Path ownershipFile = root.resolve("deploy/demo/ownership.yaml");
        Path rulesFile = root.resolve("deploy/demo/rules.yaml");
        for (Path p : List.of(ownershipFile, rulesFile)) {
            if (!Files.isRegularFile(p)) {
                throw new StartFailure(ExitCodes.BAD_INPUT, root.relativize(p) + " is missing (it is part of the repository)");
            }
        }

        tokens = TokensFile.loadOrCreate(options.state().resolve("tokens.env"));
        if (tokens.created()) {
            say("tokens generated into " + display(options.state().resolve("tokens.env")) + " (printed this once):");
            tokens.values().forEach((k, v) -> out.println("  " + k + "=" + v));
        } else {
            say("tokens from " + display(options.state().resolve("tokens.env")));
        }

        demo = new DemoServer(options.demoPort(), tokens.get("PACKOPS_TOKEN_ADMIN"), this);
        String pagerUrl = "http://localhost:" + demo.port();
        say("fake pager on " + pagerUrl + " (PagerDuty Events API v2 stand-in)");

        String url;
        String user;
        String password;
        if (options.jdbcUrl() != null) {
            url = options.jdbcUrl();
            user = options.dbUser();
            password = options.dbPassword();
            say("using PostgreSQL at " + url);
        } else {
            Path pgdata = options.state().resolve("pgdata");
            if (options.fresh()) {
                say("--fresh: wiping " + display(pgdata));
                UpCommand.deleteTree(pgdata);
            }
            say("starting embedded PostgreSQL (data in " + display(pgdata) + ") ...");
            EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(pgdata).setCleanDataDirectory(false).start();
            stack.postgres(pg);
            url = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "postgres";
            say("PostgreSQL ready at " + url);
        }

        Map<String, String> pagerEnv = demoPagingEnv(Files.readString(ownershipFile), System.getenv(), pagerUrl);
        for (Service s : services) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PORT", Integer.toString(s.port()));
            env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
            env.put("QUARKUS_DATASOURCE_USERNAME", user);
            env.put("QUARKUS_DATASOURCE_PASSWORD", password);
            env.putAll(tokens.values());
            switch (s.name()) {
                case "ingest-service" -> {
                    if (options.rehearsal()) {
                        env.put("STATS_REFRESH_EVERY", "2s");
                    }
                }
                case "ownership-service" -> {
                    env.put("OWNERSHIP_FILE", ownershipFile.toString());
                    // runbook links in pages open the repository's runbooks/ on this machine
                    env.put("OWNERSHIP_RUNBOOK_BASE_URL", System.getenv().getOrDefault("OWNERSHIP_RUNBOOK_BASE_URL",
                            root.toAbsolutePath().toUri().toString()));
                    pagerEnv.forEach((k, v) -> {
                        if (!k.startsWith("PACKOPS_") && !k.startsWith("PAGERDUTY_")) {
                            env.put(k, v);
                        }
                    });
                }
                case "alerting-service" -> {
                    env.put("INGEST_URL", "http://localhost:" + options.ingestPort());
                    env.put("OWNERSHIP_URL", "http://localhost:" + options.ownershipPort());
                    env.put("ALERTING_EXTERNAL_URL", "http://localhost:" + options.alertingPort());
                    env.put("ALERTS_BASE_URL", "http://localhost:" + options.alertingPort());
                    env.put("PACKOPS_PEER_TOKEN", tokens.get("PACKOPS_TOKEN_OPERATOR"));
                    if (options.rehearsal()) {
                        env.putAll(rehearsalTimings(rulesFile, options.escalationTimeScale()));
                    } else {
                        env.put("PACKOPS_PAGING_DISPATCH_EVERY", "2s"); // the defaults, said out loud
                    }
                    pagerEnv.forEach((k, v) -> {
                        if (k.startsWith("PACKOPS_") || k.startsWith("PAGERDUTY_")) {
                            env.put(k, v);
                        }
                    });
                }
                default -> {
                }
            }
            envs.put(s.name(), env);
            if (s.name().equals("alerting-service")) {
                seed(logs); // before alerting starts, so it never sees an empty fleet (telemetry-silent at once)
            }
            start(s, logs.resolve(s.name() + ".log"));
        }

        if (options.installsPerTick() > 0) {
            stream.start(options.installsPerTick(), options.tickMillis());
            say("telemetry stream: " + options.installsPerTick() + " installs every " + options.tickMillis() / 1000.0 + " s");
        }
    }

    private void seed(Path logs) throws StartFailure {
        api = new Api(Api.Urls.local(options.ingestPort(), options.alertingPort(), options.ownershipPort()), tokens.values());
        fleet = DemoFleet.build(options.root().resolve("packs"), DemoSeeder.ACCOUNTS, DemoSeeder.DRIFT_SHARE, DemoSeeder.SEED);
        stream = new TelemetryStream(api, fleet, new InstallSimulator(DemoSeeder.SEED, 0.01, 0.005), DemoSeeder.SEED + 1);
        DemoSeeder seeder = new DemoSeeder(api, fleet, stream);
        try {
            if (seeder.needed()) {
                say("seeding demo data ...");
                seeder.seed(out, Duration.ofHours(24), 1_200);
            } else {
                say("demo data already there (kept in the database; --fresh starts over)");
            }
        } catch (Exception e) {
            throw new StartFailure(ExitCodes.UNAVAILABLE, "seeding the demo data failed: " + e.getMessage()
                    + "; see " + display(logs));
        }
    }

    /**
     * Environment for paging in the demo: every {@code ${PD_…}} routing key the ownership document references gets a
     * {@code demo-…} value unless set in your environment, alerting sends PagerDuty events to the fake pager unless
     * {@code PAGERDUTY_EVENTS_URL} is set, and the fallback route gets a demo routing key unless set.
     */
    static Map<String, String> demoPagingEnv(String ownershipDocument, Map<String, String> environment, String pagerUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(ownershipDocument);
        TreeSet<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        for (String name : names) {
            if (environment.containsKey(name)) {
                env.put(name, environment.get(name));
            } else if (name.startsWith("PD_")) {
                env.put(name, "demo-" + name.substring(3).toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
        }
        env.put("PAGERDUTY_EVENTS_URL", environment.getOrDefault("PAGERDUTY_EVENTS_URL", pagerUrl));
        env.put("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY",
                environment.getOrDefault("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", "demo-fallback"));
        return env;
    }

    /** Alerting's intervals for a rehearsal: seconds instead of the production quarter-hours. */
    static Map<String, String> rehearsalTimings(Path rulesFile, double escalationTimeScale) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALERTING_RULES_FILE", rulesFile.toString());
        env.put("RULES_EVALUATE_EVERY", "3s");
        env.put("COMPAT_POLL_EVERY", "5s");
        env.put("ALERTS_ESCALATION_EVERY", "2s");
        env.put("PACKOPS_PAGING_DISPATCH_EVERY", "1s");
        env.put("RULES_PEER_CHECK_EVERY", "5s");
        env.put("RULES_PEER_DOWN_AFTER", "30s");
        env.put("ALERTS_KEEP_FIRING", "2m");
        env.put("ROLLOUTS_ANALYSE_EVERY", "5s");
        env.put("ALERTS_ESCALATION_TIME_SCALE", Double.toString(escalationTimeScale));
        return env;
    }

    private void start(Service s, Path log) throws StartFailure, IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", s.jar(options.root()).toString())
                .directory(options.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
        pb.environment().putAll(envs.get(s.name()));
        Process p = pb.start();
        stack.add(new Stack.Started(s.name(), p, log));
        String readyUrl = "http://localhost:" + s.port() + "/q/health/ready";
        say("starting " + s.name() + " (pid " + p.pid() + ", log " + display(log) + "), waiting for " + readyUrl);
        long start = System.nanoTime();
        long lastReport = 0;
        while (true) {
            long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
            if (!p.isAlive()) {
                throw new StartFailure(ExitCodes.UNAVAILABLE, s.name() + " exited (code " + p.exitValue() + ") after "
                        + elapsed + "s before it was ready; see " + log);
            }
            if (Stack.ready(http, readyUrl)) {
                say(s.name() + " ready on :" + s.port() + " after " + elapsed + "s");
                return;
            }
            if (elapsed >= options.readyTimeoutSeconds()) {
                throw new StartFailure(ExitCodes.UNAVAILABLE, s.name() + " was not ready within "
                        + options.readyTimeoutSeconds() + "s; see " + log);
            }
            if (elapsed - lastReport >= 5) {
                lastReport = elapsed;
                out.println("  ... still waiting for " + s.name() + " (" + readyUrl + "), " + elapsed + "s");
                out.flush();
            }
            Thread.sleep(300);
        }
    }

    @Override
    public boolean stopService(String name) throws InterruptedException {
        Optional<Stack.Started> s = stack.latest(name);
        if (s.isEmpty()) {
            return false;
        }
        Process p = s.get().process();
        stack.stoppedOnRequest(s.get(), true);
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        say(name + " stopped (on request)");
        return true;
    }

    @Override
    public boolean startService(String name) throws Exception {
        Service service = services.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        if (service == null) {
            return false;
        }
        if (running(name)) {
            return true;
        }
        start(service, options.state().resolve("logs").resolve(name + ".log"));
        return true;
    }

    @Override
    public List<String> services() {
        return services.stream().map(Service::name).toList();
    }

    @Override
    public boolean running(String name) {
        return stack.latest(name).map(s -> s.process().isAlive()).orElse(false);
    }

    /** Services that stopped without being asked to, or empty. */
    public Optional<Stack.Started> died() {
        for (String name : services()) {
            Optional<Stack.Started> s = stack.latest(name);
            // a process ended by a requested stop (Ctrl-C, close()) did not die: checked last, as stop() holds the stack
            if (s.isPresent() && !s.get().process().isAlive() && !stack.stoppedOnRequest(s.get()) && !stack.stopped()) {
                return s;
            }
        }
        return Optional.empty();
    }

    /** Whether a stop was requested (Ctrl-C or {@link #close}): the services are stopping or stopped on purpose. */
    public boolean stopping() {
        return stack.stopped();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.stop();
        }
        stack.stop(out == null ? new PrintWriter(System.out, true) : out);
        if (demo != null) {
            demo.close();
        }
    }

    private void buildIfMissing(Path root, Path buildLog) throws StartFailure, IOException, InterruptedException {
        List<Service> missing = new ArrayList<>(services.stream().filter(s -> stale(root, s)).toList());
        if (missing.isEmpty()) {
            return;
        }
        say("building " + String.join(", ", missing.stream().map(Service::name).toList())
                + " (missing or older than their sources; ./mvnw package, log in " + display(buildLog)
                + "; a few minutes the first time) ...");
        String mvnw = System.getProperty("os.name", "").toLowerCase().contains("win") ? "mvnw.cmd" : "./mvnw";
        // the whole Maven output goes to the log (with -q it would be empty unless the build failed)
        Process p = new ProcessBuilder(mvnw, "-B", "package", "-DskipTests",
                "-pl", "ingest-service,alerting-service,ownership-service", "-am")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
        int code = p.waitFor();
        if (code != 0 || services.stream().anyMatch(s -> !Files.isRegularFile(s.jar(root)))) {
            throw new StartFailure(ExitCodes.INTERNAL_ERROR, "the build failed (exit " + code + "); see " + buildLog);
        }
        for (Service s : missing) {
            // an up-to-date build may leave the jar untouched: mark it built now, or every start would rebuild
            Files.setLastModifiedTime(s.jar(root), java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        }
    }

    /** The service's jar is missing, or older than a source or pom it is built from (its module's, pack-compat's, the root pom). */
    static boolean stale(Path root, Service s) {
        Path jar = s.jar(root);
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
            for (Path p : List.of(root.resolve("pom.xml"), root.resolve(s.name()).resolve("pom.xml"),
                    root.resolve(s.name()).resolve("src/main"), root.resolve("pack-compat/src/main"), root.resolve("pack-compat/pom.xml"))) {
                if (!Files.exists(p)) {
                    continue;
                }
                try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
                    if (walk.filter(Files::isRegularFile).anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(built) > 0;
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void say(String line) {
        out.println("packops up: " + line);
        out.flush();
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.startsWith(options.root().toAbsolutePath()) ? options.root().toAbsolutePath().relativize(abs).toString() : abs.toString();
    }

    /** The java of this JVM (the services run on the same one as the CLI). */
    public static String java() {
        Path bin = Path.of(System.getProperty("java.home")).resolve("bin").resolve("java");
        return Files.isExecutable(bin) ? bin.toString() : "java";
    }

    private static java.io.File nullFile() {
        return new java.io.File(System.getProperty("os.name", "").toLowerCase().contains("win") ? "NUL" : "/dev/null");
    }
}
