package io.packops.cli.up;

import io.packops.cli.exit.ExitCodes;
import io.packops.launcher.ServiceProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code packops up}: the whole system on this machine. Builds the service jars when missing, starts an embedded
 * PostgreSQL (or uses {@code --jdbc-url}), generates role tokens into {@code .packops/tokens.env}, starts
 * ingest-, ownership- and alerting-service as processes, waits for each to be ready, prints where to look, and
 * keeps running until Ctrl-C, which stops everything it started.
 */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Start PostgreSQL and the three services on this machine (8081 ingest, 8082 alerting, 8083 ownership), seeded with demo packs, schemas and a telemetry stream.",
        footer = {"",
                "State lives in .packops/ at the repo root: pgdata/ (the database, kept between runs), tokens.env (mode 600), logs/.",
                "Ctrl-C stops every process it started. The fake pager and control panel listen on 127.0.0.1:8084.",
                "Exit codes: 2 bad usage or not in the repo, 3 the build failed, 4 a port in use, a service that did not start or died."})
public class UpCommand implements Callable<Integer> {

    /** The fake pager and control panel (DemoServer). */
    public static final int DEMO_PORT = 8084;

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

    @Option(names = "--escalation-time-scale", paramLabel = "<factor>", defaultValue = "0.05",
            description = "Escalation delays times this, so a rehearsal escalates in seconds (default: 0.05, a 15-minute level after 45 s; 1 = real minutes).")
    double escalationTimeScale;

    @Option(names = "--installs-per-tick", paramLabel = "<n>", defaultValue = "6",
            description = "Demo telemetry: installs every 2 seconds (default: 6; 0 = no stream).")
    int installsPerTick;

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
        LocalStack stack = new LocalStack(new LocalStack.Options(root, root.resolve(".packops"), fresh, jdbcUrl, dbUser,
                dbPassword, 8081, 8082, 8083, DEMO_PORT, readyTimeout, escalationTimeScale, installsPerTick, 2_000, true));
        Thread hook = new Thread(stack::close, "packops-up-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stack.start(out);
            printWhereToLook(out, upTime(t0, System.getenv("PACKOPS_LAUNCHED_AT"), System.currentTimeMillis()), escalationTimeScale);
            return watch(stack, err);
        } catch (LocalStack.StartFailure e) {
            err.println("packops up: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.unavailable(err, "packops up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNAVAILABLE;
        } finally {
            stack.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running or has run
            }
        }
    }

    /** Blocks until a service dies unasked (→ 4) or the JVM is stopped (Ctrl-C; the shutdown hook stops everything). */
    private static int watch(LocalStack stack, PrintWriter err) throws InterruptedException {
        while (true) {
            Optional<ServiceProcess> died = stack.died();
            if (died.isEmpty() && stack.stopping()) {
                return ExitCodes.OK; // Ctrl-C: the shutdown hook is stopping everything, and says so
            }
            if (died.isPresent()) {
                err.println("packops up: " + died.get().name() + " exited (code " + died.get().exitValue() + "); see "
                        + died.get().log() + " — stopping everything");
                return ExitCodes.UNAVAILABLE;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * How long the user waited: from {@code ./packops} being run ({@code PACKOPS_LAUNCHED_AT}, epoch milliseconds, set
     * by the launcher script before it builds the CLI) when known, else from this command's start.
     */
    static String upTime(long startNanos, String launchedAt, long nowMillis) {
        long own = (System.nanoTime() - startNanos) / 1_000_000;
        try {
            long total = nowMillis - Long.parseLong(launchedAt == null ? "" : launchedAt.trim());
            if (total >= own && total < 24 * 3_600_000L) {
                long cli = total - own;
                return Math.round(total / 1000.0) + " s" + (cli >= 10_000 ? ", " + Math.round(cli / 1000.0) + " s of it building the CLI" : "");
            }
        } catch (NumberFormatException e) {
            // not launched through ./packops: count from here
        }
        return Math.round(own / 1000.0) + " s";
    }

    private static void printWhereToLook(PrintWriter out, String upTime, double scale) {
        out.println();
        out.println("packops is up (" + upTime + "). Where to look:");
        out.println("  support page       http://localhost:8083/            (sign in with an agent/operator/admin token)");
        out.println("  ingest-service     http://localhost:8081   Swagger UI http://localhost:8081/q/swagger-ui/   metrics http://localhost:8081/q/metrics");
        out.println("  alerting-service   http://localhost:8082   Swagger UI http://localhost:8082/q/swagger-ui/   metrics http://localhost:8082/q/metrics");
        out.println("  ownership-service  http://localhost:8083   Swagger UI http://localhost:8083/q/swagger-ui/   metrics http://localhost:8083/q/metrics");
        out.println("                     Swagger UI asks you to sign in once per service (/q/sign-in) with any token from tokens.env;");
        out.println("                     \"Authorize\" there takes a bearer token for trying calls that need a role");
        out.println("  recorded pages     http://localhost:" + DEMO_PORT + "/        (the fake pager; JSON at /pages)");
        out.println("  alerts             curl -H \"Authorization: Bearer $PACKOPS_TOKEN_AGENT\" http://localhost:8082/v1/alerts");
        out.println("  install stats      curl -H \"Authorization: Bearer $PACKOPS_TOKEN_AGENT\" 'http://localhost:8081/v1/stats/installs?window=24h&groupBy=warehouse'");
        out.println("  who owns stripe    ./packops who stripe --pack stripe-revenue");
        out.println("  rehearse           ./packops drill            (bad-release; also schema-drift, silent-telemetry, ownership-down, canary-abort, package-upgrade, all)");
        out.println("  tokens             .packops/tokens.env  (set -a; . .packops/tokens.env; set +a)    logs .packops/logs/");
        out.println("Rehearsal timings: rules from deploy/demo/rules.yaml, escalation delays x" + scale + ".");
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
