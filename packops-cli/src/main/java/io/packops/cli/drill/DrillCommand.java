package io.packops.cli.drill;

import io.packops.cli.client.Api;
import io.packops.cli.client.TokensFile;
import io.packops.cli.demo.DemoFleet;
import io.packops.cli.demo.DemoSeeder;
import io.packops.cli.demo.InstallSimulator;
import io.packops.cli.demo.TelemetryStream;
import io.packops.cli.exit.ExitCodes;
import io.packops.cli.up.LocalStack;
import io.packops.cli.up.RepoRoot;
import io.packops.launcher.Ports;
import io.packops.launcher.Response;
import io.packops.launcher.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code packops drill [scenario]}: a scripted launch-day incident against the running stack ({@code ./packops up})
 * or one it starts itself ({@code --self-contained}), with a live timeline, a summary of the response times and the
 * gaps found, and optionally a Markdown report. Exit 0 only when every expected step happened in time.
 */
@Command(name = "drill",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Rehearse a launch-day incident against the local stack and check packops responds as expected.",
        footer = {"",
                "Scenarios:",
                "  bad-release       (default) stripe-revenue 1.1.0 published past the gate, installs fail: detect, page, escalate, ack, roll back, recover, resolve",
                "  schema-drift      a stripe schema change reaches a share of accounts: pack-compat-broken with the blast radius, routed to the owner",
                "  silent-telemetry  telemetry stops: telemetry-silent pages the platform owner",
                "  ownership-down    ownership-service stops mid-incident: the fallback route is paged, then the real owner",
                "  canary-abort      a staged rollout fails on BigQuery only: aborted at 10 %, stable served to all, owner paged",
                "  package-upgrade   a coming dbt_stripe release breaks stripe-revenue: owner paged before any account upgrades, fix rolled out, alert clears",
                "  all               every scenario, one after the other",
                "",
                "Against ./packops up (tokens from .packops/tokens.env, the fake pager and control panel on :8084), or --self-contained.",
                "Exit codes: 0 every step happened in time, 1 a step failed or was late, 2 bad usage, 4 the stack is not reachable."})
public class DrillCommand implements Callable<Integer> {

