package io.packops.ingest.packs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

/** Sample packs and real dbt catalogs from the repository's packs/ (tests run in ingest-service/). */
public final class RegistryFixtures {

    public static final String INGEST = "test-ingest";
    public static final String AGENT = "test-agent";
    public static final String OPERATOR = "test-operator";
    public static final String ADMIN = "test-admin";

    private RegistryFixtures() {
    }

    public static String read(String relativeToPacks) {
        try {
            return Files.readString(Path.of("..", "packs").resolve(relativeToPacks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A slug no other test uses, so tests sharing the database do not see each other's rows. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A sample manifest renamed to {@code pack} (and, when given, moved to {@code connector}). */
    public static String manifest(String file, String pack, String connector) {
        String text = read(file).replaceFirst("(?m)^name: .*$", "name: " + pack);
        return connector == null ? text : text.replaceFirst("(?m)^connector: .*$", "connector: " + connector);
    }

    /** {@code file} renamed, with its version line replaced. */
    public static String manifest(String file, String pack, String connector, String version) {
        return manifest(file, pack, connector).replaceFirst("(?m)^version: .*$", "version: " + version);
    }

    /** Publishes the sample stripe pack as {@code pack} {@code version} under {@code connector} (201, or 200 when already there). */
    public static void publishSample(String pack, String connector, String version) {
        given().auth().oauth2(OPERATOR).contentType("application/yaml")
                .body(manifest("stripe-revenue/1.0.0.yaml", pack, connector, version).getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(anyOf(is(201), is(200)));
    }

    public static String snapshot(String accountId, String connector, String warehouse, String capturedAt, String relations) {
        return "{\"accountId\": \"" + accountId + "\", \"connector\": \"" + connector + "\", \"warehouse\": \""
                + warehouse + "\"" + (capturedAt == null ? "" : ", \"capturedAt\": \"" + capturedAt + "\"")
                + ", \"relations\": " + relations + "}";
    }

    /** A small native schema; {@code extraColumn} (nullable) changes its fingerprint. */
    public static String relations(String extraColumn) {
        return """
                [{"name": "charge", "kind": "source", "source": "stripe", "columns": [
                   {"name": "id", "type": "VARCHAR"}, {"name": "amount", "type": "NUMBER(38,0)"}%s]},
                 {"name": "stripe__balance_transactions", "kind": "model", "columns": [
                   {"name": "balance_transaction_id", "type": "text"},
                   {"name": "balance_transaction_created_at", "type": "TIMESTAMP_NTZ"}]}]"""
                .formatted(extraColumn == null ? "" : ", {\"name\": \"" + extraColumn + "\", \"type\": \"BOOLEAN\"}");
    }
}
