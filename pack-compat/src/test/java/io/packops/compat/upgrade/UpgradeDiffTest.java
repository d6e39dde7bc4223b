package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.RenameRule;

import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.packops.compat.upgrade.Schemas.model;
import static io.packops.compat.upgrade.Schemas.names;
import static io.packops.compat.upgrade.Schemas.schema;
import static io.packops.compat.upgrade.Schemas.source;
import static org.assertj.core.api.Assertions.assertThat;

/** The diff of two small hand-made releases: every kind of change, and what is not a change. */
class UpgradeDiffTest {

    @Test
    void theSameReleaseIsAnEmptyDiff() {
        WarehouseSchema release = schema(model("orders", "id integer", "amount numeric(18,2)"));

        UpgradeDiff diff = UpgradeDiff.between(release, release);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.modelsChanged()).isEmpty();
        assertThat(diff.columnRenames()).isEmpty();
    }

    @Test
    void removedAndAddedColumnsAreListedPerModelInTheirModelsOrder() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("orders", "id integer", "discount_code text", "amount integer", "note text"),
                        model("customers", "id integer")),
                schema(model("orders", "id integer", "amount integer", "tax_rate numeric(5,2)", "channel text"),
                        model("customers", "id integer")));

        assertThat(diff.modelsChanged()).singleElement().satisfies(c -> {
            assertThat(c.model()).isEqualTo("orders");
            assertThat(names(c.removed())).containsExactly("discount_code", "note");
            assertThat(names(c.added())).containsExactly("tax_rate", "channel");
            assertThat(c.retyped()).isEmpty();
        });
        assertThat(diff.columnsRemoved()).isEqualTo(2);
        assertThat(diff.columnsAdded()).isEqualTo(2);
    }

    @Test
    void aNewSpellingWithinATypeFamilyIsNoChangeButIsCounted() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("orders", "note VARCHAR(256)", "id NUMBER(38,0)", "at TIMESTAMP_NTZ", "ok BOOLEAN")),
                schema(model("orders", "note TEXT", "id bigint", "at timestamp without time zone", "ok boolean")));

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.typeSpellingsChanged()).isEqualTo(3); // BOOLEAN -> boolean is the same spelling
    }

    @Test
    void aChangeOfTypeFamilyIsARetype() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("discounts", "checkout_session_id integer", "started date")),
                schema(model("discounts", "checkout_session_id text", "started timestamp")));

        assertThat(diff.modelsChanged()).singleElement().satisfies(c -> {
            assertThat(c.removed()).isEmpty();
            assertThat(c.added()).isEmpty();
            assertThat(c.retyped()).extracting(Retype::column, Retype::fromFamily, Retype::toFamily).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("checkout_session_id", TypeFamily.INTEGER, TypeFamily.STRING),
                    org.assertj.core.groups.Tuple.tuple("started", TypeFamily.DATE, TypeFamily.TIMESTAMP));
        });
        assertThat(diff.columnsRetyped()).isEqualTo(2);
    }

    @Test
    void modelsRemovedAndAddedAreWholeRelations() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("orders", "id integer"), model("legacy_report", "day date")),
                schema(model("orders", "id integer"), model("order_lines", "order_id integer", "sku text")));

        assertThat(diff.modelsRemoved()).extracting(Relation::name).containsExactly("legacy_report");
        assertThat(diff.modelsAdded()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("order_lines");
            assertThat(names(r.columns())).containsExactly("order_id", "sku");
        });
        assertThat(diff.modelsChanged()).isEmpty();
        assertThat(diff.modelRenames()).isEmpty();
    }

    @Test
    void namesCompareCaseInsensitively() {
        UpgradeDiff diff = UpgradeDiff.between(schema(model("ORDERS", "AMOUNT NUMBER(38,0)")),
                schema(model("orders", "amount bigint")));

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void sourcesAreTheConnectorsAndNotCompared() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(source("stripe", "charge", "id text"), model("orders", "id integer")),
                schema(model("orders", "id integer"), source("stripe", "refund", "id text")));

        assertThat(diff.isEmpty()).isTrue();
    }

    @Test
    void aRemovedModelWithARelatedNameAndTheSameColumnsIsAModelRename() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("stripe__invoice_line_item", "invoice_id text", "amount integer", "quantity integer")),
                schema(model("stripe__invoice_line_item_details", "invoice_id text", "amount integer", "quantity integer",
                        "price_plan_amount integer")));

        assertThat(diff.modelRenames()).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("stripe__invoice_line_item");
            assertThat(r.to()).isEqualTo("stripe__invoice_line_item_details");
            assertThat(r.rule()).isEqualTo(RenameRule.SUFFIX_ADDED);
            assertThat(r.sharedColumns()).isEqualTo(0.75);
            assertThat(r.score()).isEqualTo(0.78); // (0.8 + 0.75) / 2
            assertThat(r.reason()).isEqualTo("words added at the end (_details); 75 % of their column names shared");
        });
        assertThat(diff.modelRename("STRIPE__INVOICE_LINE_ITEM")).isPresent();
    }

    @Test
    void aModelWithTheSameColumnsButAnUnrelatedNameIsNoRename() {
        UpgradeDiff diff = UpgradeDiff.between(schema(model("legacy_report", "day date", "amount integer")),
                schema(model("daily_overview", "day date", "amount integer")));

        assertThat(diff.modelRenames()).isEmpty();
    }

    @Test
    void columnRenamesAreSuggestedPerModel() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("conversions", "id integer", "first_conversion_date date")),
                schema(model("conversions", "id integer", "calculated_first_conversion_date date")));

        assertThat(diff.columnRename("conversions", "first_conversion_date")).get().satisfies(r -> {
            assertThat(r.to()).isEqualTo("calculated_first_conversion_date");
            assertThat(r.rule()).isEqualTo(RenameRule.PREFIX_ADDED);
            assertThat(r.score()).isEqualTo(0.8);
            assertThat(r.reason()).isEqualTo("words added in front (calculated_); same type family (date)");
        });
        assertThat(diff.columnRename("conversions", "id")).isEmpty();
        assertThat(diff.columnRenames()).hasSize(1);
    }

    @Test
    void diffOfTheSameReleasesIsTheSameDiff() {
        WarehouseSchema from = schema(model("b", "x integer", "amount integer"), model("a", "y text"));
        WarehouseSchema to = schema(model("a", "y text", "z text"), model("b", "balance_amount integer"));

        UpgradeDiff one = UpgradeDiff.between(from, to);
        UpgradeDiff two = UpgradeDiff.between(from, to);

        assertThat(one.modelsChanged()).isEqualTo(two.modelsChanged());
        assertThat(one.modelsChanged()).extracting(ModelChange::model).containsExactly("a", "b");
    }

    @Test
    void everyKindOfChangeAtOnce() {
        UpgradeDiff diff = UpgradeDiff.between(
                schema(model("orders", "id integer", "amount integer", "status text"), model("old_report", "d date")),
                schema(model("orders", "id text", "order_amount integer", "status text", "channel text"),
                        model("new_report", "w date")));

        assertThat(diff.modelsRemoved()).extracting(Relation::name).containsExactly("old_report");
        assertThat(diff.modelsAdded()).extracting(Relation::name).containsExactly("new_report");
        ModelChange orders = diff.modelsChanged().get(0);
        assertThat(names(orders.removed())).containsExactly("amount");
        assertThat(names(orders.added())).containsExactly("order_amount", "channel");
        assertThat(orders.retyped()).extracting(Retype::column).containsExactly("id");
        assertThat(orders.renames()).isEmpty(); // "amount" alone is too generic a word to rename without support
        assertThat(List.of(diff.columnsRemoved(), diff.columnsAdded(), diff.columnsRetyped())).containsExactly(1, 2, 1);
    }
}
