package io.packops.cli.who;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.packops.cli.client.ServiceTarget;
import io.packops.cli.exit.ExitCodes;
import io.packops.launcher.Http;
import io.packops.launcher.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

/**
 * {@code packops who stripe [--pack stripe-revenue]}: who owns a connector or pack, who is on call now at each
 * escalation level, the runbook, the support queue and a suggested first reply — ownership-service's
 * {@code GET /v1/lookup}, printed for a human (or as the service's JSON with {@code --format json}).
 */
@Command(name = "who",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Who owns a connector or pack, who is on call now, how it escalates, which runbook and support queue.",
        footer = {"",
                "The token comes from --token, else $PACKOPS_TOKEN / $PACKOPS_TOKEN_AGENT, else .packops/tokens.env "
                        + "(written by ./packops up). Any role but ingest may look up.",
                "Connector and pack may be in any case (Stripe is stripe). A connector or pack ownership does not know is "
                        + "said first, with the close matches (did you mean stripe?); the owner shown then is the fallback "
                        + "(\"*\" rule).",
                "Exit codes: 0 found, 1 the connector or pack is unknown and the owner shown is the \"*\" rule's fallback "
                        + "(text and json alike), 2 bad input or usage (or the service refused the request), "
                        + "4 ownership-service unreachable or failing.",
                "Example: packops who stripe --pack stripe-revenue"})
public class WhoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<connector>", arity = "0..1", description = "Connector slug, e.g. stripe (any case).")
    String connector;

    @Option(names = "--pack", paramLabel = "<pack>", description = "Pack slug, e.g. stripe-revenue.")
    String pack;

    @Option(names = "--at", paramLabel = "<time>", description = "RFC 3339 time to resolve on-call at (default: now).")
    String at;

    @Option(names = "--url", paramLabel = "<url>",
            description = "ownership-service base URL (default: $PACKOPS_OWNERSHIP_URL or http://localhost:8083).")
    String url;

    @Option(names = "--token", paramLabel = "<token>", description = "Bearer token (see below).")
    String token;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text", description = "Output: text or json (default: text).")
    String format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String usage = usageProblem();
        if (usage != null) {
            err.println("packops who: " + usage);
            return ExitCodes.BAD_INPUT;
        }
        ServiceTarget target = ServiceTarget.resolve(url, "PACKOPS_OWNERSHIP_URL", "http://localhost:8083", token,
                System.getenv(), Path.of(""));
        if (target.token() == null) {
            err.println("packops who: no token: pass --token, set PACKOPS_TOKEN_AGENT, or run ./packops up (writes .packops/tokens.env)");
            return ExitCodes.BAD_INPUT;
        }
        String uri = target.url() + lookupPath();
        Response response;
        try {
            response = new Http().send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(15))
                    .header("Accept", "application/json").GET(), target.token());
        } catch (ConnectException e) {
            err.println("packops who: ownership-service is not reachable at " + target.url() + " (is ./packops up running? set --url)");
            return ExitCodes.UNAVAILABLE;
        } catch (HttpTimeoutException e) {
            err.println("packops who: ownership-service at " + target.url() + " did not answer in time");
            return ExitCodes.UNAVAILABLE;
        } catch (IOException | IllegalArgumentException e) {
            err.println("packops who: cannot call " + uri + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.UNAVAILABLE;
        }
        return print(response, target, out, err);
    }

    /** What is wrong with the arguments, or null. */
    private String usageProblem() {
        if (connector == null && pack == null) {
            return "give a connector (packops who stripe) or --pack <pack>";
        }
        if (!format.equals("text") && !format.equals("json")) {
            return "--format must be text or json, not '" + format + "'";
        }
        if (at != null) {
            try {
                Instant.parse(at);
            } catch (DateTimeParseException e) {
                return "--at must be an RFC 3339 time such as 2026-11-27T10:00:00Z, not '" + at + "'";
            }
        }
        return null;
    }

    /** {@code /v1/lookup?connector=…&pack=…&at=…}, with what was given. */
    private String lookupPath() {
        StringBuilder query = new StringBuilder("/v1/lookup?");
        if (connector != null) {
            query.append("connector=").append(enc(connector)).append('&');
        }
        if (pack != null) {
            query.append("pack=").append(enc(pack)).append('&');
        }
        if (at != null) {
            query.append("at=").append(enc(at)).append('&');
        }
        return query.substring(0, query.length() - 1);
    }

    /** The answer for a human (or as JSON); the exit code says found, fallback, refused or failing. */
    private int print(Response response, ServiceTarget target, PrintWriter out, PrintWriter err) {
        JsonNode body = response.body().isMissingNode() ? null : response.body();
        if (response.status() >= 400) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText() : response.text();
            err.println("packops who: ownership-service answered " + response.status() + ": " + detail);
            if (response.status() == 401 || response.status() == 403) {
                err.println("  (token from " + target.tokenSource() + ")");
            }
            return response.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.BAD_INPUT;
        }
        if (body == null) {
            err.println("packops who: ownership-service answered something that is not JSON");
            return ExitCodes.UNAVAILABLE;
        }
        if (format.equals("json")) {
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(body));
            } catch (IOException e) {
                return ExitCodes.INTERNAL_ERROR;
            }
        } else {
            LookupText.print(body, out);
        }
        out.flush();
        return LookupText.unknownWithFallback(body) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
