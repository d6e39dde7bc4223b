package io.packops.compat.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Reading dbt catalog.json artifacts: the real ones under packs/catalogs, and small hand-made ones. */
class DbtCatalogTest {

    private static final Path CATALOGS = Path.of("../packs/catalogs");

    private static String catalogText(String connector) {
        try {
            return Files.readString(CATALOGS.resolve(connector + ".catalog.json"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static WarehouseSchema catalog(String connector) {
        return SchemaReader.read(catalogText(connector));
    }

    private static long count(WarehouseSchema schema, RelationKind kind) {
        return schema.relations().stream().filter(r -> r.kind() == kind).count();
    }

    @ParameterizedTest(name = "{0}: {1} sources, {2} models, {3} columns")
    @CsvSource({
            "github,     14,  48,  513",
            "google_ads, 11,  40,  771",
            "hubspot,    56, 206, 2554",
            "jira,       18,  70,  853",
            "salesforce, 14,  40, 3966",
            "shopify,    94, 326, 7792",
            "stripe,     27,  94, 3032",
            "zendesk,    22, 108, 1544"})
    void readsEveryRealCatalog(String connector, int sources, int models, int columns) {
        WarehouseSchema schema = catalog(connector);

        assertThat(count(schema, RelationKind.SOURCE)).isEqualTo(sources);
        assertThat(count(schema, RelationKind.MODEL)).isEqualTo(models);
        assertThat(schema.relations().stream().mapToInt(r -> r.columns().size()).sum()).isEqualTo(columns);
        assertThat(schema.accountId()).isNull();
        assertThat(schema.warehouse()).isNull();
    }

    @Test
    void everyRealCatalogIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(CATALOGS)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("github.catalog.json", "google_ads.catalog.json", "hubspot.catalog.json",
                            "jira.catalog.json", "salesforce.catalog.json", "shopify.catalog.json",
                            "stripe.catalog.json", "zendesk.catalog.json");
        }
    }

    @ParameterizedTest
    @CsvSource({"github", "google_ads", "hubspot", "jira", "salesforce", "shopify", "stripe", "zendesk"})
    void everyColumnTypeInTheRealCatalogsHasAKnownFamily(String connector) {
        assertThat(catalog(connector).relations()).flatExtracting(Relation::columns)
                .filteredOn(c -> c.family() == TypeFamily.UNKNOWN)
                .isEmpty();
    }

    @Test
    void stripeModelColumnsKeepTheirFamilies() {
        Relation balance = catalog("stripe").model("stripe__balance_transactions");

        assertThat(balance).isNotNull();
        assertThat(balance.columns()).hasSize(86);
        Column amount = balance.columnIndex().get("balance_transaction_amount");
        assertThat(amount.type()).isEqualTo("integer");
        assertThat(amount.family()).isEqualTo(TypeFamily.INTEGER);
        assertThat(balance.columns()).extracting(Column::name).startsWith(
                "balance_transaction_id", "balance_transaction_created_at", "balance_transaction_available_on");
        assertThat(balance.columnIndex().get("balance_transaction_created_at").family()).isEqualTo(TypeFamily.TIMESTAMP);
    }

    @Test
    void sourceNamesComeFromTheUniqueIdNotThePhysicalTable() {
        WarehouseSchema stripe = catalog("stripe");

        Relation account = stripe.source("stripe", "account");
        assertThat(account).isNotNull();
        assertThat(account.sourceName()).isEqualTo("stripe");
        assertThat(account.columns()).hasSize(111);
        // metadata.name of that entry is account_data, the physical table; only the seed has that name
        assertThat(stripe.source("stripe", "account_data")).isNull();
        assertThat(stripe.model("account_data")).isNotNull();
    }

    @Test
    void sameTableInTwoSourcesIsTwoRelations() {
        WarehouseSchema salesforce = catalog("salesforce");

        Relation account = salesforce.source("salesforce", "account");
        Relation history = salesforce.source("salesforce_history", "account");
        assertThat(account).isNotNull().isNotSameAs(history);
        assertThat(history).isNotNull();
        assertThat(account.columns()).hasSize(50);
        assertThat(history.columns()).hasSize(34);
        assertThat(salesforce.relationsNamed("account")).hasSize(2);
        assertThat(salesforce.relations()).extracting(Relation::sourceName)
                .containsOnly("salesforce", "salesforce_history", null);
    }

    @Test
    void catalogAndItsNativeFormHaveTheSameFingerprint() {
        for (String connector : List.of("stripe", "salesforce", "hubspot")) {
            WarehouseSchema fromCatalog = catalog(connector);
            WarehouseSchema fromNative = SchemaReader.read(SchemaReader.toNativeJson(fromCatalog));
            assertThat(fromNative.relations()).isEqualTo(fromCatalog.relations());
            assertThat(fromNative.fingerprint()).as(connector).isEqualTo(fromCatalog.fingerprint());
        }
    }

    @Test
    void realCatalogsHaveDistinctFingerprints() {
        List<String> fingerprints = Stream.of("github", "google_ads", "hubspot", "jira", "salesforce", "shopify",
                "stripe", "zendesk").map(c -> catalog(c).fingerprint()).toList();
        assertThat(fingerprints).doesNotHaveDuplicates();
    }

    @Test
    void catalogInsideAnEnvelopeKeepsTheEnvelopeAndTheFingerprint() {
        String envelope = "{\"accountId\": \"acct_9\", \"connector\": \"stripe\", \"warehouse\": \"postgres\","
                + " \"capturedAt\": \"2026-11-25T10:00:00Z\", \"dbtCatalog\": " + catalogText("stripe") + "}";
        WarehouseSchema schema = SchemaReader.read(envelope);

        assertThat(schema.accountId()).isEqualTo("acct_9");
        assertThat(schema.warehouse()).isEqualTo("postgres");
        assertThat(schema.relations()).hasSize(121);
        assertThat(schema.fingerprint()).isEqualTo(catalog("stripe").fingerprint());
    }

    @Test
    void fingerprintIgnoresRelationAndColumnOrderOfARealCatalog() {
        WarehouseSchema stripe = catalog("stripe");
        List<Relation> shuffled = new ArrayList<>();
        for (Relation r : stripe.relations()) {
            List<Column> columns = new ArrayList<>(r.columns());
            Collections.reverse(columns);
            shuffled.add(new Relation(r.name().toUpperCase(), r.kind(), r.sourceName(), columns));
        }
        Collections.reverse(shuffled);
        assertThat(SchemaFingerprint.of(shuffled)).isEqualTo(stripe.fingerprint());
    }

    // --- hand-made catalogs ---

    private static final String V1 = "{\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/catalog/v1.json\"}";

    @Test
    void columnsAreOrderedByIndexAndNamedByTheirNameField() {
        WarehouseSchema schema = SchemaReader.read("""
                {"metadata": %s, "sources": {}, "nodes": {
                  "model.shop.orders": {"unique_id": "model.shop.orders", "metadata": {"name": "orders"}, "columns": {
                    "total": {"type": "numeric(28,6)", "index": 3, "name": "total"},
                    "id": {"type": "bigint", "index": 1, "name": "ID"},
                    "created_at": {"type": "timestamp", "index": 2}
                  }}}}""".formatted(V1));
        assertThat(schema.model("orders").columns()).extracting(Column::name).containsExactly("ID", "created_at", "total");
        assertThat(schema.model("orders").columns()).extracting(Column::family)
                .containsExactly(TypeFamily.INTEGER, TypeFamily.TIMESTAMP, TypeFamily.NUMERIC);
    }

    @Test
    void seedsAndSnapshotsAreModelsAndOtherNodesAreSkipped() {
        WarehouseSchema schema = SchemaReader.read("""
                {"nodes": {
                  "seed.shop.country_codes": {"columns": {}},
                  "snapshot.shop.orders_snapshot": {"columns": {}},
                  "test.shop.not_null_orders_id.abc123": {"columns": {}},
                  "analysis.shop.adhoc": {"columns": {}},
                  "operation.shop.on-run-end": {"columns": {}}
                }}""");
        assertThat(schema.relations()).extracting(Relation::name).containsExactly("country_codes", "orders_snapshot");
        assertThat(schema.relations()).extracting(Relation::kind).containsOnly(RelationKind.MODEL);
    }

    @Test
    void versionedModelKeepsOnlyTheLatestVersionUnderThePlainName() {
        WarehouseSchema schema = SchemaReader.read("""
                {"nodes": {
                  "model.shop.dim_customers.v2": {"columns": {"id": {"type": "text", "index": 1}}},
                  "model.shop.dim_customers.v10": {"columns": {"id": {"type": "bigint", "index": 1}}},
                  "model.shop.dim_customers.v1": {"columns": {"id": {"type": "integer", "index": 1}}}
                }}""");
        assertThat(schema.relations()).hasSize(1);
        assertThat(schema.model("dim_customers").columns().get(0).type()).isEqualTo("bigint");
    }

    @Test
    void catalogWithoutMetadataIsRecognisedByItsContent() {
        WarehouseSchema schema = SchemaReader.read("""
                {"sources": {"source.stripe.stripe.charge": {"columns": {"id": {"type": "text", "index": 1}}}}}""");
        assertThat(schema.source("stripe", "charge")).isNotNull();
    }

    @Test
    void unsupportedCatalogVersionIsAClearError() {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class, () -> SchemaReader.read("""
                {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v2.json"},
                 "nodes": {}, "sources": {}}"""));
        assertThat(e.errors()).singleElement().satisfies(error -> {
            assertThat(error.pointer()).isEqualTo("/metadata/dbt_schema_version");
            assertThat(error.message()).contains("unsupported dbt catalog schema version catalog/v2", "catalog/v1");
            assertThat(error.line()).isEqualTo(1);
        });
    }

    @Test
    void manifestInsteadOfCatalogIsAClearError() {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class, () -> SchemaReader.read("""
                {"metadata": {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json"},
                 "nodes": {}, "sources": {}}"""));
        assertThat(e.errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("manifest/v12", "not a catalog", "catalog.json"));
    }

