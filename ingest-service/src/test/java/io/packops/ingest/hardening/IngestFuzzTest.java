package io.packops.ingest.hardening;

import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.HttpFuzz;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.JsonMutator;
import io.packops.testsupport.fuzz.YamlMutator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every body ingest-service reads, fuzzed over HTTP with {@value Fuzz#DEFAULT_TRIES} structured mutations of valid
 * documents each ({@link HttpFuzz}): no 5xx, no stack trace, every rejection a problem+json with a reason.
 * Connectors, packs and accounts are the fuzzer's own ({@code fuzzconn}, {@code fuzz-*}), so the stats tests
 * sharing the database do not see them. {@code -Dfuzz.tries=N}, {@code -Dfuzz.seed=random} to explore.
 */
@QuarkusTest
class IngestFuzzTest {

    static final String INGEST = "test-ingest";
    static final String OPERATOR = "test-operator";

    @TestHTTPResource("/")
    URI base;

    static String event(String id, String type, String outcome) {
        String at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        String common = "\"eventId\": \"" + id + "\", \"type\": \"" + type + "\", \"occurredAt\": \"" + at + "\", "
                + "\"accountId\": \"acct_fuzz\", \"connector\": \"fuzzconn\", \"pack\": \"fuzz-pack\", \"packVersion\": \"1.4.0\", "
                + "\"warehouse\": \"snowflake\", \"outcome\": \"" + outcome + "\"";
        if (type.equals("render")) {
            return "{" + common + ", \"dashboard\": \"revenue\", \"tile\": \"gross_volume\", \"durationMs\": 120}";
        }
        return "{" + common + ", \"stage\": \"compile\"" + (outcome.equals("failed")
                ? ", \"errorCode\": \"SQL_COMPILATION\", \"errorMessage\": \"invalid identifier 'AMOUNT' password=hunter2\"" : "")
                + ", \"durationMs\": 5400}";
    }

    private static JsonMutator events() {
        String install = event("fuzz-1", "install", "succeeded");
        String failed = event("fuzz-2", "install", "failed");
        String render = event("fuzz-3", "render", "failed").replace("}", ", \"errorCode\": \"E1\"}");
        return new JsonMutator(install, failed, "[" + install + ", " + failed + ", " + render + "]");
    }

    @Test
    void eventsAsJson() {
        JsonMutator json = events();
        new HttpFuzz(base).run("ingest POST /v1/events json", Fuzz.tries(),
                r -> Request.post("/v1/events", "application/json", json.next(r), INGEST), null);
    }

    @Test
    void eventsAsNdjson() {
        JsonMutator json = events();
        new HttpFuzz(base).run("ingest POST /v1/events ndjson", Fuzz.tries(), r -> {
            StringBuilder body = new StringBuilder();
            for (int line = 1 + r.nextInt(4); line > 0; line--) {
                body.append(json.next(r).replace("\n", r.nextInt(8) == 0 ? "\n" : " ")).append(r.nextBoolean() ? "\n" : "\r\n");
            }
            return Request.post("/v1/events", "application/x-ndjson", body.toString(), INGEST);
        }, null);
    }

    @Test
    void schemaSnapshots() {
        String relations = """
                [{"name": "charge", "kind": "source", "source": "stripe", "columns": [
                   {"name": "id", "type": "VARCHAR"}, {"name": "amount", "type": "NUMBER(38,0)"}]},
                 {"name": "stripe__balance_transactions", "kind": "model", "columns": [
                   {"name": "balance_transaction_id", "type": "text"}, {"name": "created_at", "type": "TIMESTAMP_NTZ"}]}]""";
        String nativeSnapshot = "{\"accountId\": \"acct_fuzz\", \"connector\": \"fuzzconn\", \"warehouse\": \"snowflake\", "
                + "\"capturedAt\": \"2026-11-25T10:00:00Z\", \"relations\": " + relations + "}";
        String catalog = "{\"accountId\": \"acct_fuzz_2\", \"connector\": \"fuzzconn\", \"warehouse\": \"bigquery\", \"dbtCatalog\": "
                + "{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/catalog/v1.json\"}, \"nodes\": {"
                + "\"model.fuzz.orders\": {\"unique_id\": \"model.fuzz.orders\", \"metadata\": {\"type\": \"table\", \"name\": \"orders\"},"
                + " \"columns\": {\"id\": {\"name\": \"id\", \"type\": \"INT64\", \"index\": 1}}}}, \"sources\": {}}}";
        JsonMutator json = new JsonMutator(nativeSnapshot, catalog);
        new HttpFuzz(base).run("ingest POST /v1/schema-snapshots", Fuzz.tries(),
                r -> Request.post("/v1/schema-snapshots", "application/json", json.next(r), INGEST), null);
    }

    @Test
    void packManifests() throws Exception {
        String manifest = Files.readString(Path.of("..", "packs", "stripe-revenue", "1.0.0.yaml"))
                .replaceFirst("(?m)^name: .*$", "name: fuzz-pack-a").replaceFirst("(?m)^connector: .*$", "connector: fuzzconn");
        YamlMutator yaml = new YamlMutator(manifest);
        List<String> types = List.of("application/yaml", "text/yaml", "application/x-yaml", "text/plain");
        new HttpFuzz(base).run("ingest POST /v1/packs", Fuzz.tries(),
                r -> Request.post("/v1/packs", types.get(r.nextInt(types.size())), yaml.next(r), OPERATOR), null);
    }

    @Test
    void withdrawBodies() throws Exception {
        HttpFuzz http = new HttpFuzz(base);
        String manifest = Files.readString(Path.of("..", "packs", "stripe-revenue", "1.0.0.yaml"))
                .replaceFirst("(?m)^name: .*$", "name: fuzz-withdrawn").replaceFirst("(?m)^connector: .*$", "connector: fuzzconn");
        assertThat(http.send(Request.post("/v1/packs", "application/yaml", manifest, OPERATOR)).status()).isIn(200, 201);
        JsonMutator json = new JsonMutator("{\"reason\": \"install failures on snowflake\"}", "{\"reason\": \"x\", \"note\": 1}");
        http.run("ingest POST /v1/packs/{pack}/versions/{version}/withdraw", Fuzz.tries(), r -> {
            String path = r.nextInt(10) == 0 ? "/v1/packs/fuzz-withdrawn/versions/1.0.0/restore"
                    : "/v1/packs/fuzz-withdrawn/versions/1.0.0/withdraw";
            return Request.post(path, "application/json", json.next(r), OPERATOR);
        }, null);
    }
}
