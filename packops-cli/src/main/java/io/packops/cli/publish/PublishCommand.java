package io.packops.cli.publish;

import io.packops.cli.client.Api;
import io.packops.cli.client.ServiceTarget;
import io.packops.cli.exit.ExitCodes;
import io.packops.launcher.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code packops publish packs/stripe-revenue/1.1.0.yaml [--override-gate "why"]}: the release gate, then the publish
 * ({@link Release}). A blocking gate stops the release unless the release manager says why it must go out anyway;
 * the reason is recorded on the version in ingest-service.
 */
@Command(name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Publish a pack version: the release gate first (every current schema of its connector), then "
                + "the registry. A blocking gate stops it unless --override-gate says why it must go out anyway.",
        footer = {"",
                "The token comes from --token, else $PACKOPS_TOKEN_OPERATOR / $PACKOPS_TOKEN, else .packops/tokens.env "
                        + "(written by ./packops up). Publishing needs the operator role.",
                "Exit codes: 0 published (or already published and active), 1 not published: blocked by the gate, or this "
                        + "content is a withdrawn version; 2 bad input or refused by a service (other content under a published "
                        + "version among them), 4 a service unreachable or failing.",
                "Examples:",
                "  packops publish packs/stripe-revenue/1.0.0.yaml",
                "  packops publish packs/stripe-revenue/1.1.0.yaml --override-gate \"hotfix for INC-42; affected accounts told\""})
public class PublishCommand implements Callable<Integer> {

    static final List<String> TOKEN_VARIABLES = List.of("PACKOPS_TOKEN_OPERATOR", "PACKOPS_TOKEN");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<manifest.yaml>", description = "The pack version's manifest.")
    Path manifest;

    @Option(names = "--override-gate", paramLabel = "<reason>",
            description = "Publish even if the gate blocks, and record why (1-500 characters) on the version.")
    String overrideReason;

    @Option(names = "--hold", description = "Serve it to nobody until a staged rollout of it starts "
            + "(POST /v1/packs/{pack}/versions/{version}/rollout; see runbooks/rollout.md).")
    boolean hold;

    @Option(names = "--ingest-url", paramLabel = "<url>",
            description = "ingest-service base URL (default: $PACKOPS_INGEST_URL or http://localhost:8081).")
    String ingestUrl;

    @Option(names = "--alerting-url", paramLabel = "<url>",
            description = "alerting-service base URL (default: $PACKOPS_ALERTING_URL or http://localhost:8082).")
    String alertingUrl;

    @Option(names = "--token", paramLabel = "<token>", description = "Operator bearer token (see below).")
    String token;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (overrideReason != null && (overrideReason.isBlank() || overrideReason.length() > 500)) {
            err.println("packops publish: --override-gate needs a reason of 1 to 500 characters: say why the gate is overridden");
            return ExitCodes.BAD_INPUT;
        }
        String text = readManifest(err);
        if (text == null) {
            return ExitCodes.BAD_INPUT;
        }
        Map<String, String> env = System.getenv();
        ServiceTarget ingest = ServiceTarget.resolve(ingestUrl, "PACKOPS_INGEST_URL", "http://localhost:8081", token,
                TOKEN_VARIABLES, env, Path.of(""));
        ServiceTarget alerting = ServiceTarget.resolve(alertingUrl, "PACKOPS_ALERTING_URL", "http://localhost:8082", token,
                TOKEN_VARIABLES, env, Path.of(""));
        if (ingest.token() == null) {
            err.println("packops publish: no token: pass --token, set PACKOPS_TOKEN_OPERATOR, or run ./packops up "
                    + "(writes .packops/tokens.env)");
            return ExitCodes.BAD_INPUT;
        }
        Api api = new Api(new Api.Urls(ingest.url(), alerting.url(), null), Map.of("PACKOPS_TOKEN_OPERATOR", ingest.token()));

        Release.Outcome outcome;
        try {
            outcome = Release.publish(api, text, overrideReason, hold);
        } catch (Api.Unreachable e) {
            err.println("packops publish: not reachable: " + e.getMessage() + " (is ./packops up running? set --ingest-url / "
                    + "--alerting-url); nothing published");
            return ExitCodes.UNAVAILABLE;
        } catch (Release.Refused e) {
            err.println("packops publish: " + e.getMessage() + (e.status() >= 500 ? "" : "; nothing published"));
            if (e.status() == 401 || e.status() == 403) {
                err.println("  (token from " + ingest.tokenSource() + "; publishing needs the operator role)");
            }
            return e.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.BAD_INPUT;
        }