    @Test
    void catalogErrorsPointIntoTheCatalogInsideTheEnvelope() {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class, () -> SchemaReader.read("""
                {"connector": "shop", "dbtCatalog": {
                  "sources": {
                    "source.shop.shop.orders": {"columns": {"id": {"type": "text"}, "ID": {"type": "int"}}},
                    "source.shop.shop.Orders": {"columns": {}},
                    "source.broken": {"columns": {}}
                  },
                  "nodes": {"model.shop.m": {"columns": ["id"]}}
                }}"""));
        assertThat(e.errors()).extracting(SchemaError::pointer).containsExactly(
                "/dbtCatalog/sources/source.shop.shop.orders/columns/ID",
                "/dbtCatalog/sources/source.shop.shop.Orders",
                "/dbtCatalog/sources/source.broken",
                "/dbtCatalog/nodes/model.shop.m/columns");
        assertThat(e.errors()).extracting(SchemaError::line).containsExactly(3, 4, 5, 7);
        assertThat(e.errors().get(1).message()).contains("duplicate relation");
        assertThat(e.errors().get(2).message()).contains("source.<package>.<source>.<table>");
        assertThat(e.errors().get(3).message()).contains("object keyed by column name");
    }

    @Test
    void catalogSectionsMustBeObjects() {
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class,
                () -> SchemaReader.read("{\"nodes\": [], \"sources\": 3}"));
        assertThat(e.errors()).extracting(SchemaError::pointer).containsExactly("/sources", "/nodes");
    }

    @Test
    void tooManyColumnsInACatalogEntryIsAClearError() {
        StringBuilder columns = new StringBuilder();
        for (int i = 0; i <= SchemaReader.MAX_COLUMNS_PER_RELATION; i++) {
            columns.append(i == 0 ? "" : ",").append("\"c").append(i).append("\": {\"type\": \"int\", \"index\": ").append(i).append('}');
        }
        SchemaFormatException e = catchThrowableOfType(SchemaFormatException.class,
                () -> SchemaReader.read("{\"nodes\": {\"model.p.wide\": {\"columns\": {" + columns + "}}}}"));
        assertThat(e.errors()).singleElement()
                .satisfies(error -> assertThat(error.message()).contains("5001 columns"));
    }
}
