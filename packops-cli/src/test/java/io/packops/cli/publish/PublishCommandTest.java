package io.packops.cli.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code packops publish} against stand-ins for alerting's release gate and ingest's registry (a JDK HTTP server that
 * answers as they do: the gate blocks stripe-revenue 1.1.0, the registry records an override reason). The same flow
 * runs against the real services in {@code DrillIT} (bad-release).
 */
@QuarkusMainTest
class PublishCommandTest {

    static final String V100 = "../packs/stripe-revenue/1.0.0.yaml";
    static final String V110 = "../packs/stripe-revenue/1.1.0.yaml";
    static final ObjectMapper JSON = new ObjectMapper();

    static HttpServer server;
    static String base;
    static final List<String> requests = new CopyOnWriteArrayList<>();
    /** version -> its view as ingest answers it */
    static final Map<String, ObjectNode> published = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/compat/gate", ex -> {
            String manifest = body(ex);
            requests.add("POST " + ex.getRequestURI());
            if (!authorised(ex)) {
                return;
            }
            if (!manifest.contains("name: stripe-revenue")) {
                send(ex, 422, "{\"status\":422,\"title\":\"Unprocessable Content\",\"detail\":\"the pack manifest is invalid: 1 error\"}");
                return;
            }
            boolean broken = manifest.contains("version: 1.1.0");
            ObjectNode gate = JSON.createObjectNode().put("verdict", broken ? "block" : "pass").put("pack", "stripe-revenue")
                    .put("version", broken ? "1.1.0" : "1.0.0").put("connector", "stripe").put("totalAccounts", 79)
                    .put("blockShare", 0.05);
            gate.putObject("blastRadius").put("accounts", broken ? 79 : 0).put("fingerprints", broken ? 2 : 0)
                    .set("warehouses", broken ? JSON.createArrayNode().add("bigquery").add("snowflake") : JSON.createArrayNode());
            ObjectNode fp1 = gate.putArray("fingerprints").addObject().put("fingerprint", "736387e162c4").put("accounts", 60)
                    .put("compatible", !broken);
            fp1.putArray("warehouses").add("snowflake");
            ObjectNode fp2 = gate.withArray("fingerprints").addObject().put("fingerprint", "0d3f1b2c9a77").put("accounts", 19)
                    .put("compatible", !broken);
            fp2.putArray("warehouses").add("bigquery");
            if (broken) { // the same two errors on both fingerprints, as alerting's gate reports them
                for (ObjectNode fp : List.of(fp1, fp2)) {
                    fp.putArray("problems").add(problem(27, "gross_volume_daily", "currency"))
                            .add(problem(105, "fee_rate_by_month", "amount"));
                }
            }
            if (!broken) { // a coming release of the dbt package that 1.0.0 does not survive, as alerting's gate adds it
                ObjectNode coming = gate.putArray("comingReleases").addObject().put("dbtPackage", "fivetran/stripe")
                        .put("version", "0.15.0").put("from", "0.14.1").put("breaks", true).put("accounts", 40);
                ObjectNode tile = coming.putArray("brokenTiles").addObject().put("item", "revenue/gross_volume_daily");
                tile.putArray("problems").add(problem(27, "gross_volume_daily", "currency")
                        .put("cause", "removed by the upgrade").put("didYouMean", "balance_transaction_currency"));
            }
            send(ex, 200, gate.toString());
        });
        server.createContext("/v1/packs", ex -> {
            String manifest = body(ex);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            if (!authorised(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("GET") && path.contains("/versions/")) { // one version, as ingest answers it
                ObjectNode view = published.get(path.substring(path.lastIndexOf('/') + 1));
                send(ex, view == null ? 404 : 200, view == null ? "{\"status\":404,\"title\":\"Not Found\"}" : view.toString());
                return;
            }
            if (ex.getRequestMethod().equals("GET")) { // the release view
                String served = active("1.1.0") ? "1.1.0" : active("1.0.0") ? "1.0.0" : null;
                send(ex, 200, JSON.createObjectNode().put("pack", "stripe-revenue").put("servedVersion", served).toString());
                return;
            }
            String version = manifest.contains("version: 1.1.0") ? "1.1.0" : "1.0.0";
            Map<String, String> query = new java.util.HashMap<>();
            if (ex.getRequestURI().getRawQuery() != null) {
                for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
                    String[] p = kv.split("=", 2);
                    query.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
                }
            }
            boolean created = !published.containsKey(version);
            ObjectNode view = published.computeIfAbsent(version, v -> {
                ObjectNode n = JSON.createObjectNode().put("pack", "stripe-revenue").put("version", v).put("status", "active")
                        .put("publishedAt", "2026-11-26T11:00:00Z").put("publishedBy", "operator")
                        .put("contentSha256", Integer.toHexString(manifest.hashCode())).put("manifest", manifest);
                if (query.containsKey("gateOverride")) {
                    n.putObject("gateOverride").put("reason", query.get("gateOverride"))
                            .put("by", "operator").put("at", "2026-11-26T11:00:00Z");
                }
                if ("true".equals(query.get("hold"))) {
                    n.put("heldForRollout", true);
                }
                return n;
            });
            send(ex, created ? 201 : 200, view.toString());
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static ObjectNode problem(int fileLine, String tile, String column) {
        return JSON.createObjectNode().put("severity", "error").put("code", "MISSING_COLUMN").put("dashboard", "revenue")
                .put("tile", tile).put("relation", "stripe__balance_transactions").put("column", column).put("fileLine", fileLine)
                .put("detail", "column " + column + " does not exist in stripe__balance_transactions");
    }

    static boolean active(String version) {
        return published.containsKey(version) && published.get(version).path("status").asText().equals("active");
    }

    /** As an operator's withdraw (or a rollback) leaves a version in ingest. */
    static void withdraw(String version, String reason) {
        published.get(version).put("status", "withdrawn").put("withdrawnAt", "2026-11-26T11:40:00Z")
                .put("withdrawnBy", "dana").put("reason", reason);
    }

    static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    static boolean authorised(HttpExchange ex) throws IOException {
        if ("Bearer operator-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        send(ex, 403, "{\"status\":403,\"title\":\"Forbidden\",\"detail\":\"this operation needs the role operator\"}");
        return false;
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void reset() {
        requests.clear();
        published.clear();
    }

    LaunchResult publish(QuarkusMainLauncher launcher, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("publish", "--ingest-url", base, "--alerting-url", base,
                "--token", "operator-token"));
        args.addAll(List.of(extra));
        return launcher.launch(args.toArray(String[]::new));
    }

    @Test
    void aVersionTheGatePassesIsPublished(QuarkusMainLauncher launcher) {
        LaunchResult r = publish(launcher, V100);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("release gate: pass — stripe-revenue 1.0.0")
                .contains("coming release fivetran/stripe 0.15.0 (accounts on 0.14.1) BREAKS this version for 40 accounts"
                        + " when they upgrade: revenue/gross_volume_daily (currency → balance_transaction_currency?)"
                        + " — fix it before the package ships")
                .contains("published stripe-revenue 1.0.0").contains("installers of stripe-revenue get 1.0.0 now")
                .doesNotContain("override");
        assertThat(requests).containsExactly("POST /v1/compat/gate", "GET /v1/packs/stripe-revenue/versions/1.0.0",
                "POST /v1/packs", "GET /v1/packs/stripe-revenue/release");

        LaunchResult again = publish(launcher, V100);
        assertThat(again.exitCode()).isZero();
        assertThat(again.getOutput()).contains("was already published with this content on 2026-11-26T11:00:00Z by operator "
                + "and is active; nothing changed");
    }

    @Test
    void republishingAWithdrawnVersionSaysWhenByWhomAndWhyAndExitsNonZero(QuarkusMainLauncher launcher) {
        assertThat(publish(launcher, V110, "--override-gate", "drill: rehearsing a bad release").exitCode()).isZero();
        withdraw("1.1.0", "drill bad-release: 1.1.0 fails to install on most warehouses");
        requests.clear();

        LaunchResult r = publish(launcher, V110, "--override-gate", "my own reason", "--hold");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getOutput())
                .contains("stripe-revenue 1.1.0 is WITHDRAWN: published 2026-11-26T11:00:00Z by operator, withdrawn "
                        + "2026-11-26T11:40:00Z by dana: \"drill bad-release: 1.1.0 fails to install on most warehouses\"")
                .contains("it went out past the gate (by operator at 2026-11-26T11:00:00Z: \"drill: rehearsing a bad release\")")
                .contains("nothing was published or changed (--hold and --override-gate apply to a new version only)")
                .contains("/v1/packs/stripe-revenue/versions/1.1.0/restore")
                .contains("or publish the fix as a new version")
                .doesNotContain("gate override on the record").doesNotContain("my own reason");
        assertThat(requests).noneMatch(req -> req.startsWith("POST /v1/packs")); // nothing sent that could change it
    }

    @Test
    void otherContentUnderAPublishedVersionIsRefusedBeforeAnythingIsSent(QuarkusMainLauncher launcher) throws IOException {
        assertThat(publish(launcher, V100).exitCode()).isZero();
        requests.clear();
        java.nio.file.Path edited = java.nio.file.Files.createTempFile("stripe-revenue-1.0.0", ".yaml");
        java.nio.file.Files.writeString(edited, java.nio.file.Files.readString(java.nio.file.Path.of(V100)) + "# edited\n");

        LaunchResult r = publish(launcher, edited.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("stripe-revenue 1.0.0 is already published with other content")
                .contains("publish this as a new version");
        assertThat(requests).noneMatch(req -> req.startsWith("POST /v1/packs"));
    }

    @Test
    void theBlockLineIsFollowedByEachErrorOnceWithTheAccountsItBreaksAndTheFix(QuarkusMainLauncher launcher) {
        LaunchResult r = publish(launcher, V110);

        assertThat(r.getOutput()).containsSubsequence(
                "release gate: BLOCK",
                V110 + ":27: error MISSING_COLUMN: column currency does not exist in stripe__balance_transactions "
                        + "[revenue/gross_volume_daily] — 79 accounts on [bigquery, snowflake]",
                V110 + ":105: error MISSING_COLUMN: column amount does not exist in stripe__balance_transactions "
                        + "[revenue/fee_rate_by_month] — 79 accounts on [bigquery, snowflake]",
                "fix: the customers' schemas have no stripe__balance_transactions.{amount, currency}",
                "not published. Fix the tiles above");
        assertThat(r.getOutput().split("column currency does not exist", -1)).hasSize(2); // once, not once per fingerprint
    }

    @Test
    void aBlockingGateStopsTheReleaseAndSaysHowToOverride(QuarkusMainLauncher launcher) {
        LaunchResult r = publish(launcher, V110);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.getOutput())
                .contains("release gate: BLOCK — stripe-revenue 1.1.0 does not compile for 79 of 79 accounts on "
                        + "[\"bigquery\",\"snowflake\"] (2 of 2 schema fingerprints)")
                .contains("not published").contains("--override-gate \"<reason>\"");
        assertThat(requests).containsExactly("POST /v1/compat/gate", "GET /v1/packs/stripe-revenue/versions/1.1.0");
        assertThat(published).isEmpty();
    }

    @Test
    void anOverridePublishesPastTheGateWithTheReasonOnTheRecord(QuarkusMainLauncher launcher) {
        String reason = "hotfix for INC-42 & the fee KPI; 3 accounts told";
        LaunchResult r = publish(launcher, V110, "--override-gate", reason);

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("release gate: BLOCK").contains("published stripe-revenue 1.1.0")
                .contains("gate override on the record: by operator at 2026-11-26T11:00:00Z: " + reason);
        assertThat(requests).hasSize(4).element(2).asString().startsWith("POST /v1/packs?gateOverride=hotfix+for+INC-42+%26+");
        assertThat(published.get("1.1.0").path("gateOverride").path("reason").asText()).isEqualTo(reason);
    }

    @Test
    void holdPublishesForAStagedRollout(QuarkusMainLauncher launcher) {
        LaunchResult r = publish(launcher, V110, "--hold", "--override-gate", "canary only, see rollout");

        assertThat(r.exitCode()).as(r.getErrorOutput()).isZero();
        assertThat(r.getOutput()).contains("published stripe-revenue 1.1.0, held: nobody gets it until its rollout starts");
        assertThat(requests.get(2)).startsWith("POST /v1/packs?gateOverride=canary+only").endsWith("&hold=true");
        assertThat(published.get("1.1.0").path("heldForRollout").asBoolean()).isTrue();
    }

    @Test
    void anOverrideOfAPassingGateIsNotRecorded(QuarkusMainLauncher launcher) {
        LaunchResult r = publish(launcher, V100, "--override-gate", "just in case");

        assertThat(r.exitCode()).isZero();
        assertThat(r.getOutput()).contains("the gate passes: --override-gate was not needed and is not recorded");
        assertThat(requests).contains("POST /v1/packs");
    }

    @Test
    void badInputIsRefusedBeforeAnyCall(QuarkusMainLauncher launcher) {
        LaunchResult blank = publish(launcher, V110, "--override-gate", "  ");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.getErrorOutput()).contains("--override-gate needs a reason");

        LaunchResult missing = publish(launcher, "../packs/stripe-revenue/9.9.9.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("cannot read").contains("no such file");
        assertThat(requests).isEmpty();
    }

    @Test
    void refusalsSayWhatWasWrongAndPublishNothing(QuarkusMainLauncher launcher) throws IOException {
        java.nio.file.Path invalid = java.nio.file.Files.createTempFile("not-a-pack", ".yaml");
        java.nio.file.Files.writeString(invalid, "name: [\n");
        LaunchResult r = publish(launcher, invalid.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.getErrorOutput()).contains("release gate: 422: the pack manifest is invalid").contains("nothing published");

        LaunchResult forbidden = launcher.launch("publish", V100, "--ingest-url", base, "--alerting-url", base, "--token", "agent-token");
        assertThat(forbidden.exitCode()).isEqualTo(2);
        assertThat(forbidden.getErrorOutput()).contains("403: this operation needs the role operator")
                .contains("token from --token; publishing needs the operator role");
        assertThat(published).isEmpty();
    }

    @Test
    void anUnreachableServiceIsAClearMessage(QuarkusMainLauncher launcher) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LaunchResult r = launcher.launch("publish", V100, "--ingest-url", "http://127.0.0.1:" + port,
                "--alerting-url", "http://127.0.0.1:" + port, "--token", "operator-token");

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.getErrorOutput()).contains("not reachable").contains("nothing published").doesNotContain("Exception");
    }
}