        return report(out, outcome, api, ingest.url());
    }

    /** The manifest's text; null (and why on {@code err}) when it cannot be read. */
    private String readManifest(PrintWriter err) {
        try {
            return Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            err.println("packops publish: " + manifest + " is not UTF-8 text");
        } catch (IOException e) {
            err.println("packops publish: cannot read " + manifest + (Files.exists(manifest) ? ": " + e.getMessage() : ": no such file"));
        }
        return null;
    }

    /** The gate's verdict and problems, then what was published (or why not) and what installers get now. */
    private int report(PrintWriter out, Release.Outcome outcome, Api api, String ingestUrl) {
        var gate = outcome.gate();
        String pack = gate.path("pack").asText();
        String what = pack + " " + gate.path("version").asText();
        if (outcome.gateBlocks()) {
            out.println("release gate: BLOCK — " + what + " does not compile for " + outcome.blastRadius());
        } else {
            out.println("release gate: pass — " + what + " compiles for every current " + gate.path("connector").asText()
                    + " schema it must (" + gate.path("totalAccounts").asLong() + " accounts)");
        }
        GateProblems.print(out, manifest.toString(), gate);
        String served = outcome.result() == Release.Result.BLOCKED ? null : servedVersion(api, pack);
        switch (outcome.result()) {
            case BLOCKED -> {
                out.println("not published. Fix the tiles above (./packops check " + manifest + " --catalog <catalog.json> "
                        + "shows each against one schema); if it must go out anyway, say why (it is recorded on the version):");
                out.println("  packops publish " + manifest + " --override-gate \"<reason>\"");
                return ExitCodes.FINDINGS;
            }
            case WITHDRAWN -> {
                withdrawn(out, outcome.version(), served, ingestUrl);
                return ExitCodes.FINDINGS;
            }
            case ALREADY_PUBLISHED -> out.println(what + " was already published with this content on "
                    + outcome.version().path("publishedAt").asText() + " by " + outcome.version().path("publishedBy").asText("?")
                    + " and is active; nothing changed" + (hold || overrideReason != null
                    ? " (--hold and --override-gate apply to a new version only)" : ""));
            case PUBLISHED -> out.println("published " + what + (outcome.version().path("heldForRollout").asBoolean()
                    ? ", held: nobody gets it until its rollout starts" : ""));
        }
        if (served != null) {
            out.println("installers of " + pack + " get " + served + " now");
        }
        var record = outcome.version().path("gateOverride");
        if (!record.isMissingNode() && !record.isNull()) {
            out.println((outcome.result() == Release.Result.PUBLISHED ? "gate override on the record" : "published past the gate before")
                    + ": by " + record.path("by").asText() + " at " + record.path("at").asText() + ": " + record.path("reason").asText());
        } else if (overrideReason != null && !outcome.gateBlocks()) {
            out.println("the gate passes: --override-gate was not needed and is not recorded");
        }
        return ExitCodes.OK;
    }

    /** A withdrawn version: when, by whom and why, what installers get instead, and the two ways forward. */
    private void withdrawn(PrintWriter out, com.fasterxml.jackson.databind.JsonNode v, String served, String ingestUrl) {
        String what = v.path("pack").asText() + " " + v.path("version").asText();
        out.println(what + " is WITHDRAWN: published " + v.path("publishedAt").asText() + " by " + v.path("publishedBy").asText("?")
                + ", withdrawn " + v.path("withdrawnAt").asText("?") + " by " + v.path("withdrawnBy").asText("someone unrecorded")
                + (v.path("reason").isTextual() ? ": \"" + v.path("reason").asText() + "\"" : ""));
        var record = v.path("gateOverride");
        if (record.isObject()) {
            out.println("  it went out past the gate (by " + record.path("by").asText() + " at " + record.path("at").asText() + ": \""
                    + record.path("reason").asText() + "\")");
        }
        out.println("nothing was published or changed" + (hold || overrideReason != null
                ? " (--hold and --override-gate apply to a new version only)" : "")
                + "; installers get " + (served == null ? "no version" : served) + ".");
        out.println("to serve this content again, restore it (after fixing what it was withdrawn for):");
        out.println("  curl -XPOST -H \"Authorization: Bearer $PACKOPS_TOKEN_OPERATOR\" " + ingestUrl + "/v1/packs/"
                + v.path("pack").asText() + "/versions/" + v.path("version").asText() + "/restore");
        out.println("or publish the fix as a new version (a published version never changes).");
    }

    /** What installers are served now (a staged rollout serves its canary only to its cohort); null if unknown. */
    private static String servedVersion(Api api, String pack) {
        try {
            Response release = api.get(api.urls().ingest() + "/v1/packs/" + pack + "/release", "operator");
            return release.ok() ? release.body().path("servedVersion").asText(null) : null;
        } catch (Api.Unreachable e) {
            return null;
        }
    }
}