    static final List<String> SCENARIOS = List.of("bad-release", "schema-drift", "silent-telemetry", "ownership-down", "canary-abort",
            "package-upgrade");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<scenario>",
            description = "bad-release (default), schema-drift, silent-telemetry, ownership-down, canary-abort, package-upgrade, or all; "
                    + "several run one after the other.")
    List<String> scenarios;

    @Option(names = "--self-contained", description = "Start a private stack (fresh database, free ports) for the drill and stop it afterwards.")
    boolean selfContained;

    @Option(names = "--report", paramLabel = "<file.md>", description = "Also write the timeline and summary as Markdown.")
    Path report;

    @Option(names = "--escalation-time-scale", paramLabel = "<factor>",
            description = "The stack's escalation delay factor (default: 0.05 as ./packops up runs; 0.02 with --self-contained).")
    Double escalationTimeScale;

    @Option(names = "--deadline-scale", paramLabel = "<factor>", defaultValue = "1",
            description = "Multiply every step's deadline (a slow machine). Default 1.")
    double deadlineScale;

    @Option(names = "--ingest-url", paramLabel = "<url>", defaultValue = "http://localhost:8081")
    String ingestUrl;
    @Option(names = "--alerting-url", paramLabel = "<url>", defaultValue = "http://localhost:8082")
    String alertingUrl;
    @Option(names = "--ownership-url", paramLabel = "<url>", defaultValue = "http://localhost:8083")
    String ownershipUrl;
    @Option(names = "--demo-url", paramLabel = "<url>", defaultValue = "http://localhost:8084",
            description = "The fake pager and control panel of ./packops up.")
    String demoUrl;

    /** A reason not to run, said in one line, with the exit code. */
    private static final class Refused extends Exception {
        final int exitCode;

        Refused(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** Where the scenarios run: the services, the fake pager and control panel, the stack's escalation factor, its logs. */
    private record Target(Api api, String pagerUrl, double scale, Path logs) {
    }

    private LocalStack privateStack;
    private Path privateState;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allPassed = false;
        try {
            List<String> chosen = chosen();
            Path root = RepoRoot.find().orElseThrow(() -> new Refused(ExitCodes.BAD_INPUT,
                    "cannot find the packops repository (a directory with ./packops and pom.xml) here or above"));
            Target target = selfContained ? privateStack(root, out) : runningStack(root);
            DemoFleet fleet = privateStack != null ? privateStack.fleet()
                    : DemoFleet.build(root.resolve("packs"), DemoSeeder.ACCOUNTS, DemoSeeder.DRIFT_SHARE, DemoSeeder.SEED);
            TelemetryStream installer = new TelemetryStream(target.api(), fleet, new InstallSimulator(System.nanoTime(), 0.01, 0.005),
                    System.nanoTime());
            List<DrillReport.Run> runs = new ArrayList<>();
            for (String name : chosen) {
                runs.add(run(scenario(name), new Drill(target.api(), fleet, installer, target.pagerUrl(), root, target.logs(),
                        target.scale(), deadlineScale, out), out));
            }
            allPassed = runs.stream().allMatch(DrillReport.Run::passed);
            if (report != null) {
                Files.writeString(report, DrillReport.markdown(runs, selfContained ? "a private stack (--self-contained)"
                        : "ingest " + target.api().urls().ingest() + ", alerting " + target.api().urls().alerting() + ", ownership "
                        + target.api().urls().ownership(), target.scale()));
                out.println("report written to " + report);
            }
            out.flush();
            return allPassed ? ExitCodes.OK : ExitCodes.FINDINGS;
        } catch (Refused e) {
            err.println("packops drill: " + e.getMessage());
            return e.exitCode;
        } catch (LocalStack.StartFailure e) {
            err.println("packops drill: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | RuntimeException e) {
            return ExitCodes.unavailable(err, "packops drill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNAVAILABLE;
        } finally {
            removePrivateStack(allPassed, err);
        }
    }

    /** The scenarios asked for, {@code all} expanded; bad-release when none. */
    private List<String> chosen() throws Refused {
        List<String> chosen = new ArrayList<>();
        for (String s : scenarios == null || scenarios.isEmpty() ? List.of("bad-release") : scenarios) {
            if (s.equals("all")) {
                chosen.addAll(SCENARIOS);
            } else if (SCENARIOS.contains(s)) {
                chosen.add(s);
            } else {
                throw new Refused(ExitCodes.BAD_INPUT, "no scenario '" + s + "'; choose from " + String.join(", ", SCENARIOS) + " or all");
            }
        }
        return chosen;
    }

    /** {@code --self-contained}: a fresh stack on free ports in a temporary directory, stopped afterwards. */
    private Target privateStack(Path root, PrintWriter out) throws LocalStack.StartFailure, IOException, InterruptedException {
        privateState = Files.createTempDirectory("packops-drill-");
        int[] ports = Ports.free(4);
        double scale = escalationTimeScale == null ? 0.02 : escalationTimeScale;
        privateStack = new LocalStack(new LocalStack.Options(root, privateState, true, null, null, null, ports[0], ports[1], ports[2],
                ports[3], 180, scale, 4, 2_000, true));
        LocalStack started = privateStack;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "packops-drill-stop"));
        out.println("packops drill: starting a private stack in " + privateState + " ...");
        out.flush();
        privateStack.start(out);
        return new Target(privateStack.api(), privateStack.demoUrl(), scale, privateState.resolve("logs"));
    }

    /** The stack of {@code ./packops up} (or the URLs given), with its tokens; every service must be ready. */
    private Target runningStack(Path root) throws Refused, IOException {
        Map<String, String> tokens = tokens(root);
        // the drill calls as people do: it needs their four roles, not alerting's machine tokens
        if (!tokens.keySet().containsAll(TokensFile.VARIABLES.subList(0, 4))) {
            throw new Refused(ExitCodes.BAD_INPUT, "no tokens: start the stack with ./packops up (it writes .packops/tokens.env), "
                    + "set PACKOPS_TOKEN_INGEST/AGENT/OPERATOR/ADMIN, or use --self-contained");
        }
        Api api = new Api(new Api.Urls(strip(ingestUrl), strip(alertingUrl), strip(ownershipUrl)), tokens);
        for (String url : List.of(api.urls().ingest(), api.urls().alerting(), api.urls().ownership())) {
            Response r;
            try {
                r = api.get(url + "/q/health/ready", null);
            } catch (Api.Unreachable e) {
                throw new Refused(ExitCodes.UNAVAILABLE, url + " is not reachable; start packops with ./packops up, or use --self-contained");
            }
            if (!r.ok()) {
                throw new Refused(ExitCodes.UNAVAILABLE, url + " is not ready (" + r.status() + ")");
            }
        }
        return new Target(api, strip(demoUrl), escalationTimeScale == null ? 0.05 : escalationTimeScale, root.resolve(".packops/logs"));
    }

    /** One scenario: its timeline as it happens, then its summary. */
    private static DrillReport.Run run(Scenario s, Drill d, PrintWriter out) throws InterruptedException {
        out.println();
        out.println("drill " + s.name() + ": " + s.rehearses());
        out.flush();
        boolean passed;
        String failure = null;
        try {
            s.run(d);
            passed = true;
        } catch (Drill.Failed f) {
            passed = false;
            failure = f.getMessage();
        } catch (Api.Unreachable e) {
            d.fail("service reachable", e.getMessage());
            passed = false;
            failure = e.getMessage();
        }
        DrillReport.Run run = new DrillReport.Run(s.name(), s.rehearses(), d.start(), Instant.now(), passed, failure,
                d.steps(), d.measuresInOrder(), d.gaps(), passed ? List.of() : d.lookAt());
        out.print(DrillReport.summary(run));
        out.flush();
        return run;
    }

    /** Stops the private stack; removes its directory when every step passed, else keeps its logs and says where. */
    private void removePrivateStack(boolean allPassed, PrintWriter err) {
        if (privateStack != null) {
            privateStack.close();
        }
        if (privateState == null) {
            return;
        }
        if (allPassed) {
            try {
                Stack.deleteTree(privateState);
            } catch (IOException e) {
                err.println("packops drill: could not remove " + privateState + ": " + e.getMessage());
            }
        } else {
            err.println("packops drill: the private stack's logs are kept in " + privateState.resolve("logs"));
        }
    }

    private Scenario scenario(String name) {
        return switch (name) {
            case "bad-release" -> new BadReleaseScenario("stripe-revenue", "1.1.0");
            case "schema-drift" -> new SchemaDriftScenario("stripe", 0.2);
            case "silent-telemetry" -> new SilentTelemetryScenario();
            case "canary-abort" -> new CanaryAbortScenario();
            case "package-upgrade" -> new PackageUpgradeScenario("stripe-revenue", "1.0.2", 0.25);
            case "ownership-down" -> new OwnershipDownScenario(
                    System.getenv().getOrDefault("PACKOPS_FALLBACK_PAGERDUTY_ROUTING_KEY", "demo-fallback"));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Role tokens: the environment first, then .packops/tokens.env. */
    private static Map<String, String> tokens(Path root) throws IOException {
        Map<String, String> out = new java.util.HashMap<>();
        Path file = root.resolve(".packops/tokens.env");
        if (Files.isRegularFile(file)) {
            out.putAll(TokensFile.loadOrCreate(file).values());
        }
        for (String v : TokensFile.VARIABLES) {
            String env = System.getenv(v);
            if (env != null && !env.isBlank()) {
                out.put(v, env.trim());
            }
        }
        return out;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

}
