package io.packops.cli.up;

import io.packops.cli.client.Api;
import io.packops.cli.client.TokensFile;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.demo.DemoServer;
import io.packops.cli.demo.InstallSimulator;
import io.packops.cli.demo.TelemetryStream;
import io.packops.cli.exit.ExitCodes;
import io.packops.launcher.EnvFile;
import io.packops.launcher.Ports;
import io.packops.launcher.Postgres;
import io.packops.launcher.ServiceProcess;
import io.packops.launcher.Stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole packops system on this machine, as {@code packops up} and {@code packops drill --self-contained} run it:
 * the launcher's {@link Stack} (an embedded PostgreSQL or {@code --jdbc-url}, the three services as processes), the
 * {@link DemoServer} (fake pager and control panel), the demo data ({@link DemoSeeder}) and the telemetry stream.
 * Alerting runs with rehearsal timings (demo rules, short evaluation intervals, escalation delays scaled down).
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

    static final List<String> MODULES = List.of("ingest-service", "ownership-service", "alerting-service");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    private final Options options;
    private Stack stack;
    private TokensFile.Tokens tokens;
    private Api api;
    private DemoFleet fleet;
    private TelemetryStream stream;
    private DemoServer demo;
    private PrintWriter out;

    public LocalStack(Options options) {
        this.options = options;
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

    /** Starts everything; on failure what was started is stopped again by {@link #close}. */
    public void start(PrintWriter out) throws StartFailure, IOException, InterruptedException {
        this.out = out;
        checkPortsFree();
        Path logs = options.state().resolve("logs");
        Files.createDirectories(logs);
        buildIfStale(logs.resolve("build.log"));
        Path ownershipFile = repositoryFile("deploy/demo/ownership.yaml");
        Path rulesFile = repositoryFile("deploy/demo/rules.yaml");
        loadTokens();

        demo = new DemoServer(options.demoPort(), tokens.get("PACKOPS_TOKEN_ADMIN"), this);
        String pagerUrl = "http://localhost:" + demo.port();
        say("fake pager on " + pagerUrl + " (PagerDuty Events API v2 stand-in)");
        stack = new Stack(Stack.Settings.local(options.root(), logs, tokens.values(), this::say));
        database(logs);

        Map<String, String> paging = demoPagingEnv(Files.readString(ownershipFile), System.getenv(), pagerUrl);
        Map<String, String> ingestEnv = new LinkedHashMap<>(LOCAL_HTTP);
        if (options.rehearsal()) {
            ingestEnv.put("STATS_REFRESH_EVERY", "2s");
        }
        ServiceProcess ingest = stack.ingest(options.ingestPort(), ingestEnv);
        ServiceProcess ownership = stack.ownership(options.ownershipPort(), ownershipFile, ownershipEnv(paging));
        ServiceProcess alerting = stack.alerting("alerting-service", options.alertingPort(), ingest, ownership,
                paging.get("PAGERDUTY_EVENTS_URL"), paging.get("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY"), alertingEnv(paging, rulesFile));
        start(ingest);
        start(ownership);
        seed(logs); // before alerting starts, so it never sees an empty fleet (telemetry-silent at once)
        start(alerting);

        if (options.installsPerTick() > 0) {
            stream.start(options.installsPerTick(), options.tickMillis());
            say("telemetry stream: " + options.installsPerTick() + " installs every " + options.tickMillis() / 1000.0 + " s");
        }
    }

    /** Every port this stack listens on is free, or nothing starts. */
    private void checkPortsFree() throws StartFailure {
        Map<Integer, String> wanted = new LinkedHashMap<>();
        wanted.put(options.ingestPort(), "ingest-service");
        wanted.put(options.ownershipPort(), "ownership-service");
        wanted.put(options.alertingPort(), "alerting-service");
        wanted.put(options.demoPort(), "the fake pager");
        for (Map.Entry<Integer, String> w : wanted.entrySet()) {
            Optional<String> busy = Ports.checkFree(w.getKey(), w.getValue());
            if (busy.isPresent()) {
                throw new StartFailure(ExitCodes.UNAVAILABLE, busy.get());
            }
        }
    }

    private void buildIfStale(Path buildLog) throws StartFailure, IOException, InterruptedException {
        List<String> stale = ServiceJars.stale(options.root(), MODULES);
        if (stale.isEmpty()) {
            return;
        }
        say("building " + String.join(", ", stale) + " (missing or older than their sources; ./mvnw package, log in "
                + display(buildLog) + "; a few minutes the first time) ...");
        try {
            ServiceJars.build(options.root(), MODULES, stale, buildLog);
        } catch (ServiceJars.BuildFailed e) {
            throw new StartFailure(ExitCodes.INTERNAL_ERROR, e.getMessage());
        }
    }

    private Path repositoryFile(String path) throws StartFailure {
        Path p = options.root().resolve(path);
        if (!Files.isRegularFile(p)) {
            throw new StartFailure(ExitCodes.BAD_INPUT, path + " is missing (it is part of the repository)");
        }
        return p;
    }

    private void loadTokens() throws IOException {
        Path file = options.state().resolve("tokens.env");
        tokens = TokensFile.loadOrCreate(file);
        if (tokens.created()) {
            say("tokens generated into " + display(file) + " (printed this once):");
            tokens.values().forEach((k, v) -> out.println("  " + k + "=" + v));
        } else {
            say("tokens from " + display(file));
        }
    }

    /** {@code --jdbc-url}, else the embedded PostgreSQL with its data in {@code .packops/pgdata} (kept between runs). */
    private void database(Path logs) throws IOException {
        if (options.jdbcUrl() != null) {
            stack.database(options.jdbcUrl(), options.dbUser(), options.dbPassword());
            say("using PostgreSQL at " + options.jdbcUrl());
            return;
        }
        Path pgdata = options.state().resolve("pgdata");
        if (options.fresh()) {
            say("--fresh: wiping " + display(pgdata));
            Stack.deleteTree(pgdata);
        }
        say("starting embedded PostgreSQL (data in " + display(pgdata) + ") ...");
        Postgres pg = Postgres.persistent(pgdata, logs.resolve("postgres.log"));
        stack.database(pg);
        say("PostgreSQL ready at " + pg.jdbcUrl());
    }

    /**
     * The services run the prod profile on plain http://localhost: the browser session cookie must not be
     * {@code Secure} there, or the browser would never send it back (the one place this is switched off).
     */
    static final Map<String, String> LOCAL_HTTP = Map.of("PACKOPS_SESSION_COOKIE_SECURE", "false");

    /** ownership-service: runbook links open this repository's runbooks/; the routing keys the document names. */
    private Map<String, String> ownershipEnv(Map<String, String> paging) {
        Map<String, String> env = new LinkedHashMap<>(LOCAL_HTTP);
        env.put("OWNERSHIP_RUNBOOK_BASE_URL", System.getenv().getOrDefault("OWNERSHIP_RUNBOOK_BASE_URL",
                options.root().toAbsolutePath().toUri().toString()));
        paging.forEach((k, v) -> {
            if (!k.startsWith("PACKOPS_") && !k.startsWith("PAGERDUTY_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    private Map<String, String> alertingEnv(Map<String, String> paging, Path rulesFile) {
        Map<String, String> env = new LinkedHashMap<>(LOCAL_HTTP);
        if (options.rehearsal()) {
            env.putAll(rehearsalTimings(rulesFile, options.escalationTimeScale()));
        } else {
            env.put("PACKOPS_PAGING_DISPATCH_EVERY", "2s"); // the defaults, said out loud
        }
        paging.forEach((k, v) -> {
            if (k.startsWith("PACKOPS_") || k.startsWith("PAGERDUTY_")) {
                env.put(k, v);
            }
        });
        return env;
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
                env.put(name, "demo-" + name.substring(3).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        env.put("PAGERDUTY_EVENTS_URL", environment.getOrDefault("PAGERDUTY_EVENTS_URL", pagerUrl));
        env.put("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY",
                environment.getOrDefault("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", "demo-fallback"));
        return env;
    }

    /** Alerting's intervals for a rehearsal (up/rehearsal-timings.env): seconds instead of the production quarter-hours. */
    static Map<String, String> rehearsalTimings(Path rulesFile, double escalationTimeScale) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALERTING_RULES_FILE", rulesFile.toString());
        env.putAll(EnvFile.read(LocalStack.class, "up/rehearsal-timings.env"));
        env.put("ALERTS_ESCALATION_TIME_SCALE", Double.toString(escalationTimeScale));
        return env;
    }

    /** Starts a service and waits until it is ready, saying so every 5 seconds. */
    private void start(ServiceProcess s) throws StartFailure {
        String readyUrl = s.url() + "/q/health/ready";
        long t0 = System.nanoTime();
        try {
            s.start();
            say("starting " + s.name() + " (pid " + s.pid() + ", log " + display(s.log()) + "), waiting for " + readyUrl);
            s.awaitReady(Duration.ofSeconds(options.readyTimeoutSeconds()), waited -> {
                out.println("  ... still waiting for " + s.name() + " (" + readyUrl + "), " + waited.toSeconds() + "s");
                out.flush();
            });
        } catch (ServiceProcess.NotReady e) {
            throw new StartFailure(ExitCodes.UNAVAILABLE, e.summary());
        } catch (IllegalStateException e) {
            throw new StartFailure(ExitCodes.UNAVAILABLE, e.getMessage());
        }
        say(s.name() + " ready on :" + s.port() + " after " + (System.nanoTime() - t0) / 1_000_000_000L + "s");
    }

    @Override
    public boolean stopService(String name) {
        Optional<ServiceProcess> s = stack.service(name);
        if (s.isEmpty()) {
            return false;
        }
        s.get().stop(Duration.ofSeconds(20));
        say(name + " stopped (on request)");
        return true;
    }

    @Override
    public boolean startService(String name) throws StartFailure {
        Optional<ServiceProcess> s = stack.service(name);
        if (s.isEmpty()) {
            return false;
        }
        if (!s.get().isAlive()) {
            start(s.get());
        }
        return true;
    }

    @Override
    public List<String> services() {
        return MODULES;
    }

    @Override
    public boolean running(String name) {
        return stack.service(name).map(ServiceProcess::isAlive).orElse(false);
    }

    /** A service that stopped without being asked to, or empty. */
    public Optional<ServiceProcess> died() {
        return stack == null ? Optional.empty() : stack.died();
    }

    /** Whether a stop was requested (Ctrl-C or {@link #close}): the services are stopping or stopped on purpose. */
    public boolean stopping() {
        return stack != null && stack.closed();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.stop();
        }
        if (stack != null) {
            try {
                stack.close();
            } catch (RuntimeException e) {
                for (Throwable step : e.getSuppressed()) { // each a step that failed; the others ran
                    say("stopping failed: " + step.getMessage());
                }
            }
        }
        if (demo != null) {
            demo.close();
        }
    }

    private void say(String line) {
        PrintWriter to = out == null ? new PrintWriter(System.out, true) : out;
        to.println("packops up: " + line);
        to.flush();
    }

    private String display(Path p) {
        Path abs = p.toAbsolutePath();
        return abs.startsWith(options.root().toAbsolutePath()) ? options.root().toAbsolutePath().relativize(abs).toString() : abs.toString();
    }
}
