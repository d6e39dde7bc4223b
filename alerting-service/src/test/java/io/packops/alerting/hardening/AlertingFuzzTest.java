package io.packops.alerting.hardening;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.TestTokens;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.InjectIngestMock;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.HttpFuzz;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.JsonMutator;
import io.packops.testsupport.fuzz.SqlMutator;
import io.packops.testsupport.fuzz.YamlMutator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every body alerting-service reads, fuzzed over HTTP with {@value Fuzz#DEFAULT_TRIES} structured mutations of valid
 * documents each ({@link HttpFuzz}): no 5xx, no stack trace, every rejection a problem+json with a reason.
 * ingest-service is WireMock (the rules profile): one small stripe fingerprint, no fingerprint for other connectors.
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class AlertingFuzzTest {

    static final String AGENT = TestTokens.AGENT;
    static final String OPERATOR = TestTokens.OPERATOR;
    /** The compile cases' schema: small, so a check costs what parsing the manifest costs. */
    static final String SCHEMA = """
            {"accountId": "acct_fuzz", "connector": "stripe", "warehouse": "snowflake", "capturedAt": "2026-11-25T10:00:00Z",
             "relations": [
              {"name": "stripe__balance_transactions", "kind": "model", "columns": [
                {"name": "balance_transaction_id", "type": "text"}, {"name": "balance_transaction_amount", "type": "NUMBER(38,0)"},
                {"name": "balance_transaction_created_at", "type": "TIMESTAMP_NTZ"}, {"name": "balance_transaction_type", "type": "text"}]},
              {"name": "charge", "kind": "source", "source": "stripe", "columns": [{"name": "id", "type": "VARCHAR"}]}]}""";
    static final String MANIFEST = """
            apiVersion: packops/v1
            kind: DashboardPack
            name: stripe-revenue
            version: 1.4.0
            connector: stripe
            dashboards:
              - id: revenue
                title: Revenue
                tiles:
                  - id: gross_volume
                    title: Gross volume by day
                    sql: |
                      select cast(balance_transaction_created_at as date) as day, sum(balance_transaction_amount) as gross
                      from {{ ref('stripe__balance_transactions') }}
                      where balance_transaction_type = 'charge'
                      group by 1
            kpis:
              - id: volume
                title: Volume
                sql: select sum(balance_transaction_amount) as value from {{ ref('stripe__balance_transactions') }}
                narrative: "Volume is {{ value }}."
            """;

    @TestHTTPResource("/")
    URI base;

    @InjectIngestMock
    WireMockServer ingest;

    private static final WarehouseSchema STRIPE = SchemaReader.read(SCHEMA);

    @BeforeEach
    void stubIngest() {
        ingest.resetAll();
        IngestStubs.resetCircuits();
        ingest.stubFor(get(urlPathEqualTo("/v1/schemas")).atPriority(10).willReturn(okJson(
                "{\"connector\": \"x\", \"totalAccounts\": 0, \"totalFingerprints\": 0, \"items\": [], \"nextCursor\": null}")));
        IngestStubs.schemas(ingest, "stripe", new Fp(STRIPE, 12, List.of("snowflake")));
    }

    /** The manifest with its YAML mutated, or (one time in two) only its SQL. */
    private static String manifest(YamlMutator yaml, RandomGenerator r) {
        if (r.nextBoolean()) {
            return yaml.next(r);
        }
        String sql = "select sum(balance_transaction_amount) as value from {{ ref('stripe__balance_transactions') }}";
        return MANIFEST.replace(sql, SqlMutator.mutate(sql, r).replace("\n", " ").replace("\"", "'"));
    }

    @Test
    void compatCheckBodies() {
        JsonMutator json = new JsonMutator("{\"manifest\": " + quote(MANIFEST) + ", \"schema\": " + SCHEMA + "}",
                "{\"manifest\": " + quote(MANIFEST) + ", \"schema\": " + quote(SCHEMA) + "}");
        YamlMutator yaml = new YamlMutator(MANIFEST);
        new HttpFuzz(base).run("alerting POST /v1/compat/check", Fuzz.tries(), r -> {
            if (r.nextInt(4) == 0) { // a YAML manifest against a fingerprint ingest knows (or a bad one)
                String fp = r.nextInt(5) == 0 ? "sha256:" + "0".repeat(r.nextInt(70)) : STRIPE.fingerprint();
                return Request.post("/v1/compat/check?fingerprint=" + fp, "application/yaml", manifest(yaml, r), AGENT);
            }
            String body = r.nextBoolean() ? json.next(r)
                    : "{\"manifest\": " + quote(manifest(yaml, r)) + ", \"schema\": " + SCHEMA + "}";
            return Request.post("/v1/compat/check", "application/json", body, AGENT);
        }, null);
    }

    @Test
    void compatGateManifests() {
        YamlMutator yaml = new YamlMutator(MANIFEST);
        new HttpFuzz(base).run("alerting POST /v1/compat/gate", Fuzz.tries(), r ->
                Request.post("/v1/compat/gate", r.nextBoolean() ? "application/yaml" : "text/plain", manifest(yaml, r), OPERATOR), null);
    }

    @Test
    void silences() throws Exception {
        HttpFuzz http = new HttpFuzz(base);
        Instant start = Instant.now();
        String silence = """
                {"matchers": [{"name": "fuzz", "value": "fuzz-only", "isRegex": false, "isEqual": true},
                              {"name": "pack", "value": "fuzz-.*", "isRegex": true}],
                 "startsAt": "2099-01-01T00:00:00Z", "endsAt": "2099-01-01T01:00:00Z", "createdBy": "fuzz", "comment": "fuzzing"}""";
        JsonMutator json = new JsonMutator(silence, silence.replace("\"startsAt\": \"2099-01-01T00:00:00Z\", ", ""));
        try {
            http.run("alerting POST /v1/silences", Fuzz.tries(),
                    r -> Request.post("/v1/silences", "application/json", json.next(r), OPERATOR), null);
        } finally {
            expireSilencesCreatedSince(http, start);
        }
    }

    @Test
    void ackResolveAndRollbackBodies() {
        JsonMutator comment = new JsonMutator("{\"comment\": \"looking into it\"}", "{\"reason\": \"install failures\"}");
        List<String> actions = List.of("ack", "resolve", "rollback");
        new HttpFuzz(base).run("alerting POST /v1/alerts/{id}/ack|resolve|rollback", Fuzz.tries(), r -> {
            String id = r.nextInt(10) == 0 ? List.of("0", "-1", "abc", "99999999999999999999", "1e3").get(r.nextInt(5)) : "987654321";
            return Request.post("/v1/alerts/" + id + "/" + actions.get(r.nextInt(3)), "application/json", comment.next(r), OPERATOR);
        }, (request, answer) -> assertThat(answer.status()).as("no alert %s exists", request.path()).isNotEqualTo(200));
    }

    /** Fuzzed silences must not silence the alerts of the tests that run after this one. */
    private static void expireSilencesCreatedSince(HttpFuzz http, Instant start) throws Exception {
        for (String state : List.of("active", "pending")) {
            String cursor = null;
            do {
                HttpFuzz.Answer page = http.send(Request.get("/v1/silences?state=" + state + "&limit=500"
                        + (cursor == null ? "" : "&cursor=" + cursor), AGENT));
                JsonNode json = IngestStubs.JSON.readTree(page.body());
                for (JsonNode s : json.path("items")) {
                    if (Instant.parse(s.path("createdAt").asText()).isAfter(start.minusSeconds(1))) {
                        http.send(new Request("DELETE", "/v1/silences/" + s.path("id").asText(), null, null, OPERATOR));
                    }
                }
                cursor = json.path("nextCursor").isTextual() ? json.path("nextCursor").asText() : null;
            } while (cursor != null);
        }
    }

    private static String quote(String text) {
        return io.vertx.core.json.Json.encode(text);
    }
}
