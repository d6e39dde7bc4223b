package io.packops.alerting.hardening;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.alerting.rules.IngestStubs;
import io.packops.alerting.rules.IngestStubs.Fp;
import io.packops.alerting.rules.InjectIngestMock;
import io.packops.alerting.rules.RulesTestProfile;
import io.packops.compat.schema.SchemaReader;
import io.packops.testsupport.fuzz.HttpFuzz.Answer;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.Limits;
import io.packops.testsupport.fuzz.Limits.Body;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static io.packops.alerting.hardening.AlertingFuzzTest.AGENT;
import static io.packops.alerting.hardening.AlertingFuzzTest.MANIFEST;
import static io.packops.alerting.hardening.AlertingFuzzTest.OPERATOR;
import static io.packops.alerting.hardening.AlertingFuzzTest.SCHEMA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile sizes and shapes on every body alerting-service reads: refused quickly with a problem, never a 5xx.
 * Times are printed; the bounds asserted are generous for a loaded CI machine.
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class AlertingLimitsTest {

    @TestHTTPResource("/")
    URI base;

    @InjectIngestMock
    WireMockServer ingest;

    private static final List<Body> BODIES = List.of(
            Body.post("/v1/compat/check", "application/json", AGENT),
            Body.post("/v1/compat/gate", "application/yaml", OPERATOR),
            Body.post("/v1/silences", "application/json", OPERATOR),
            Body.post("/v1/alerts/987654321/ack", "application/json", OPERATOR),
            Body.post("/v1/alerts/987654321/rollback", "application/json", OPERATOR));

    @Test
    void aBodyDeclaredOverTheLimitIs413ProblemBeforeItIsRead() throws Exception {
        for (Body e : BODIES) {
            Limits.assertDeclaredBodyRefused(base, e, 33L * 1024 * 1024);
        }
    }

    @Test
    void jsonNestedAHundredThousandLevelsIsA400() throws Exception {
        String deep = Limits.nestedJson(100_000);
        for (Body e : BODIES) {
            if (e.contentType().equals("application/json")) {
                Answer a = answer(Request.post(e.path(), e.contentType(), deep, e.token()));
                System.out.println("limits: " + e.path() + " with 100,000 nested arrays -> " + a.status() + " in " + a.millis() + " ms");
                assertThat(a.status()).as(e.path()).isEqualTo(400);
            }
        }
        Answer schema = answer(Request.post("/v1/compat/check", "application/json",
                "{\"manifest\": " + io.vertx.core.json.Json.encode(MANIFEST) + ", \"schema\": " + deep + "}", AGENT));
        System.out.println("limits: a schema nested 100,000 levels -> " + schema.status() + " in " + schema.millis() + " ms");
        assertThat(schema.status()).isEqualTo(400);
    }

    @Test
    void yamlBombsAndDeepYamlAreRefusedQuickly() throws Exception {
        for (String manifest : List.of(Limits.yamlBomb(MANIFEST), MANIFEST + "extra: " + Limits.nestedJson(100_000) + "\n")) {
            Answer gate = answer(Request.post("/v1/compat/gate", "application/yaml", manifest, OPERATOR));
            Answer check = answer(Request.post("/v1/compat/check", "application/json",
                    "{\"manifest\": " + io.vertx.core.json.Json.encode(manifest) + ", \"schema\": " + SCHEMA + "}", AGENT));
            System.out.println("limits: hostile YAML -> gate " + gate.status() + " in " + gate.millis() + " ms, check "
                    + check.status() + " in " + check.millis() + " ms");
            assertThat(gate.status()).isEqualTo(422);
            assertThat(check.status()).isEqualTo(422);
        }
    }

    @Test
    void hostileSqlIsCheckedQuicklyAsAParseError() throws Exception {
        ingest.resetAll();
        IngestStubs.resetCircuits();
        IngestStubs.schemas(ingest, "stripe", new Fp(SchemaReader.read(SCHEMA), 3, List.of("snowflake")));
        String sql = "select sum(balance_transaction_amount) as value from {{ ref('stripe__balance_transactions') }}";
        for (String hostile : List.of("select " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " as value",
                "select current_date - " + "interval - ".repeat(80) + "interval '1 day' as value")) {
            String manifest = MANIFEST.replace(sql, hostile);
            Answer check = answer(Request.post("/v1/compat/check", "application/json",
                    "{\"manifest\": " + io.vertx.core.json.Json.encode(manifest) + ", \"schema\": " + SCHEMA + "}", AGENT));
            Answer gate = answer(Request.post("/v1/compat/gate", "application/yaml", manifest, OPERATOR));
            System.out.println("limits: hostile SQL (" + hostile.length() + " chars) -> check " + check.status() + " in "
                    + check.millis() + " ms, gate " + gate.status() + " in " + gate.millis() + " ms");
            assertThat(check.status()).isEqualTo(200);
            assertThat(check.body()).contains("\"compatible\":false").contains("SQL_PARSE_ERROR");
            assertThat(gate.body()).contains("\"verdict\":\"block\"");
        }
        String megabyte = MANIFEST.replace(sql, "select " + "x, ".repeat(350_000) + "1 as value");
        Answer big = answer(Request.post("/v1/compat/gate", "application/yaml", megabyte, OPERATOR));
        System.out.println("limits: 1 MB of SQL -> gate " + big.status() + " in " + big.millis() + " ms");
        assertThat(big.status()).isEqualTo(422);
    }

    private Answer answer(Request request) throws Exception {
        return Limits.answerWithin(base, request, 8_000);
    }
}
