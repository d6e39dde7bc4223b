package io.packops.compat.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SchemaReaderTest {

    private static final String NATIVE = """
            {"accountId": "acct_123", "connector": "stripe", "warehouse": "snowflake",
             "capturedAt": "2026-11-25T10:00:00Z",
             "relations": [
               {"name": "charge", "kind": "source", "source": "stripe",
                "columns": [{"name": "id", "type": "VARCHAR"}, {"name": "amount", "type": "NUMBER(38,0)"}]},
               {"name": "stripe.customer", "kind": "source", "columns": [{"name": "email", "type": "TEXT"}]},
               {"name": "stripe__balance_transactions", "kind": "model",
                "columns": [{"name": "balance_transaction_amount", "type": "NUMBER(38,0)"}]}
             ]}
            """;

    private static List<SchemaError> errorsOf(String json) {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class, () -> SchemaReader.read(json));
        assertThat(e).as("expected %s to be rejected", json).isNotNull();
        return e.errors();
    }

    private static SchemaError onlyErrorOf(String json) {
        List<SchemaError> errors = errorsOf(json);
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void readsNativeEnvelope() {
        WarehouseSchema schema = SchemaReader.read(NATIVE);

        assertThat(schema.accountId()).isEqualTo("acct_123");
        assertThat(schema.connector()).isEqualTo("stripe");
        assertThat(schema.warehouse()).isEqualTo("snowflake");
        assertThat(schema.capturedAt()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(schema.relations()).hasSize(3);
        Relation charge = schema.source("stripe", "charge");
        assertThat(charge.columns()).extracting(Column::name).containsExactly("id", "amount");
        assertThat(charge.columns()).extracting(Column::type).containsExactly("VARCHAR", "NUMBER(38,0)");
        assertThat(charge.columns()).extracting(Column::family).containsExactly(TypeFamily.STRING, TypeFamily.INTEGER);
        assertThat(schema.model("STRIPE__BALANCE_TRANSACTIONS").columnIndex().get("balance_transaction_amount").family())
                .isEqualTo(TypeFamily.INTEGER);
    }

    @Test
    void dottedSourceNameSplitsIntoSourceAndTable() {
        Relation customer = SchemaReader.read(NATIVE).source("stripe", "customer");
        assertThat(customer).isNotNull();
        assertThat(customer.name()).isEqualTo("customer");
        assertThat(customer.sourceName()).isEqualTo("stripe");
    }

    @Test
    void dottedModelNameStaysWhole() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [{"name": "a.b", "kind": "model", "columns": []}]}""");
        assertThat(schema.model("a.b")).isNotNull();
    }

    @Test
    void sourceWithoutSourceNameIsFoundUnderAnySource() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [{"name": "charge", "kind": "source", "columns": []}]}""");
        assertThat(schema.relations().get(0).sourceName()).isNull();
        assertThat(schema.source("stripe", "charge")).isNotNull();
    }

    @Test
    void envelopeFieldsAreOptional() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [], "accountId": null}""");
        assertThat(schema.accountId()).isNull();
        assertThat(schema.connector()).isNull();
        assertThat(schema.warehouse()).isNull();
        assertThat(schema.capturedAt()).isNull();
        assertThat(schema.relations()).isEmpty();
    }

    @Test
    void kindIsCaseInsensitiveAndTypeOptional() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [{"name": "m", "kind": "Model", "columns": [{"name": "x"}, {"name": "y", "type": null}]}]}""");
        assertThat(schema.model("m").columns()).extracting(Column::family)
                .containsExactly(TypeFamily.UNKNOWN, TypeFamily.UNKNOWN);
    }

    @Test
    void readsFromAReader() {
        WarehouseSchema schema = SchemaReader.read(new StringReader(NATIVE));
        assertThat(schema.fingerprint()).isEqualTo(SchemaReader.read(NATIVE).fingerprint());
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [{"name": "m", "kind": "model", "rowCount": 3,
                                "columns": [{"name": "x", "type": "int", "nullable": true}]}],
                 "schemaVersion": 2}""");
        assertThat(schema.model("m").columns()).hasSize(1);
    }

    @Test
    void nativeJsonRoundTripsRelationsAndEnvelope() {
        WarehouseSchema schema = SchemaReader.read(NATIVE);
        WarehouseSchema again = SchemaReader.read(SchemaReader.toNativeJson(schema));

        assertThat(again.relations()).isEqualTo(schema.relations());
        assertThat(again.accountId()).isEqualTo("acct_123");
        assertThat(again.capturedAt()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(again.fingerprint()).isEqualTo(schema.fingerprint());
    }

    @Test
    void nativeJsonLeavesOutUnsetEnvelopeFields() {
        String json = SchemaReader.toNativeJson(WarehouseSchema.of(List.of()));
        assertThat(json).isEqualTo("{\"relations\":[]}");
    }

    @Test
    void envelopeChangesDoNotChangeTheFingerprint() {
        WarehouseSchema other = SchemaReader.read(NATIVE
                .replace("acct_123", "acct_999")
                .replace("\"snowflake\"", "\"bigquery\"")
                .replace("2026-11-25T10:00:00Z", "2027-01-01T00:00:00.123+01:00"));
        assertThat(other.warehouse()).isEqualTo("bigquery");
        assertThat(other.fingerprint()).isEqualTo(SchemaReader.read(NATIVE).fingerprint());
    }

    // --- errors ---

    @Test
    void malformedJsonReportsLineAndColumn() {
        SchemaError error = onlyErrorOf("""
                {"relations": [
                  {"name": "charge", "kind": "source",
                   "columns": [}
                ]}""");
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.column()).isEqualTo(16);
        assertThat(error.pointer()).isEqualTo("/relations/0/columns");
        assertThat(error.message()).startsWith("malformed JSON: ").doesNotContain("Source:", "com.fasterxml");
        assertThat(error.toString()).startsWith("line 3, column 16: /relations/0/columns: malformed JSON");
    }

    @Test
    void exceptionMessageCarriesPositionsAndNoJacksonInternals() {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class,
                () -> SchemaReader.read("{\"relations\": [\n"));
        assertThat(e.getMessage()).contains("line 2").doesNotContain("REDACTED", "com.fasterxml");
        assertThat(e.getCause()).isNull();
    }

    @Test
    void trailingContentIsMalformed() {
        SchemaError error = onlyErrorOf("{\"relations\": []} {}");
        assertThat(error.message()).isEqualTo("malformed JSON: unexpected content after the end of the JSON document");
        assertThat(error.line()).isEqualTo(1);
    }

    @Test
    void duplicateJsonKeysAreMalformedNotLastWins() {
        SchemaError error = onlyErrorOf("{\"relations\": [{\"name\": \"a\", \"name\": \"b\", \"kind\": \"model\", \"columns\": []}]}");
        assertThat(error.message()).contains("Duplicate field 'name'");
        assertThat(error.line()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyDocumentIsRejected(String json) {
        assertThat(onlyErrorOf(json).message()).contains("empty document");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "42", "\"relations\""})
    void nonObjectDocumentIsRejected(String json) {
        assertThat(onlyErrorOf(json).message()).startsWith("expected a JSON object");
    }

    @Test
    void objectThatIsNoSchemaIsRejected() {
        assertThat(onlyErrorOf("{\"tables\": []}").message()).startsWith("not a schema");
    }

    @Test
    void envelopeWithoutRelationsIsRejected() {
        SchemaError error = onlyErrorOf("{\"accountId\": \"acct_1\"}");
        assertThat(error.message()).contains("missing \"relations\"");
    }

    @Test
    void relationsAndCatalogTogetherAreRejected() {
        assertThat(onlyErrorOf("{\"relations\": [], \"dbtCatalog\": {\"nodes\": {}}}").message())
                .contains("either \"relations\" or \"dbtCatalog\"");
    }

    @Test
    void relationsMustBeAList() {
        SchemaError error = onlyErrorOf("{\"relations\": {\"charge\": {}}}");
        assertThat(error.pointer()).isEqualTo("/relations");
        assertThat(error.message()).contains("must be a list");
    }

    @Test
    void missingNameIsReportedAtTheRelation() {
        SchemaError error = onlyErrorOf("""
                {"relations": [
                  {"kind": "model", "columns": []}
                ]}""");
        assertThat(error.pointer()).isEqualTo("/relations/0");
        assertThat(error.message()).isEqualTo("missing \"name\"");
        assertThat(error.line()).isEqualTo(2);
        assertThat(error.column()).isEqualTo(3);
    }

    @Test
    void missingKindIsReported() {
        assertThat(onlyErrorOf("{\"relations\": [{\"name\": \"x\", \"columns\": []}]}").message())
                .isEqualTo("missing \"kind\"");
    }

    @Test
    void unknownKindIsReportedWithTheAllowedValues() {
        SchemaError error = onlyErrorOf("{\"relations\": [{\"name\": \"x\", \"kind\": \"table\", \"columns\": []}]}");
        assertThat(error.pointer()).isEqualTo("/relations/0/kind");
        assertThat(error.message()).contains("unknown kind \"table\"", "\"source\"", "\"model\"");
    }

    @Test
    void missingColumnsIsReported() {
        assertThat(onlyErrorOf("{\"relations\": [{\"name\": \"x\", \"kind\": \"model\"}]}").message())
                .startsWith("missing \"columns\"");
    }

    @Test
    void columnsNotAListIsReported() {
        SchemaError error = onlyErrorOf("{\"relations\": [{\"name\": \"x\", \"kind\": \"model\", \"columns\": {\"id\": \"int\"}}]}");
        assertThat(error.pointer()).isEqualTo("/relations/0/columns");
        assertThat(error.message()).startsWith("must be a list");
    }

    @Test
    void columnWithoutNameOrWithNonStringTypeIsReported() {
        List<SchemaError> errors = errorsOf("""
                {"relations": [{"name": "x", "kind": "model",
                                "columns": [{"type": "int"}, {"name": "y", "type": 5}, {"name": " "}, "z"]}]}""");
        assertThat(errors).extracting(SchemaError::pointer).containsExactly(
                "/relations/0/columns/0", "/relations/0/columns/1/type", "/relations/0/columns/2/name",
                "/relations/0/columns/3");
    }

    @Test
    void duplicateRelationIgnoringCaseIsReported() {
        SchemaError error = onlyErrorOf("""
                {"relations": [
                  {"name": "charge", "kind": "source", "source": "stripe", "columns": []},
                  {"name": "Stripe.CHARGE", "kind": "source", "columns": []}
                ]}""");
        assertThat(error.pointer()).isEqualTo("/relations/1");
        assertThat(error.message()).contains("duplicate relation", "also defined at /relations/0");
        assertThat(error.line()).isEqualTo(3);
    }

    @Test
    void sameNameOfDifferentKindOrSourceIsNoDuplicate() {
        WarehouseSchema schema = SchemaReader.read("""
                {"relations": [
                  {"name": "salesforce.account", "kind": "source", "columns": []},
                  {"name": "salesforce_history.account", "kind": "source", "columns": []},
                  {"name": "account", "kind": "model", "columns": []}
                ]}""");
        assertThat(schema.relations()).hasSize(3);
    }

    @Test
    void duplicateColumnIgnoringCaseIsReported() {
        SchemaError error = onlyErrorOf("""
                {"relations": [{"name": "x", "kind": "model",
                                "columns": [{"name": "id", "type": "int"}, {"name": "ID", "type": "text"}]}]}""");
        assertThat(error.pointer()).isEqualTo("/relations/0/columns/1");
        assertThat(error.message()).contains("duplicate column \"ID\"", "/relations/0/columns/0");
    }

    @Test
    void sourceOnAModelIsReported() {
        SchemaError error = onlyErrorOf("{\"relations\": [{\"name\": \"m\", \"kind\": \"model\", \"source\": \"stripe\", \"columns\": []}]}");
        assertThat(error.pointer()).isEqualTo("/relations/0/source");
    }

    @Test
    void badDottedSourceNameIsReported() {
        assertThat(onlyErrorOf("{\"relations\": [{\"name\": \"stripe.\", \"kind\": \"source\", \"columns\": []}]}")
                .message()).contains("<source>.<table>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Stripe", "-stripe", "stripe connector", "", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void connectorMustBeASlug(String connector) {
        SchemaError error = onlyErrorOf("{\"connector\": \"" + connector + "\", \"relations\": []}");
        assertThat(error.pointer()).isEqualTo("/connector");
        assertThat(error.message()).contains("slug");
    }

    @Test
    void warehouseMustBeAStringSlug() {
        assertThat(onlyErrorOf("{\"warehouse\": \"Snow Flake\", \"relations\": []}").pointer()).isEqualTo("/warehouse");
        assertThat(onlyErrorOf("{\"warehouse\": 1, \"relations\": []}").message()).contains("must be a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25", "2026-11-25T10:00:00", "2026-11-25 10:00:00Z", "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-11-25T10:00Z", "yesterday"})
    void capturedAtMustBeRfc3339(String capturedAt) {
        SchemaError error = onlyErrorOf("{\"capturedAt\": \"" + capturedAt + "\", \"relations\": []}");
        assertThat(error.pointer()).isEqualTo("/capturedAt");
        assertThat(error.message()).contains("RFC 3339");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T10:00:00Z", "2026-11-25t10:00:00z", "2026-11-25T10:00:00.123456Z",
            "2026-11-25T10:00:00-05:00"})
    void capturedAtAcceptsRfc3339Variants(String capturedAt) {
        assertThat(SchemaReader.read("{\"capturedAt\": \"" + capturedAt + "\", \"relations\": []}").capturedAt())
                .isEqualTo(capturedAt);
    }

    @Test
    void accountIdMustBeNonBlankAndBounded() {
        assertThat(onlyErrorOf("{\"accountId\": \"  \", \"relations\": []}").pointer()).isEqualTo("/accountId");
        assertThat(onlyErrorOf("{\"accountId\": \"" + "a".repeat(201) + "\", \"relations\": []}").pointer())
                .isEqualTo("/accountId");
        assertThat(SchemaReader.read("{\"accountId\": \"" + "a".repeat(200) + "\", \"relations\": []}").accountId())
                .hasSize(200);
    }

    @Test
    void allErrorsAreReportedTogetherInDocumentOrder() {
        List<SchemaError> errors = errorsOf("""
                {"accountId": "", "connector": "Stripe", "warehouse": 3, "capturedAt": "2026-13-01T00:00:00Z",
                 "relations": [
                  {"kind": "table", "columns": {}},
                  {"name": "stripe.charge", "kind": "source", "columns": [{"name": "id", "type": "text"}, {"name": "ID"}]},
                  {"name": "charge", "source": "STRIPE", "kind": "source", "columns": []},
                  {"name": "m", "kind": "model"},
                  5
                 ]}""");
        assertThat(errors).extracting(SchemaError::pointer).containsExactly(
                "/accountId", "/connector", "/warehouse", "/capturedAt",
                "/relations/0", "/relations/0/kind", "/relations/0/columns",
                "/relations/1/columns/1", "/relations/2", "/relations/3", "/relations/4");
        assertThat(errors).allSatisfy(e -> assertThat(e.hasLocation()).isTrue());
        assertThat(errors).extracting(SchemaError::line).containsExactly(1, 1, 1, 1, 3, 3, 3, 4, 5, 6, 7);
    }

    @Test
    void tooManyRelationsIsOneClearError() {
        StringBuilder json = new StringBuilder("{\"relations\": [");
        for (int i = 0; i <= SchemaReader.MAX_RELATIONS; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\": \"t").append(i).append("\", \"kind\": \"model\", \"columns\": []}");
        }
        SchemaError error = onlyErrorOf(json.append("]}").toString());
        assertThat(error.pointer()).isEqualTo("/relations");
        assertThat(error.message()).contains("too many relations", "20000");
    }

    @Test
    void tooManyColumnsIsOneClearError() {
        StringBuilder json = new StringBuilder("{\"relations\": [{\"name\": \"wide\", \"kind\": \"model\", \"columns\": [");
        for (int i = 0; i <= SchemaReader.MAX_COLUMNS_PER_RELATION; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\": \"c").append(i).append("\", \"type\": \"int\"}");
        }
        SchemaError error = onlyErrorOf(json.append("]}]}").toString());
        assertThat(error.pointer()).isEqualTo("/relations/0/columns");
        assertThat(error.message()).contains("5001 columns", "5000");
    }

    @Test
    void errorFloodIsCappedWithANote() {
        StringBuilder json = new StringBuilder("{\"relations\": [");
        for (int i = 0; i < 600; i++) {
            json.append(i == 0 ? "" : ",").append("{}");
        }
        List<SchemaError> errors = errorsOf(json.append("]}").toString());
        assertThat(errors).hasSize(SchemaCollector.MAX_ERRORS + 1);
        assertThat(errors.get(errors.size() - 1).message()).contains("more errors not shown");
    }
}
