package io.packops.systemtests.harness;

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
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one test class runs: an embedded PostgreSQL, the packaged services as processes (each on a free loopback
 * port, with its own log), and optionally a fake PagerDuty, all under {@code target/system-tests/<name>/}.
 * {@link #close()} stops everything, also after a failed start; a shutdown hook kills the services if the test JVM
 * goes away first.
 *
 * <p>The services get the environment {@code ./packops up} gives them (see packops-cli's {@code LocalStack}):
 * {@code PORT}, {@code QUARKUS_DATASOURCE_*}, the role tokens, the peers' URLs and token, PagerDuty's URL, the
 * fallback routing key and the ownership document's {@code ${PD_*}} keys; tests add rehearsal timings.
 */
public final class SystemStack implements AutoCloseable {

    public static final String INGEST_TOKEN = "st-ingest-token";
    public static final String AGENT_TOKEN = "st-agent-token";
    public static final String OPERATOR_TOKEN = "st-operator-token";
    public static final String ADMIN_TOKEN = "st-admin-token";

    /** Routing keys of the test ownership document's teams, and the fallback route. */
    public static final String BILLING_KEY = "rk-billing-packs-000000000000000";
    public static final String CRM_KEY = "rk-crm-packs-00000000000000000000";
    public static final String CORE_KEY = "rk-packs-core-000000000000000000";
    public static final String FALLBACK_KEY = "rk-fallback-000000000000000000000";

    public static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final String name;
    private final Path dir;
    private final Path root;
    private final Api api = new Api();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private final Thread killer;
    private Postgres postgres;
    private FakePagerDuty pagerDuty;

    private SystemStack(String name) {
        this.name = name;
        this.root = root();
        this.dir = Path.of(System.getProperty("packops.systemtests.work", "target/system-tests")).resolve(name)
                .toAbsolutePath().normalize();
        try {
            Postgres.deleteTree(dir); // the logs of the previous run of this test
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        killer = new Thread(() -> services.forEach(ServiceProcess::kill), "system-tests-kill-" + name);
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
    public synchronized Postgres postgres() {
        if (postgres == null) {
            postgres = Postgres.start(dir.resolve("pgdata"), dir.resolve("postgres.log"));
        }
        return postgres;
    }

    /** The fake PagerDuty, started (answering 202) on first use. */
    public synchronized FakePagerDuty pagerDuty() {
        if (pagerDuty == null) {
            pagerDuty = new FakePagerDuty(2);
        }
        return pagerDuty;
    }

    /** ingest-service (not started). */
    public ServiceProcess ingest(Map<String, String> extra) {
        Map<String, String> env = base();
        env.put("STATS_REFRESH_EVERY", "2s");
        env.putAll(extra);
        return add("ingest-service", "ingest-service", env, List.of());
    }

    /** ownership-service with the test ownership document (teams with PagerDuty keys), not started. */
    public ServiceProcess ownership() {
        Map<String, String> env = base();
        env.put("OWNERSHIP_FILE", resource("ownership.yaml").toString());
        env.put("OWNERSHIP_REFRESH_EVERY", "2s");
        env.put("PD_BILLING_PACKS", BILLING_KEY);
        env.put("PD_CRM_PACKS", CRM_KEY);
        env.put("PD_PACKS_CORE", CORE_KEY);
        return add("ownership-service", "ownership-service", env, List.of());
    }

    /**
     * An alerting-service replica called {@code label} (its log is {@code <label>.log}) reading {@code ingest} and
     * {@code ownership}, paging the fake PagerDuty, with the test rules ({@code for: 0s}) and rehearsal timings;
     * {@code extra} overrides any of them. Not started.
     */
    public ServiceProcess alerting(String label, ServiceProcess ingest, ServiceProcess ownership,
                                   Map<String, String> extra, List<String> jvmArgs) {
        Map<String, String> env = base();
        env.put("INGEST_URL", ingest.url());
        env.put("OWNERSHIP_URL", ownership.url());
        env.put("PACKOPS_PEER_TOKEN", OPERATOR_TOKEN);
        env.put("PAGERDUTY_EVENTS_URL", pagerDuty().url());
        env.put("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", FALLBACK_KEY);
        env.put("ALERTING_RULES_FILE", resource("rules.yaml").toString());
        env.put("RULES_EVALUATE_EVERY", "2s");
        env.put("ALERTS_ESCALATION_EVERY", "1s");
        env.put("PACKOPS_PAGING_DISPATCH_EVERY", "1s"); // Quarkus' scheduler runs nothing more often
        env.put("PACKOPS_PAGING_RETRY_BASE", "500ms");
        env.put("PACKOPS_PAGING_RETRY_MAX", "2s");
        env.put("ALERTS_KEEP_FIRING", "10m");
        // not what these tests are about: no compat sweeps, no dependency-down, no page-delivery-failed alerts
        env.put("COMPAT_SWEEP_CRON", "off");
        env.put("COMPAT_POLL_EVERY", "off");
        env.put("RULES_PEER_CHECK_EVERY", "off");
        env.put("PACKOPS_PAGING_ALERT_ON_DELIVERY_FAILURE", "false");
        env.putAll(extra);
        return add(label, "alerting-service", env, jvmArgs);
    }

    private Map<String, String> base() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(Ports.free()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres().jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("PACKOPS_TOKEN_INGEST", INGEST_TOKEN);
        env.put("PACKOPS_TOKEN_AGENT", AGENT_TOKEN);
        env.put("PACKOPS_TOKEN_OPERATOR", OPERATOR_TOKEN);
        env.put("PACKOPS_TOKEN_ADMIN", ADMIN_TOKEN);
        return env;
    }

    private ServiceProcess add(String label, String module, Map<String, String> env, List<String> jvmArgs) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess p = new ServiceProcess(label, jar, Integer.parseInt(env.get("PORT")), env, jvmArgs,
                dir.resolve(label + ".log"));
        services.add(p);
        return p;
    }

    /** The service (or replica) called {@code label}. */
    public ServiceProcess service(String label) {
        return services.stream().filter(p -> p.name().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + label));
    }

    /** Starts the services together (they do not need each other to start) and waits until each is ready. */
    public void startAll(ServiceProcess... processes) {
        for (ServiceProcess p : processes) {
            p.start();
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(READY_TIMEOUT);
        }
    }

    /** Sleeps (a test's deliberate wait, e.g. for more ticks in which nothing may happen). */
    public static void pause(Duration d) {
        ServiceProcess.sleep(d.toMillis());
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

    /** Stops every service (SIGKILL), the fake PagerDuty and PostgreSQL; every step runs even if one fails. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (ServiceProcess p : services) {
            try {
                p.kill();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (pagerDuty != null) {
            try {
                pagerDuty.close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
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
            IllegalStateException e = new IllegalStateException("stopping the " + name + " stack failed");
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
