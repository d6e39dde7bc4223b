package io.packops.cli.who;

import com.sun.net.httpserver.HttpServer;
import io.packops.cli.client.ServiceTarget;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code packops who} against a stand-in ownership-service (a JDK HTTP server answering like /v1/lookup). */
@QuarkusMainTest
class WhoCommandTest {

    static HttpServer server;
    static String base;
    static final List<String> requests = new CopyOnWriteArrayList<>();

    static final String LOOKUP = """
            {"connector":"stripe","pack":"stripe-revenue","at":"2026-11-27T10:00:00Z","revision":3,
             "match":{"connectorKnown":true,"packKnown":true,"fallback":false,"suggestions":[]},
             "rule":{"id":"stripe/stripe-revenue","matchedBy":"pack","match":{"connector":"stripe","pack":"stripe-revenue"}},
             "team":{"id":"billing-packs","name":"Billing packs","slack":"#billing-packs","email":"billing-packs@example.com",
                     "routes":{"pagerduty":"<redacted>"}},
             "escalation":{"policy":"billing-default","repeat":1,"levels":[
               {"level":1,"afterMinutes":0,"effectiveAfterMinutes":0,"skipped":false,"targets":[
                 {"kind":"schedule","id":"billing-primary","people":[{"id":"bo","name":"Bo Chen","email":"bo@example.com",
                   "until":"2026-11-28T09:00:00Z","via":"billing-primary"}]}]},
               {"level":2,"afterMinutes":15,"effectiveAfterMinutes":15,"skipped":false,"targets":[
                 {"kind":"person","id":"dana","people":[{"id":"dana","name":"Dana Okafor","email":"dana@example.com"}]}]}]},
             "runbook":"runbooks/pack-install-failures.md","supportQueue":"tier2-billing",
             "suggestedReply":"Thanks for reporting this.\\nWe are on it."}
            """;

