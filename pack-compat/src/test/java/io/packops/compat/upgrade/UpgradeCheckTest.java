package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.ColumnRename;

import io.packops.compat.TestManifests;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.packops.compat.upgrade.Schemas.model;
import static io.packops.compat.upgrade.Schemas.names;
import static io.packops.compat.upgrade.Schemas.schema;
import static io.packops.compat.upgrade.Schemas.source;
import static org.assertj.core.api.Assertions.assertThat;

/** Which tiles an upgrade breaks, on hand-made releases and packs; applying a diff to accounts' schemas. */
class UpgradeCheckTest {

    private static final WarehouseSchema OLD = schema(
            model("orders", "id integer", "amount integer", "currency text", "created_at timestamp", "session_id integer"),
            model("legacy_report", "day date", "total integer"),
            model("customers", "id integer", "name text"));
    private static final WarehouseSchema NEW = schema(
            model("orders", "id integer", "order_amount integer", "order_currency text", "created_at timestamp",
                    "session_id text", "name text"),
            model("customers", "id integer", "name text"),
            model("refunds", "order_id integer", "amount integer"));
    private static final UpgradeDiff DIFF = UpgradeDiff.between(OLD, NEW);

    private final UpgradeCheck check = new UpgradeCheck();

    private static CompiledPack pack(String tiles) {
        ManifestResult m = ManifestReader.read(TestManifests.oneDashboard("p") + tiles);
        assertThat(m.errors()).isEmpty();
        return CompiledPack.compile(m.pack());
    }

    private static String tile(String id, String sql) {
        return "      - id: " + id + "\n        title: T\n        sql: \"" + sql + "\"\n";
    }

