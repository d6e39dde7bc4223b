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
                "  all               every scenario, one after the other",
                "",
                "Against ./packops up (tokens from .packops/tokens.env, the fake pager and control panel on :8084), or --self-contained.",
                "Exit codes: 0 every step happened in time, 1 a step failed or was late, 2 bad usage, 4 the stack is not reachable."})
public class DrillCommand implements Callable<Integer> {

    static final List<String> SCENARIOS = List.of("bad-release", "schema-drift", "silent-telemetry", "ownership-down", "canary-abort");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<scenario>",
            description = "bad-release (default), schema-drift, silent-telemetry, ownership-down, canary-abort, or all; several run one after the other.")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> chosen = new ArrayList<>();
        for (String s : scenarios == null || scenarios.isEmpty() ? List.of("bad-release") : scenarios) {
            if (s.equals("all")) {
                chosen.addAll(SCENARIOS);
            } else if (SCENARIOS.contains(s)) {
                chosen.add(s);
            } else {
                err.println("packops drill: no scenario '" + s + "'; choose from " + String.join(", ", SCENARIOS) + " or all");
                return ExitCodes.BAD_INPUT;
            }
        }
        Optional<Path> found = RepoRoot.find();
        if (found.isEmpty()) {
            err.println("packops drill: cannot find the packops repository (a directory with ./packops and pom.xml) here or above");
            return ExitCodes.BAD_INPUT;
        }
        Path root = found.get();
        LocalStack stack = null;
        Path privateState = null;
        boolean allPassed = false;
        try {
            Api api;
            String pager;
            double scale;
            if (selfContained) {
                Path state = Files.createTempDirectory("packops-drill-");
                privateState = state;
                int[] ports = Ports.free(4);
                scale = escalationTimeScale == null ? 0.02 : escalationTimeScale;
                stack = new LocalStack(new LocalStack.Options(root, state, true, null, null, null, ports[0], ports[1], ports[2],
                        ports[3], 180, scale, 4, 2_000, true));
                LocalStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "packops-drill-stop"));
                out.println("packops drill: starting a private stack in " + state + " ...");
                out.flush();
                stack.start(out);
                api = stack.api();
                pager = stack.demoUrl();
            } else {
                Map<String, String> tokens = tokens(root);
                if (!tokens.keySet().containsAll(TokensFile.VARIABLES)) {
                    err.println("packops drill: no tokens: start the stack with ./packops up (it writes .packops/tokens.env), "
                            + "set PACKOPS_TOKEN_INGEST/AGENT/OPERATOR/ADMIN, or use --self-contained");
                    return ExitCodes.BAD_INPUT;
                }
                api = new Api(new Api.Urls(strip(ingestUrl), strip(alertingUrl), strip(ownershipUrl)), tokens);
                pager = strip(demoUrl);
                scale = escalationTimeScale == null ? 0.05 : escalationTimeScale;
                for (String url : List.of(api.urls().ingest(), api.urls().alerting(), api.urls().ownership())) {
                    Response r;
                    try {
                        r = api.get(url + "/q/health/ready", null);
                    } catch (Api.Unreachable e) {
                        err.println("packops drill: " + url + " is not reachable; start packops with ./packops up, or use --self-contained");
                        return ExitCodes.UNAVAILABLE;
                    }
                    if (!r.ok()) {
                        err.println("packops drill: " + url + " is not ready (" + r.status() + ")");
                        return ExitCodes.UNAVAILABLE;
                    }
                }
            }
            DemoFleet fleet = stack != null ? stack.fleet()
                    : DemoFleet.build(root.resolve("packs"), DemoSeeder.ACCOUNTS, DemoSeeder.DRIFT_SHARE, DemoSeeder.SEED);
            TelemetryStream installer = new TelemetryStream(api, fleet, new InstallSimulator(System.nanoTime(), 0.01, 0.005), System.nanoTime());

            List<DrillReport.Run> runs = new ArrayList<>();
            allPassed = true;
            for (String name : chosen) {
                Scenario s = scenario(name);
                out.println();
                out.println("drill " + s.name() + ": " + s.rehearses());
                out.flush();
                Drill d = new Drill(api, fleet, installer, pager, root,
                        privateState != null ? privateState.resolve("logs") : root.resolve(".packops/logs"), scale, deadlineScale, out);
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
                runs.add(run);
                allPassed &= passed;
                out.print(DrillReport.summary(run));
                out.flush();
            }
            if (report != null) {
                Files.writeString(report, DrillReport.markdown(runs, selfContained ? "a private stack (--self-contained)"
                        : "ingest " + api.urls().ingest() + ", alerting " + api.urls().alerting() + ", ownership " + api.urls().ownership(), scale));
                out.println("report written to " + report);
            }
            out.flush();
            return allPassed ? ExitCodes.OK : ExitCodes.FINDINGS;
        } catch (LocalStack.StartFailure e) {
            err.println("packops drill: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | RuntimeException e) {
            err.println("packops drill: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            if (System.getenv("PACKOPS_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return ExitCodes.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNAVAILABLE;
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (privateState != null) {
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
        }
    }

    private Scenario scenario(String name) {
        return switch (name) {
            case "bad-release" -> new BadReleaseScenario("stripe-revenue", "1.1.0");
            case "schema-drift" -> new SchemaDriftScenario("stripe", 0.2);
            case "silent-telemetry" -> new SilentTelemetryScenario();
            case "canary-abort" -> new CanaryAbortScenario();
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