    /** What ownership-service answers for {@code connector=<asked>} that it does not know: the "*" owner, marked. */
    static String fallback(String asked, String suggestions) {
        return """
                {"connector":"%s","at":"2026-12-07T13:00:00Z","revision":3,
                 "match":{"connectorKnown":false,"fallback":true,"suggestions":%s},
                 "rule":{"id":"*","matchedBy":"default","match":{"connector":"*"}},
                 "team":{"id":"packs-core","name":"Packs core","slack":"#packs-core","email":"packs-core@example.com",
                         "routes":{"pagerduty":"<redacted>"}},
                 "escalation":{"policy":"core-default","repeat":1,"levels":[
                   {"level":1,"afterMinutes":0,"effectiveAfterMinutes":0,"skipped":false,"targets":[
                     {"kind":"schedule","id":"core-primary","people":[{"id":"fay","name":"Fay Weiss","email":"fay@example.com",
                       "until":"2026-12-07T18:00:00Z","via":"core-primary"}]}]},
                   {"level":2,"afterMinutes":15,"effectiveAfterMinutes":15,"skipped":false,"targets":[
                     {"kind":"schedule","id":"core-secondary","people":[{"id":"eli","name":"Eli Park","email":"eli@example.com",
                       "until":"2026-12-07T18:00:00Z","via":"core-secondary"}]}]},
                   {"level":3,"afterMinutes":30,"effectiveAfterMinutes":30,"skipped":false,"targets":[
                     {"kind":"person","id":"sofia","people":[{"id":"sofia","name":"Sofia Berg","email":"sofia@example.com"}]}]}]},
                 "runbook":"runbooks/pack-install-failures.md","supportQueue":"tier1",
                 "suggestedReply":"Thanks for reporting this, and sorry for the trouble. We have passed it to our Packs core team."}
                """.formatted(asked, suggestions);
    }

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/lookup", exchange -> {
            requests.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status;
            String body;
            if (!"Bearer agent-token".equals(auth)) {
                status = 401;
                body = "{\"status\":401,\"title\":\"Unauthorized\",\"detail\":\"invalid bearer token\"}";
            } else if (exchange.getRequestURI().getQuery().contains("connector=Bad")) {
                status = 404;
                body = "{\"status\":404,\"title\":\"Not Found\",\"detail\":\"connector 'Bad' is not a slug\"}";
            } else if (exchange.getRequestURI().getQuery().equals("connector=strpe")) {
                status = 200;
                body = fallback("strpe", "[{\"connector\":\"stripe\",\"reason\":\"spelling\"}]");
            } else if (exchange.getRequestURI().getQuery().equals("connector=stripe-revenue")) {
                status = 200;
                body = fallback("stripe-revenue", "[{\"connector\":\"stripe\",\"pack\":\"stripe-revenue\",\"reason\":\"is-a-pack\"}]");
            } else if (exchange.getRequestURI().getQuery().equals("connector=snowflake")) {
                status = 200;
                body = fallback("snowflake", "[]");
            } else if (exchange.getRequestURI().getQuery().contains("connector=boom")) {
                status = 500;
                body = "{\"status\":500,\"title\":\"Internal Server Error\",\"detail\":\"the request could not be completed\"}";
            } else {
                status = 200;
                body = LOOKUP;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void printsOwnerOnCallEscalationRunbookQueueAndReply(QuarkusMainLauncher launcher) {
        requests.clear();
        LaunchResult r = launcher.launch("who", "stripe", "--pack", "stripe-revenue", "--at", "2026-11-27T10:00:00Z",
                "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput())
                .contains("stripe / stripe-revenue  (matched pack rule stripe/stripe-revenue; ownership revision 3)")
                .containsPattern("Owner:\\s+Billing packs \\(billing-packs\\)  #billing-packs  billing-packs@example.com")
                .containsPattern("On call now:\\s+L1 \\(\\+0m\\)  Bo Chen <bo@example.com> until 2026-11-28T09:00:00Z via billing-primary")
                .containsPattern("\\n\\s+L2 \\(\\+15m\\)  Dana Okafor <dana@example.com>\\n")
                .containsPattern("Escalation:\\s+billing-default, repeats 1x")
                .containsPattern("Runbook:\\s+runbooks/pack-install-failures.md")
                .containsPattern("Support queue:\\s+tier2-billing")
                .contains("Suggested reply:\n  Thanks for reporting this.\n  We are on it.");
        assertThat(requests).containsExactly(
                "/v1/lookup?connector=stripe&pack=stripe-revenue&at=2026-11-27T10%3A00%3A00Z Bearer agent-token");
    }

    @Test
    void anUnknownConnectorIsSaidFirstWithTheCloseMatchThenTheFallbackOwnerAndExitsOne(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "strpe", "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isEqualTo(1);
        assertThat(r.getOutput())
                .startsWith("unknown connector 'strpe' — did you mean stripe? (./packops who stripe)\n\n"
                        + "fallback owner (\"*\" rule), who takes what no rule names:\n"
                        + "strpe  (matched default rule *; ownership revision 3)\n")
                .containsPattern("Owner:\\s+Packs core \\(packs-core\\)")
                .containsPattern("\\n\\s+L3 \\(\\+30m\\)  Sofia Berg <sofia@example.com>\\n")
                .doesNotContain("strpe pack");
    }

    @Test
    void aPackTypedAsAConnectorSuggestsTheCommandForThePack(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "stripe-revenue", "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getOutput()).startsWith("unknown connector 'stripe-revenue' — it is a pack: did you mean pack "
                + "stripe-revenue of stripe? (./packops who stripe --pack stripe-revenue)\n");
    }

    @Test
    void anUnknownConnectorWithNothingCloseSaysSo(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "snowflake", "--url", base, "--token", "agent-token", "--format", "text");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getOutput()).startsWith("unknown connector 'snowflake' — no known connector is close to it\n")
                .contains("fallback owner (\"*\" rule)");
    }

    @Test
    void jsonFormatOfAnUnknownConnectorCarriesTheMatchAndExitsOne(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "strpe", "--url", base, "--token", "agent-token", "--format", "json");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getOutput()).startsWith("{").contains("\"connectorKnown\" : false", "\"fallback\" : true",
                "\"connector\" : \"stripe\"", "\"reason\" : \"spelling\"").doesNotContain("unknown connector");
    }

    @Test
    void anyCaseIsPassedOnForTheServiceToCompareInLowerCase(QuarkusMainLauncher launcher) {
        requests.clear();
        LaunchResult r = launcher.launch("who", "Stripe", "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).startsWith("stripe / stripe-revenue  (matched pack rule").doesNotContain("unknown", "fallback");
        assertThat(requests).containsExactly("/v1/lookup?connector=Stripe Bearer agent-token");
    }

    @Test
    void jsonFormatPrintsTheServiceAnswer(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "stripe", "--url", base, "--token", "agent-token", "--format", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(r.getOutput()).startsWith("{").contains("\"supportQueue\" : \"tier2-billing\"");
    }

    @Test
    void rejectedTokenIsBadInputAndSaysWhereTheTokenCameFrom(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "stripe", "--url", base, "--token", "wrong");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("answered 401: invalid bearer token").contains("token from --token");
    }

    @Test
    void serviceRefusalShowsItsDetail(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "Bad", "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("answered 404: connector 'Bad' is not a slug").doesNotContain("Exception");
    }

    @Test
    void serverErrorIsUnavailable(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("who", "boom", "--url", base, "--token", "agent-token");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.getErrorOutput()).contains("answered 500");
    }

    @Test
    void unreachableServiceIsAClearMessage(QuarkusMainLauncher launcher) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LaunchResult r = launcher.launch("who", "stripe", "--url", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.getErrorOutput()).contains("not reachable at http://127.0.0.1:" + port).contains("./packops up");
    }

    @Test
    void needsAConnectorOrPackAndAValidTime(QuarkusMainLauncher launcher) {
        assertThat(launcher.launch("who", "--url", base, "--token", "t").exitCode()).isEqualTo(2);
        LaunchResult r = launcher.launch("who", "stripe", "--at", "tomorrow", "--url", base, "--token", "t");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("--at must be an RFC 3339 time");
    }

    @Test
    void tokenComesFromTheTokensFileWrittenByUp(@TempDir Path dir) throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a/b"));
        Files.createDirectories(dir.resolve(".packops"));
        Files.writeString(dir.resolve(".packops/tokens.env"), "# generated\nPACKOPS_TOKEN_INGEST=i\nexport PACKOPS_TOKEN_AGENT=\"from-file\"\n");

        ServiceTarget t = ServiceTarget.resolve(null, "PACKOPS_OWNERSHIP_URL", "http://localhost:8083/", null, Map.of(), nested);
        assertThat(t.url()).isEqualTo("http://localhost:8083");
        assertThat(t.token()).isEqualTo("from-file");
        assertThat(t.tokenSource()).endsWith("tokens.env (PACKOPS_TOKEN_AGENT)");

        ServiceTarget fromEnv = ServiceTarget.resolve(null, "PACKOPS_OWNERSHIP_URL", "http://x",
                null, Map.of("PACKOPS_TOKEN_OPERATOR", "op", "PACKOPS_OWNERSHIP_URL", "http://svc:9"), nested);
        assertThat(fromEnv.token()).isEqualTo("op");
        assertThat(fromEnv.url()).isEqualTo("http://svc:9");
    }
}
