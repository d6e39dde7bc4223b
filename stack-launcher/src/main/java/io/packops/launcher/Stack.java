package io.packops.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The packops stack on one machine: a PostgreSQL and the packaged services as processes, each with the environment it
 * needs — {@code PORT}, {@code QUARKUS_DATASOURCE_*}, the role tokens, and for alerting its peers, their token and
 * where to page. {@code packops up} and the system tests both start it through here. {@link #close} stops the services
 * in reverse order, then PostgreSQL; it is safe to call twice and from a shutdown hook.
 */
public final class Stack implements AutoCloseable {

    /**
     * How this stack runs its services. {@code dir}: their logs (and, isolated, their working directory).
     * {@code label}: named in each log's start marker. {@code isolated}: the services bind to 127.0.0.1 and read nothing
     * of the launching environment's configuration (a test); otherwise they inherit it and run in the repository (the
     * user's own stack). {@code stopGrace}: how long a service may take to stop on TERM before it is killed (zero:
     * SIGKILL at once). {@code tokens}: {@code PACKOPS_TOKEN_<ROLE>} → token. {@code say}: progress, one line each.
     */
    public record Settings(Path root, Path dir, String label, boolean isolated, List<String> jvmOptions, Duration stopGrace,
                           Map<String, String> tokens, Consumer<String> say) {

        /** The user's stack ({@code packops up}): the repository as working directory, a graceful stop. */
        public static Settings local(Path root, Path logs, Map<String, String> tokens, Consumer<String> say) {
            return new Settings(root, logs, "packops up", false, List.of(), Duration.ofSeconds(20), tokens, say);
        }

        /** A test's stack: loopback only, none of the build's environment, lean JVMs, SIGKILL at the end. */
        public static Settings isolated(Path root, Path dir, String label, Map<String, String> tokens) {
            return new Settings(root, dir, label, true, ServiceProcess.LEAN_JVM, Duration.ZERO, tokens, line -> {
            });
        }

        String host() {
            return isolated ? "127.0.0.1" : "localhost";
        }
    }

    private final Settings settings;
    private final Http http = new Http();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private Postgres postgres;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private volatile boolean closed;

    public Stack(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    Http http() {
        return http;
    }

    /** The services' database: this embedded PostgreSQL, stopped by {@link #close}. */
    public synchronized Stack database(Postgres pg) {
        postgres = pg;
        database(pg.jdbcUrl(), pg.user(), pg.password());
        if (closed) {
            pg.close();
        }
        return this;
    }

    /** The services' database: an existing PostgreSQL. */
    public synchronized Stack database(String url, String user, String password) {
        jdbcUrl = url;
        dbUser = user;
        dbPassword = password;
        return this;
    }

    /** ingest-service on {@code port} (not started); {@code extra} adds to or overrides its environment. */
    public ServiceProcess ingest(int port, Map<String, String> extra) {
        return service("ingest-service", "ingest-service", port, extra);
    }

    /** ownership-service on {@code port} loading {@code document} into an empty database (not started). */
    public ServiceProcess ownership(int port, Path document, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OWNERSHIP_FILE", document.toString());
        env.putAll(extra);
        return service("ownership-service", "ownership-service", port, env);
    }

    /** Every role's token variable: a stack's {@code tokens} must have each (the prod profile refuses to start otherwise). */
    public static final List<String> TOKEN_VARIABLES = List.of("PACKOPS_TOKEN_INGEST", "PACKOPS_TOKEN_AGENT",
            "PACKOPS_TOKEN_OPERATOR", "PACKOPS_TOKEN_ADMIN", "PACKOPS_TOKEN_PEER", "PACKOPS_TOKEN_AUTOMATION");

    /**
     * Fixed tokens for a test or benchmark stack, one per role, {@code <prefix>-<role>-} and padding: 32+ characters as
     * the prod profile wants, and recognisable in a log.
     */
    public static Map<String, String> fixedTokens(String prefix) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String v : TOKEN_VARIABLES) {
            tokens.put(v, prefix + "-" + v.substring("PACKOPS_TOKEN_".length()).toLowerCase(java.util.Locale.ROOT) + "-0123456789abcdef0123456789");
        }
        return tokens;
    }

    /**
     * An alerting-service replica called {@code name} (its log is {@code <name>.log}) on {@code port}, reading
     * {@code ingest} and {@code ownership} with the peer token and acting on ingest with the automation token, paging PagerDuty's Events API at
     * {@code pagerDutyUrl}, with {@code fallbackRoutingKey} for alerts whose owner is unknown (not started).
     */
    public ServiceProcess alerting(String name, int port, ServiceProcess ingest, ServiceProcess ownership, String pagerDutyUrl,
                                   String fallbackRoutingKey, Map<String, String> extra) {
        String self = "http://" + settings.host() + ":" + port;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INGEST_URL", ingest.url());
        env.put("OWNERSHIP_URL", ownership.url());
        env.put("ALERTING_EXTERNAL_URL", self);
        env.put("ALERTS_BASE_URL", self);
        env.put("PACKOPS_PEER_TOKEN", token("PACKOPS_TOKEN_PEER"));
        env.put("PACKOPS_AUTOMATION_TOKEN", token("PACKOPS_TOKEN_AUTOMATION"));
        env.put("PAGERDUTY_EVENTS_URL", pagerDutyUrl);
        env.put("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", fallbackRoutingKey);
        env.putAll(extra);
        // the local fake pager is on this machine over http: allowed by its exact host:port (with what extra allows)
        String allow = hostPort(pagerDutyUrl);
        String more = extra.get("PACKOPS_OUTBOUND_ALLOW");
        env.put("PACKOPS_OUTBOUND_ALLOW", more == null || more.isBlank() ? allow : allow + "," + more);
        return service(name, "alerting-service", port, env);
    }

    private String token(String variable) {
        String t = settings.tokens().get(variable);
        if (t == null || t.isBlank()) {
            throw new IllegalStateException("the stack's tokens have no " + variable + " (every one of " + TOKEN_VARIABLES + " is needed)");
        }
        return t;
    }

    /** {@code host:port} of an http(s) URL (the scheme's port when it names none), as the outbound allow-list wants it. */
    public static String hostPort(String url) {
        java.net.URI uri = java.net.URI.create(url);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** A service of {@code module} called {@code name}, with the database, the tokens and {@code extra} (not started). */
    public synchronized ServiceProcess service(String name, String module, int port, Map<String, String> extra) {
        if (jdbcUrl == null) {
            throw new IllegalStateException("no database yet: call database(...) before defining " + name);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(port));
        if (settings.isolated()) {
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        }
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", dbUser);
        env.put("QUARKUS_DATASOURCE_PASSWORD", dbPassword);
        env.putAll(settings.tokens());
        env.putAll(extra);
        ServiceProcess p = new ServiceProcess(this, name, module, port, env);
        services.add(p);
        return p;
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** The service (or replica) called {@code name}. */
    public Optional<ServiceProcess> service(String name) {
        return services.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Starts the services together (they do not need each other to start), then waits until each is ready. */
    public void startAll(Duration timeout, ServiceProcess... processes) {
        for (ServiceProcess p : processes) {
            p.start();
        }
        for (ServiceProcess p : processes) {
            p.awaitReady(timeout);
        }
    }

    /** A service that ended without being asked to, unless the stack is stopping. */
    public Optional<ServiceProcess> died() {
        return closed ? Optional.empty() : services.stream().filter(ServiceProcess::died).findFirst();
    }

    /** Whether {@link #close} was called: the services are stopping or stopped on purpose. */
    public boolean closed() {
        return closed;
    }

    /** Stops every service (reverse order; TERM, then KILL after the grace period) and PostgreSQL; every step runs. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<RuntimeException> failures = new ArrayList<>();
        List<ServiceProcess> reversed = new ArrayList<>(services);
        java.util.Collections.reverse(reversed);
        if (settings.stopGrace().isZero()) {
            reversed.forEach(p -> run(failures, p::kill));
        } else {
            for (ServiceProcess p : reversed) {
                if (p.isAlive()) {
                    settings.say().accept("stopping " + p.name() + " (pid " + p.pid() + ")");
                }
                run(failures, p::terminate);
            }
            for (ServiceProcess p : reversed) {
                run(failures, () -> {
                    if (!p.awaitExit(settings.stopGrace())) {
                        settings.say().accept(p.name() + " did not stop in " + settings.stopGrace().toSeconds() + "s, killing it");
                    }
                });
            }
        }
        stopPostgres(failures);
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("stopping the stack in " + settings.dir() + " failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private void stopPostgres(List<RuntimeException> failures) {
        Postgres pg;
        synchronized (this) {
            pg = postgres;
        }
        if (pg != null) {
            settings.say().accept("stopping PostgreSQL");
            run(failures, pg::close);
        }
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    /** Removes a directory and everything in it (a stack's state or logs); nothing when it is not there. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
