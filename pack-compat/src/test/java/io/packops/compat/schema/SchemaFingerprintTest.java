package io.packops.compat.schema;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaFingerprintTest {

    private static Relation source(String source, String name, Column... columns) {
        return new Relation(name, RelationKind.SOURCE, source, List.of(columns));
    }

    private static Relation model(String name, Column... columns) {
        return new Relation(name, RelationKind.MODEL, null, List.of(columns));
    }

    private static final List<Relation> BASE = List.of(
            source("stripe", "charge", Column.of("id", "text"), Column.of("amount", "integer"),
                    Column.of("created", "timestamp without time zone")),
            source("stripe", "customer", Column.of("id", "text"), Column.of("email", "text")),
            model("stripe__balance_transactions", Column.of("balance_transaction_id", "text"),
                    Column.of("balance_transaction_amount", "integer")));

    private static String fp(List<Relation> relations) {
        return SchemaFingerprint.of(relations);
    }

    @Test
    void fingerprintIsPrefixedLowerCaseSha256Hex() {
        assertThat(fp(BASE)).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void fingerprintOfEmptySchemaIsHashOfEmptyText() {
        assertThat(fp(List.of()))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void canonicalTextIsSortedLinesOfKindSourceRelationColumnFamily() {
        List<Relation> relations = List.of(
                source("Stripe", "Charge", Column.of("ID", "VARCHAR"), Column.of("amount", "NUMBER(38,0)")),
                model("empty_model"));
        assertThat(SchemaFingerprint.canonicalText(relations)).isEqualTo("""
                model||empty_model
                source|stripe|charge|amount|integer
                source|stripe|charge|id|string""");
    }

    @Test
    void fingerprintIgnoresRelationOrder() {
        List<Relation> reversed = new ArrayList<>(BASE);
        java.util.Collections.reverse(reversed);
        assertThat(fp(reversed)).isEqualTo(fp(BASE));
    }

    @Test
    void fingerprintIgnoresColumnOrder() {
        List<Relation> shuffled = List.of(
                source("stripe", "charge", Column.of("created", "timestamp without time zone"),
                        Column.of("id", "text"), Column.of("amount", "integer")),
                BASE.get(1), BASE.get(2));
        assertThat(fp(shuffled)).isEqualTo(fp(BASE));
    }

    @Test
    void fingerprintIgnoresNameCase() {
        List<Relation> upper = List.of(
                source("STRIPE", "CHARGE", Column.of("ID", "text"), Column.of("Amount", "integer"),
                        Column.of("CREATED", "timestamp without time zone")),
                source("Stripe", "Customer", Column.of("Id", "text"), Column.of("EMAIL", "text")),
                model("STRIPE__BALANCE_TRANSACTIONS", Column.of("BALANCE_TRANSACTION_ID", "text"),
                        Column.of("BALANCE_TRANSACTION_AMOUNT", "integer")));
        assertThat(fp(upper)).isEqualTo(fp(BASE));
    }

    @Test
    void fingerprintIgnoresRawTypeSpellingWithinAFamily() {
        List<Relation> snowflake = List.of(
                source("stripe", "charge", Column.of("id", "VARCHAR(16777216)"), Column.of("amount", "NUMBER(38,0)"),
                        Column.of("created", "TIMESTAMP_NTZ")),
                source("stripe", "customer", Column.of("id", "STRING"), Column.of("email", "character varying(100)")),
                model("stripe__balance_transactions", Column.of("balance_transaction_id", "TEXT"),
                        Column.of("balance_transaction_amount", "INT64")));
        assertThat(fp(snowflake)).isEqualTo(fp(BASE));
    }

    @Test
    void fingerprintChangesWhenAColumnIsDropped() {
        List<Relation> dropped = List.of(
                source("stripe", "charge", Column.of("id", "text"), Column.of("amount", "integer")),
                BASE.get(1), BASE.get(2));
        assertThat(fp(dropped)).isNotEqualTo(fp(BASE));
    }

    @Test
    void fingerprintChangesWhenATableIsDropped() {
        assertThat(fp(BASE.subList(0, 2))).isNotEqualTo(fp(BASE));
    }

    @Test
    void fingerprintChangesWhenAColumnIsRenamed() {
        List<Relation> renamed = List.of(
                source("stripe", "charge", Column.of("id", "text"), Column.of("amount_cents", "integer"),
                        Column.of("created", "timestamp without time zone")),
                BASE.get(1), BASE.get(2));
        assertThat(fp(renamed)).isNotEqualTo(fp(BASE));
    }

    @Test
    void fingerprintChangesWhenATypeFamilyChanges() {
        List<Relation> numeric = List.of(
                source("stripe", "charge", Column.of("id", "text"), Column.of("amount", "numeric(28,6)"),
                        Column.of("created", "timestamp without time zone")),
                BASE.get(1), BASE.get(2));
        assertThat(fp(numeric)).isNotEqualTo(fp(BASE));
    }

    @Test
    void fingerprintTellsSourcesFromModelsAndSourceNamesApart() {
        Relation asSource = source("salesforce", "account", Column.of("id", "text"));
        Relation asHistory = source("salesforce_history", "account", Column.of("id", "text"));
        Relation asModel = model("account", Column.of("id", "text"));
        assertThat(List.of(fp(List.of(asSource)), fp(List.of(asHistory)), fp(List.of(asModel)))).doesNotHaveDuplicates();
    }

    @Test
    void fingerprintTellsAnEmptyRelationFromNoRelation() {
        assertThat(fp(List.of(BASE.get(0), model("empty")))).isNotEqualTo(fp(List.of(BASE.get(0))));
    }

    @Test
    void separatorsInNamesCannotForgeAnotherSchema() {
        List<Relation> piped = List.of(source("a", "b|c", Column.of("d", "text")));
        List<Relation> plain = List.of(source("a", "b", Column.of("c|d", "text")));
        assertThat(fp(piped)).isNotEqualTo(fp(plain));
        assertThat(SchemaFingerprint.canonicalText(piped)).isEqualTo("source|a|b\\|c|d|string");
    }

    @Test
    void fingerprintUsesTheFamilyNotTheRawType() {
        Column declared = new Column("amount", "some_custom_domain", TypeFamily.INTEGER);
        assertThat(fp(List.of(source("s", "t", declared))))
                .isEqualTo(fp(List.of(source("s", "t", Column.of("amount", "bigint")))));
    }

    @Test
    void warehouseSchemaFingerprintIgnoresTheEnvelope() {
        WarehouseSchema a = new WarehouseSchema("acct_1", "stripe", "snowflake", "2026-11-25T10:00:00Z", BASE);
        WarehouseSchema b = a.withEnvelope("acct_2", "stripe", "bigquery", "2026-11-26T10:00:00Z");
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isEqualTo(fp(BASE));
    }
}
