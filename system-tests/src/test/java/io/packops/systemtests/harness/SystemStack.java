package io.packops.systemtests.harness;

import io.packops.launcher.EnvFile;
import io.packops.launcher.FakePager;
import io.packops.launcher.Ports;
import io.packops.launcher.Postgres;
import io.packops.launcher.ServiceProcess;
import io.packops.launcher.Stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one test class runs, under {@code target/system-tests/<name>/}: the launcher's {@link Stack} — an embedded
 * PostgreSQL and the packaged services as processes, each on a free loopback port with its own log, started with the
 * environment {@code ./packops up} gives them — isolated from the build's environment, plus a fake PagerDuty (the
 * launcher's {@link FakePager}). Tests add short timings. {@link #close()} stops everything, also after a failed start;
 * a shutdown hook kills the services if the test JVM goes away first.
 */
public final class SystemStack implements AutoCloseable {

    /** Every role's token (32+ characters: the services run the prod profile, which refuses shorter ones). */
    public static final Map<String, String> TOKENS = Stack.fixedTokens("st");
    public static final String INGEST_TOKEN = TOKENS.get("PACKOPS_TOKEN_INGEST");
    public static final String AGENT_TOKEN = TOKENS.get("PACKOPS_TOKEN_AGENT");
    public static final String OPERATOR_TOKEN = TOKENS.get("PACKOPS_TOKEN_OPERATOR");
    public static final String ADMIN_TOKEN = TOKENS.get("PACKOPS_TOKEN_ADMIN");
    public static final String PEER_TOKEN = TOKENS.get("PACKOPS_TOKEN_PEER");

    /** Routing keys of the test ownership document's teams, and the fallback route. */
    public static final String BILLING_KEY = "rk-billing-packs-000000000000000";
    public static final String CRM_KEY = "rk-crm-packs-00000000000000000000";
    public static final String CORE_KEY = "rk-packs-core-000000000000000000";
    public static final String FALLBACK_KEY = "rk-fallback-000000000000000000000";

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Path dir;
    private final Stack stack;
    private final Api api = new Api();
    private final Thread killer;
    private Database database;
    private FakePager pagerDuty;

    private SystemStack(String name) {
        this.dir = Path.of(System.getProperty("packops.systemtests.work", "target/system-tests")).resolve(name)
                .toAbsolutePath().normalize();
        try {
            Stack.deleteTree(dir); // the logs of the previous run of this test
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stack = new Stack(Stack.Settings.isolated(root(), dir, "system-tests", TOKENS));
        killer = new Thread(() -> stack.services().forEach(ServiceProcess::kill), "system-tests-kill-" + name);
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** A stack for the test class {@code name}; logs and data under {@code target/system-tests/<name>/}. */
    public static SystemStack create(String name) {
        return new SystemStack(name);
    }

    public Path dir() {
        return dir;
    }

    public Api api() {
        return api;
    }

    /** The database, started on first use. */
    public synchronized Database postgres() {
        if (database == null) {
            Postgres pg = Postgres.temporary(dir.resolve("pgdata"), dir.resolve("postgres.log"));
            stack.database(pg);
            database = new Database(pg);
        }
        return database;
    }

    /** The fake PagerDuty, started (answering 202) on first use. */
    public synchronized FakePager pagerDuty() {
        if (pagerDuty == null) {
            pagerDuty = FakePager.start();
        }
        return pagerDuty;
    }

    /** ingest-service (not started). */
    public ServiceProcess ingest(Map<String, String> extra) {
        postgres();
        return stack.ingest(Ports.free(), with(Map.of("STATS_REFRESH_EVERY", "2s"), extra));
    }

    /** ownership-service with the test ownership document (teams with PagerDuty keys), not started. */
    public ServiceProcess ownership() {
        return ownership("ownership.yaml", Map.of());
    }

    /** ownership-service with the test resource {@code document} and the routes' variables plus {@code extra}, not started. */
    public ServiceProcess ownership(String document, Map<String, String> extra) {
        postgres();
        return stack.ownership(Ports.free(), resource(document), with(Map.of("OWNERSHIP_REFRESH_EVERY", "2s",
                "PD_BILLING_PACKS", BILLING_KEY, "PD_CRM_PACKS", CRM_KEY, "PD_PACKS_CORE", CORE_KEY), extra));
    }

    /**
     * An alerting-service replica called {@code label} (its log is {@code <label>.log}) reading {@code ingest} and
     * {@code ownership}, paging the fake PagerDuty, with the test rules ({@code for: 0s}) and rehearsal timings;
     * {@code extra} overrides any of them. Not started.
     */
    public ServiceProcess alerting(String label, ServiceProcess ingest, ServiceProcess ownership,
                                   Map<String, String> extra, List<String> jvmArgs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ALERTING_RULES_FILE", resource("rules.yaml").toString());
        env.putAll(EnvFile.read(SystemStack.class, "alerting-timings.env"));
        postgres();
        return stack.alerting(label, Ports.free(), ingest, ownership, pagerDuty().url(), FALLBACK_KEY, with(env, extra))
                .jvmArgs(jvmArgs);
    }

    private static Map<String, String> with(Map<String, String> env, Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(extra);
        return all;
    }

    /** The service (or replica) called {@code label}. */
    public ServiceProcess service(String label) {
        return stack.service(label).orElseThrow(() -> new IllegalArgumentException("no service " + label));
    }

    /** Starts the services together (they do not need each other to start) and waits until each is ready. */
    public void startAll(ServiceProcess... processes) {
        stack.startAll(READY_TIMEOUT, processes);
    }

    /** Sleeps (a test's deliberate wait, e.g. for more ticks in which nothing may happen). */
    public static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A copy of the test resource {@code name} in this stack's directory (services read files, not the classpath). */
    public Path resource(String name) {
        Path target = dir.resolve(name);
        if (!Files.exists(target)) {
            try (InputStream in = SystemStack.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + name + " is missing");
                }
                Files.copy(in, target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return target;
    }

    /** Stops every service (SIGKILL), PostgreSQL and the fake PagerDuty; every step runs even if one fails. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        try {
            stack.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        if (pagerDuty != null) {
            try {
                pagerDuty.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("stopping the stack in " + dir + " failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** The repository root: {@code -Dpackops.root} (set by the pom), else the nearest directory above with the services. */
    static Path root() {
        String configured = System.getProperty("packops.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("ingest-service"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (set -Dpackops.root)");
        }
        return p;
    }
}
