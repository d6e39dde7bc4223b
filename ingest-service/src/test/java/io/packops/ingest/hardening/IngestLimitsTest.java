package io.packops.ingest.hardening;

import io.packops.testsupport.fuzz.HttpFuzz.Answer;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.Limits;
import io.packops.testsupport.fuzz.Limits.Body;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile sizes and shapes on every body ingest-service reads: each is refused (or, when harmless, accepted)
 * quickly with a problem, never a 5xx. Times are printed; the bounds asserted are generous for a loaded CI machine.
 */
@QuarkusTest
class IngestLimitsTest {

    @TestHTTPResource("/")
    URI base;

    private static final List<Body> BODIES = List.of(
            Body.post("/v1/events", "application/json", IngestFuzzTest.INGEST),
            Body.post("/v1/schema-snapshots", "application/json", IngestFuzzTest.INGEST),
            Body.post("/v1/packs", "application/yaml", IngestFuzzTest.OPERATOR),
            Body.post("/v1/packs/fuzz-limits/versions/1.0.0/withdraw", "application/json", IngestFuzzTest.OPERATOR));

    @Test
    void aBodyDeclaredOverTenMebibytesIs413BeforeItIsRead() throws Exception {
        for (Body e : BODIES) {
            Answer a = Limits.assertDeclaredBodyRefused(base, e, 11L * 1024 * 1024);
            assertThat(a.millis()).isLessThan(2_000);
        }
    }

    @Test
    void jsonNestedAHundredThousandLevelsIsA400() throws Exception {
        String deep = Limits.nestedJson(100_000);
        for (Body e : BODIES) {
            if (!e.contentType().equals("application/json")) {
                continue;
            }
            Answer a = answer(Request.post(e.path(), e.contentType(), deep, e.token()));
            System.out.println("limits: " + e.path() + " with 100,000 nested arrays -> " + a.status() + " in " + a.millis() + " ms");
            assertThat(a.status()).as(e.path()).isEqualTo(400);
        }
        Answer inAnEvent = answer(Request.post("/v1/events", "application/json",
                IngestFuzzTest.event("limits-deep", "install", "succeeded").replace("\"durationMs\": 5400", "\"extra\": " + deep),
                IngestFuzzTest.INGEST));
        assertThat(inAnEvent.status()).isEqualTo(400);
    }

    @Test
    void aYamlBombInAManifestIsRefusedQuickly() throws Exception {
        Answer bomb = answer(Request.post("/v1/packs", "application/yaml", Limits.yamlBomb(manifest("fuzz-bomb")),
                IngestFuzzTest.OPERATOR));
        System.out.println("limits: billion-laughs manifest -> " + bomb.status() + " in " + bomb.millis() + " ms");
        assertThat(bomb.status()).isEqualTo(422);
        assertThat(bomb.body()).contains("too many aliases");
        Answer deep = answer(Request.post("/v1/packs", "application/yaml",
                manifest("fuzz-deep") + "extra: " + Limits.nestedJson(100_000) + "\n", IngestFuzzTest.OPERATOR));
        System.out.println("limits: manifest nested 100,000 levels -> " + deep.status() + " in " + deep.millis() + " ms");
        assertThat(deep.status()).isEqualTo(422);
    }

    @Test
    void aMegabyteOfSqlIsRefusedAndTenThousandParenthesesArePublishedUnparsed() throws Exception {
        String longSql = manifest("fuzz-long-sql").replaceFirst("sql: \\|", "sql: |\n          select " + "x, ".repeat(350_000) + "1 as y");
        Answer big = answer(Request.post("/v1/packs", "application/yaml", longSql, IngestFuzzTest.OPERATOR));
        System.out.println("limits: 1 MB of SQL in a tile -> " + big.status() + " in " + big.millis() + " ms");
        assertThat(big.status()).isEqualTo(422);
        assertThat(big.body()).contains("the SQL is too long");
        // publishing reads the manifest, not the SQL: the compat check (alerting-service) refuses this one
        String nested = manifest("fuzz-parens").replaceFirst("sql: \\|", "sql: |\n          select " + "(".repeat(10_000) + "1"
                + ")".repeat(10_000) + " as y,");
        Answer parens = answer(Request.post("/v1/packs", "application/yaml", nested, IngestFuzzTest.OPERATOR));
        System.out.println("limits: 10,000 nested parentheses in a tile -> " + parens.status() + " in " + parens.millis() + " ms");
        assertThat(parens.status()).isIn(200, 201);
    }

    @Test
    void aMegabyteAccountIdIsA400() throws Exception {
        Answer a = answer(Request.post("/v1/events", "application/json",
                IngestFuzzTest.event("limits-long", "install", "succeeded").replace("acct_fuzz", "a".repeat(1_000_000)),
                IngestFuzzTest.INGEST));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body()).contains("has 1000000 characters, at most 200 are allowed");
    }

    private Answer answer(Request request) throws Exception {
        return Limits.answerWithin(base, request, 5_000);
    }

    static String manifest(String name) throws Exception {
        return Files.readString(Path.of("..", "packs", "stripe-revenue", "1.0.0.yaml"))
                .replaceFirst("(?m)^name: .*$", "name: " + name).replaceFirst("(?m)^connector: .*$", "connector: fuzzconn");
    }
}