    @Test
    void tilesAreBrokenByTheUpgradeAlreadyBrokenOrFixedAndTheRestIsLeftOut() {
        CompiledPack pack = pack(tile("volume", "select sum(amount) as v, currency from {{ ref('orders') }} group by 2")
                + tile("by_day", "select cast(created_at as date) as d from {{ ref('orders') }}")
                + tile("typo", "select nmae from {{ ref('customers') }}")
                + tile("refunds", "select sum(amount) as r from {{ ref('refunds') }}")
                + tile("report", "select day, total from {{ ref('legacy_report') }}")
                + tile("sessions", "select avg(session_id) as s from {{ ref('orders') }}"));

        PackUpgrade result = check.check(pack, OLD, DIFF);

        assertThat(result.breaks()).isTrue();
        assertThat(result.items()).isEqualTo(6);
        assertThat(result.fingerprint()).isEqualTo(OLD.fingerprint());
        assertThat(result.fingerprintAfter()).isNotEqualTo(OLD.fingerprint());
        UpgradeOutcome o = result.outcome();
        assertThat(o.broken()).extracting(b -> b.item().label()).containsExactly("d/volume", "d/report", "d/sessions");
        List<UpgradeProblem> volume = o.broken().get(0).problems();
        assertThat(volume).extracting(p -> p.problem().code(), p -> p.problem().column(), UpgradeProblem::didYouMean)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", "amount", "order_amount"),
                        org.assertj.core.groups.Tuple.tuple("MISSING_COLUMN", "currency", "order_currency"));
        assertThat(volume.get(0).cause()).isEqualTo("removed by the upgrade");
        assertThat(volume.get(0).rename()).isInstanceOf(ColumnRename.class);
        assertThat(o.broken().get(1).problems()).singleElement().satisfies(p -> {
            assertThat(p.problem().code()).isEqualTo("MISSING_RELATION");
            assertThat(p.cause()).isEqualTo("removed by the upgrade");
            assertThat(p.rename()).isNull();
        });
        assertThat(o.broken().get(2).problems()).singleElement().satisfies(p -> {
            assertThat(p.problem().code()).isEqualTo("TYPE_MISMATCH");
            assertThat(p.cause()).isEqualTo("orders.session_id changed type family in the upgrade:"
                    + " integer (integer) → string (text)");
        });
        assertThat(o.alreadyBroken()).singleElement().satisfies(b -> {
            assertThat(b.item().label()).isEqualTo("d/typo");
            assertThat(b.problems()).extracting(p -> p.problem().column()).containsExactly("nmae");
            assertThat(b.problems()).allSatisfy(p -> assertThat(p.cause()).isNull());
            assertThat(b.addedByUpgrade()).isEmpty();
        });
        assertThat(o.fixed()).extracting(QueryItem::label).containsExactly("d/refunds");
    }

    @Test
    void aCleanUpgradeIsAResultToo() {
        CompiledPack pack = pack(tile("names", "select id, name from {{ ref('customers') }}"));

        PackUpgrade result = check.check(pack, OLD, DIFF);

        assertThat(result.breaks()).isFalse();
        assertThat(result.outcome().broken()).isEmpty();
        assertThat(result.outcome().alreadyBroken()).isEmpty();
        assertThat(result.outcome().fixed()).isEmpty();
    }

    @Test
    void anAddedColumnCanMakeAnUnqualifiedNameAmbiguous() {
        CompiledPack pack = pack(tile("joined", "select o.id, name from {{ ref('orders') }} as o"
                + " join {{ ref('customers') }} as c on c.id = o.id"));

        PackUpgrade result = check.check(pack, OLD, DIFF);

        assertThat(result.outcome().broken()).singleElement().satisfies(b -> assertThat(b.problems())
                .singleElement().satisfies(p -> {
                    assertThat(p.problem().code()).isEqualTo("AMBIGUOUS_COLUMN");
                    assertThat(p.cause()).isEqualTo("name was added to orders by the upgrade");
                }));
    }

    @Test
    void aColumnReadThroughACteIsTracedToTheModelItWasRemovedFrom() {
        CompiledPack pack = pack(tile("cte", "with o as (select * from {{ ref('orders') }}) select sum(amount) as a from o"));

        UpgradeProblem p = check.check(pack, OLD, DIFF).outcome().broken().get(0).problems().get(0);

        assertThat(p.problem().relation()).isEqualTo("o");
        assertThat(p.cause()).isEqualTo("removed from orders by the upgrade");
        assertThat(p.didYouMean()).isEqualTo("order_amount");
    }

    @Test
    void errorsAnUpgradeAddsToAnAlreadyBrokenTileAreListedApart() {
        CompiledPack pack = pack(tile("both", "select nmae, amount from {{ ref('customers') }} as c"
                + " join {{ ref('orders') }} as o on o.id = c.id"));

        BrokenItem item = check.check(pack, OLD, DIFF).outcome().alreadyBroken().get(0);

        assertThat(item.problems()).extracting(p -> p.problem().column()).containsExactly("nmae");
        assertThat(item.addedByUpgrade()).extracting(p -> p.problem().column(), UpgradeProblem::didYouMean)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("amount", "order_amount"));
    }

    @Test
    void applyingTheDiffKeepsWhatTheAccountHasOfItsOwn() {
        WarehouseSchema account = new WarehouseSchema("acct_1", "shop", "snowflake", "2026-11-25T10:00:00Z", List.of(
                source("shop", "orders", "ID NUMBER(38,0)"),
                model("ORDERS", "ID NUMBER(38,0)", "AMOUNT NUMBER(38,0)", "CURRENCY VARCHAR(16777216)",
                        "CREATED_AT TIMESTAMP_NTZ", "SESSION_ID NUMBER(38,0)", "COUPON VARCHAR(16777216)"),
                model("LEGACY_REPORT", "DAY DATE", "TOTAL NUMBER(38,0)"),
                model("MY_OWN_MODEL", "X VARCHAR(16777216)")));

        WarehouseSchema after = DIFF.applyTo(account);

        assertThat(List.of(after.accountId(), after.connector(), after.warehouse(), after.capturedAt()))
                .containsExactly("acct_1", "shop", "snowflake", "2026-11-25T10:00:00Z");
        assertThat(after.relations()).extracting(Relation::name)
                .containsExactly("orders", "ORDERS", "MY_OWN_MODEL", "refunds"); // customers: disabled here, stays absent
        Relation orders = after.model("orders");
        assertThat(names(orders.columns()))
                .containsExactly("ID", "CREATED_AT", "SESSION_ID", "COUPON", "order_amount", "order_currency", "name");
        assertThat(orders.columnIndex().get("session_id").type()).isEqualTo("text");
        assertThat(orders.columnIndex().get("created_at").type()).isEqualTo("TIMESTAMP_NTZ"); // same family: kept
        assertThat(after.source("shop", "orders")).isEqualTo(account.source("shop", "orders"));
    }

    @Test
    void applyingTheDiffToTheOldReleaseGivesTheNewReleasesFingerprint() {
        assertThat(DIFF.applyTo(OLD).fingerprint()).isEqualTo(NEW.fingerprint());
    }

    @Test
    void aFleetIsUpgradedOncePerFingerprintAndItsAccountsShareTheResult() {
        List<WarehouseSchema> fleet = List.of(OLD.withEnvelope("a1", "shop", "snowflake", null),
                OLD.withEnvelope("a2", "shop", "bigquery", null),
                schema(model("orders", "id integer"), model("customers", "id integer", "name text"))
                        .withEnvelope("a3", "shop", "redshift", null));

        UpgradedFleet upgraded = DIFF.applyToFleet(fleet);

        assertThat(upgraded.before()).isEqualTo(fleet);
        assertThat(upgraded.fingerprints()).hasSize(2).containsEntry(OLD.fingerprint(), NEW.fingerprint());
        assertThat(upgraded.after()).extracting(WarehouseSchema::accountId).containsExactly("a1", "a2", "a3");
        assertThat(upgraded.after()).extracting(WarehouseSchema::warehouse).containsExactly("snowflake", "bigquery", "redshift");
        assertThat(upgraded.after().get(0).relations()).isSameAs(upgraded.after().get(1).relations());
    }

    @Test
    void theFleetBlastRadiusIsTheAccountsWhoseTilesTheUpgradeBreaksByWarehouse() {
        WarehouseSchema withoutAmount = schema(
                model("orders", "id integer", "currency text", "created_at timestamp", "session_id integer"),
                model("legacy_report", "day date", "total integer"), model("customers", "id integer", "name text"));
        List<WarehouseSchema> fleet = new ArrayList<>();
        fleet.add(OLD.withEnvelope("a1", "shop", "snowflake", null));
        fleet.add(OLD.withEnvelope("a2", "shop", "snowflake", null));
        fleet.add(OLD.withEnvelope("a3", "shop", "bigquery", null));
        fleet.add(withoutAmount.withEnvelope("a4", "shop", "redshift", null)); // the tile is broken there already
        CompiledPack pack = pack(tile("volume", "select sum(amount) as v from {{ ref('orders') }}")
                + tile("names", "select name from {{ ref('customers') }}"));

        FleetUpgrade result = check.checkFleet(pack, DIFF.applyToFleet(fleet));

        assertThat(result.breaks()).isTrue();
        assertThat(result.schemas()).isEqualTo(4);
        assertThat(result.breakingSchemas()).isEqualTo(3);
        assertThat(result.breakingAccountsByWarehouse()).isEqualTo(Map.of(
                "bigquery", new java.util.TreeSet<>(Set.of("a3")), "snowflake", new java.util.TreeSet<>(Set.of("a1", "a2"))));
        assertThat(result.fingerprints()).hasSize(2);
        FleetUpgrade.Entry drifted = result.fingerprints().get(1);
        assertThat(drifted.accounts()).containsExactly("a4");
        assertThat(drifted.fingerprintAfter()).isEqualTo(result.fingerprints().get(0).fingerprintAfter());
        assertThat(drifted.breaks()).isFalse();
        assertThat(drifted.byWarehouse()).singleElement().satisfies(w -> {
            assertThat(w.warehouse()).isEqualTo("redshift");
            assertThat(w.outcome().alreadyBroken()).extracting(b -> b.item().label()).containsExactly("d/volume");
        });
        assertThat(result.brokenItems()).singleElement().satisfies(b -> {
            assertThat(b.item().label()).isEqualTo("d/volume");
            assertThat(b.problems().get(0).didYouMean()).isEqualTo("order_amount");
        });
    }
}
