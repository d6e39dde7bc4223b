package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.ColumnRename;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.packops.compat.upgrade.Schemas.names;
import static io.packops.compat.upgrade.StripeHistory.diff;
import static io.packops.compat.upgrade.StripeHistory.reader;
import static io.packops.compat.upgrade.StripeHistory.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The upgrade diff and check on the real history of fivetran/dbt_stripe: each pair of the fixture README gives the
 * breaks it lists for a pack that reads those columns and none for a pack that does not, the 56→57 type change is
 * classified by family, and the renames suggested are exactly the ones the history has (precision and recall below).
 */
class StripeHistoryTest {

    private final UpgradeCheck check = new UpgradeCheck();

    private static ModelChange change(UpgradeDiff diff, String model) {
        return diff.modelsChanged().stream().filter(c -> c.model().equals(model)).findFirst()
                .orElseThrow(() -> new AssertionError(model + " is not changed"));
    }

    private PackUpgrade upgrade(String reader, int from, int to) {
        return check.check(reader(reader), release(from), diff(from, to));
    }

    private static List<String> labels(List<BrokenItem> items) {
        return items.stream().map(b -> b.item().label()).toList();
    }

    /** {@code column -> did you mean} of every problem of a broken tile, in order. */
    private static List<String> missing(BrokenItem item) {
        return item.problems().stream().map(p -> p.problem().code() + " " + p.problem().column() + " -> " + p.didYouMean())
                .toList();
    }

    // --- 23 -> 24 (2023-10-17): stripe__balance_transactions' columns get their source's prefix -------------------

    @Test
    void release24RemovesTheBalanceTransactionColumnsTheReadmeLists() {
        UpgradeDiff diff = diff(23, 24);

        assertThat(names(change(diff, "stripe__balance_transactions").removed())).containsExactly("created_at",
                "available_on", "currency", "amount", "fee", "net", "type", "source", "description",
                "payout_expected_arrival_date");
        assertThat(names(change(diff, "stripe__payout_itemized_3").removed()))
                .containsExactly("balance_transaction_fee", "balance_transaction_net", "balance_transaction_description");
        assertThat(names(change(diff, "stripe__activity_itemized_2").removed()))
                .containsExactly("connected_account_name", "payment_metadata", "refund_metadata", "transfer_metadata");
        assertThat(diff.modelsRemoved()).extracting(Relation::name)
                .containsExactly("int_stripe__balance_transactions_enhanced", "int_stripe__payout_enhanced");
        assertThat(diff.modelsAdded()).isEmpty();
    }

    @Test
    void release24BreaksThePackThatReadsTheOldNamesAndSaysTheNewOnes() {
        PackUpgrade result = upgrade("balance-legacy", 23, 24);

        assertThat(result.breaks()).isTrue();
        UpgradeOutcome o = result.outcome();
        assertThat(labels(o.broken())).containsExactly("balance/gross_volume_daily", "balance/payout_fees");
        assertThat(missing(o.broken().get(0))).containsExactlyInAnyOrder(
                "MISSING_COLUMN created_at -> balance_transaction_created_at",
                "MISSING_COLUMN currency -> balance_transaction_currency",
                "MISSING_COLUMN amount -> balance_transaction_amount",
                "MISSING_COLUMN type -> balance_transaction_type");
        assertThat(missing(o.broken().get(1))).containsExactly("MISSING_COLUMN balance_transaction_fee -> fee");
        assertThat(o.alreadyBroken()).isEmpty();
        assertThat(o.fixed()).isEmpty();
    }

    // --- 24 -> 25 (2023-10-18): more prefixes, and the invoice and subscription models disappear -------------------

    @Test
    void release25RemovesTheInvoiceAndSubscriptionModels() {
        UpgradeDiff diff = diff(24, 25);

        assertThat(diff.modelsRemoved()).extracting(Relation::name).contains("stripe__invoice_details",
                "stripe__invoice_line_item_details", "stripe__subscription_details");
        assertThat(diff.modelsRemoved()).extracting(Relation::name)
                .allMatch(m -> m.startsWith("stripe__") || m.startsWith("stg_stripe__"));
        assertThat(names(change(diff, "stripe__balance_transactions").removed())).contains("source_id",
                "reporting_category", "shipping_address_city", "invoice_id", "statement_descriptor");
        assertThat(change(diff, "stripe__ending_balance_reconciliation_itemized_4").removed()).isNotEmpty();
        assertThat(change(diff, "stripe__balance_change_from_activity_itemized_3").removed()).isNotEmpty();
        assertThat(diff.modelRenames()).isEmpty(); // nothing was added in their place
    }

    @Test
    void release25BreaksTheInvoiceTileAndTheReportingCategoryTileButNotTheOnesAlreadyBroken() {
        UpgradeOutcome o = upgrade("balance-legacy", 24, 25).outcome();

        assertThat(labels(o.broken())).containsExactly("balance/reporting_categories", "balance/open_invoices");
        assertThat(missing(o.broken().get(0))).containsExactly( // in the select list and in group by
                "MISSING_COLUMN reporting_category -> balance_transaction_reporting_category",
                "MISSING_COLUMN reporting_category -> balance_transaction_reporting_category");
        assertThat(o.broken().get(1).problems()).singleElement().satisfies(p -> {
            assertThat(p.problem().code()).isEqualTo("MISSING_RELATION");
            assertThat(p.problem().relation()).isEqualTo("stripe__invoice_details");
            assertThat(p.cause()).isEqualTo("removed by the upgrade");
            assertThat(p.didYouMean()).isNull();
        });
        assertThat(labels(o.alreadyBroken())).containsExactly("balance/gross_volume_daily", "balance/payout_fees");
        assertThat(o.fixed()).isEmpty();
    }

    // --- 33 -> 34 (2024-10-02): "handle multiple disputes" -----------------------------------------------------------

    @Test
    void release34TakesDisputeIdAndReasonOutOfBalanceTransactionsAndTheItemizedReports() {
        UpgradeDiff diff = diff(33, 34);

        assertThat(names(change(diff, "stripe__balance_transactions").removed()))
                .containsExactly("dispute_id", "dispute_reason");
        assertThat(names(change(diff, "stripe__activity_itemized_2").removed())).containsExactly("dispute_id");
        assertThat(names(change(diff, "stripe__balance_change_from_activity_itemized_3").removed()))
                .containsExactly("dispute_reason");
        assertThat(names(change(diff, "stripe__ending_balance_reconciliation_itemized_4").removed()))
                .containsExactly("dispute_reason");
        assertThat(diff.modelsChanged()).hasSize(4);
        assertThat(diff.modelsRemoved()).isEmpty();
    }

    @Test
    void release34BreaksTheDisputeTilesAndSuggestsThePluralColumns() {
        UpgradeOutcome o = upgrade("disputes", 33, 34).outcome();

        assertThat(labels(o.broken())).containsExactly("disputes/disputes_by_reason", "disputes/reconciliation_by_reason");
        assertThat(missing(o.broken().get(0))).containsExactlyInAnyOrder(
                "MISSING_COLUMN dispute_reason -> dispute_reasons",
                "MISSING_COLUMN dispute_id -> dispute_ids",
                "MISSING_COLUMN dispute_id -> dispute_ids",
                "MISSING_COLUMN dispute_reason -> dispute_reasons");
        assertThat(missing(o.broken().get(1))).containsExactly("MISSING_COLUMN dispute_reason -> dispute_reasons",
                "MISSING_COLUMN dispute_reason -> dispute_reasons");
        assertThat(o.broken().get(0).problems().get(0).rename().reason())
                .isEqualTo("one word turned plural or singular (the column may now hold several values);"
                        + " same type family (string)");
        assertThat(o.alreadyBroken()).isEmpty();
    }

    // --- 56 -> 57 (2026-03-31): one column changes type in a staging model -------------------------------------------

    @Test
    void release57ChangesOneColumnsTypeFamilyFromIntegerToString() {
        UpgradeDiff diff = diff(56, 57);

        assertThat(diff.modelsChanged()).singleElement().satisfies(c -> {
            assertThat(c.model()).isEqualTo("stg_stripe__subscription_discount");
            assertThat(c.removed()).isEmpty();
            assertThat(c.added()).isEmpty();
            assertThat(c.retyped()).singleElement().satisfies(t -> {
                assertThat(t.column()).isEqualTo("checkout_session_id");
                assertThat(List.of(t.from().type(), t.to().type())).containsExactly("integer", "text");
                assertThat(List.of(t.fromFamily(), t.toFamily())).containsExactly(TypeFamily.INTEGER, TypeFamily.STRING);
            });
        });
        assertThat(diff.modelsRemoved()).isEmpty();
        assertThat(diff.modelsAdded()).isEmpty();
        assertThat(diff.modelsChanged()).noneMatch(c -> c.model().startsWith("stripe__")); // no end model changed
    }

    @Test
    void release57BreaksOnlyTheSqlThatUsesTheColumnAsANumber() {
        UpgradeOutcome o = upgrade("subscription-discounts", 56, 57).outcome();

        assertThat(labels(o.broken())).containsExactly("discounts/average_session_number"); // max() works on text too
        assertThat(o.broken().get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.problem().code()).isEqualTo("TYPE_MISMATCH");
            assertThat(p.cause()).isEqualTo("stg_stripe__subscription_discount.checkout_session_id changed type family"
                    + " in the upgrade: integer (integer) → string (text)");
        });
        assertThat(upgrade("subscription-discounts", 57, 62).outcome().fixed()).extracting(QueryItem::label)
                .containsExactly("discounts/average_session_number");
    }

    // --- 25 -> 62: two years of releases at once ---------------------------------------------------------------------

    @Test
    void release62BreaksTheDisputeTilesOfRelease25AndBringsTheInvoiceModelBack() {
        UpgradeOutcome disputes = upgrade("disputes", 25, 62).outcome();
        assertThat(labels(disputes.broken())).containsExactly("disputes/disputes_by_reason", "disputes/reconciliation_by_reason");
        assertThat(disputes.broken()).flatExtracting(BrokenItem::problems).extracting(UpgradeProblem::didYouMean)
                .containsOnly("dispute_ids", "dispute_reasons");

        UpgradeOutcome legacy = upgrade("balance-legacy", 25, 62).outcome();
        assertThat(legacy.broken()).isEmpty();
        assertThat(labels(legacy.alreadyBroken()))
                .containsExactly("balance/gross_volume_daily", "balance/payout_fees", "balance/reporting_categories");
        assertThat(legacy.fixed()).extracting(QueryItem::label).containsExactly("balance/open_invoices");
    }

    // --- a pack that reads nothing the releases change -----------------------------------------------------------------

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"23, 24", "24, 25", "33, 34", "56, 57", "25, 62", "57, 62"})
    void aPackThatReadsNothingTheReleaseChangesIsUntouched(int from, int to) {
        PackUpgrade result = upgrade("daily-overview", from, to);

        assertThat(result.breaks()).isFalse();
        assertThat(result.outcome().alreadyBroken()).isEmpty();
        assertThat(result.outcome().fixed()).isEmpty();
    }

    // --- the sample stripe-revenue, written against the newest release ------------------------------------------------

    @Test
    void stripeRevenueWrittenForTheNewestReleaseIsNeverBlamedOnAnOlderUpgrade() {
        CompiledPack revenue = StripeHistory.sample("stripe-revenue", "1.0.0");

        PackUpgrade clean = check.check(revenue, release(56), diff(56, 57));
        assertThat(clean.breaks()).isFalse();
        assertThat(clean.outcome().alreadyBroken()).isEmpty();

        // on 23 nothing it reads exists yet (23's catalog even lists no sources): broken before, not by, the upgrade;
        // 24 adds the balance_transaction_* columns, which fixes the tiles that read only those
        UpgradeOutcome old = check.check(revenue, release(23), diff(23, 24)).outcome();
        assertThat(old.broken()).isEmpty();
        assertThat(old.alreadyBroken()).isNotEmpty();
        assertThat(old.fixed()).extracting(QueryItem::label).contains("revenue/gross_volume_daily");
    }

    // --- renames: precision and recall on the history ------------------------------------------------------------------

    /**
     * Every rename the history has, per pair, as {@code model.old -> new}: from dbt_stripe's CHANGELOG (v0.11.0 for
     * 23→25, v0.15.0 for 33→34) or, marked (i), from reading the catalogs (the staging column and the report columns
     * built from it moved together). The diff must suggest exactly these: a false suggestion or a miss fails.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "23 | 24 | stripe__balance_transactions.created_at -> balance_transaction_created_at;"
                    + "stripe__balance_transactions.available_on -> balance_transaction_available_on;"
                    + "stripe__balance_transactions.currency -> balance_transaction_currency;"
                    + "stripe__balance_transactions.amount -> balance_transaction_amount;"
                    + "stripe__balance_transactions.fee -> balance_transaction_fee;"
                    + "stripe__balance_transactions.net -> balance_transaction_net;"
                    + "stripe__balance_transactions.type -> balance_transaction_type;"
                    + "stripe__balance_transactions.description -> balance_transaction_description;"
                    + "stripe__balance_transactions.payout_expected_arrival_date -> payout_arrival_date_at;" // (i)
                    + "stg_stripe__payout.arrival_date -> arrival_date_at;" // (i)
                    + "stripe__payout_itemized_3.balance_transaction_fee -> fee;" // (i)
                    + "stripe__payout_itemized_3.balance_transaction_net -> net;" // (i)
                    + "stripe__balance_change_from_activity_itemized_3.balance_transaction_fee -> fee;" // (i)
                    + "stripe__balance_change_from_activity_itemized_3.balance_transaction_net -> net;" // (i)
                    + "stripe__balance_change_from_activity_itemized_3.balance_transaction_description -> description",
            "24 | 25 | stripe__balance_transactions.source_id -> balance_transaction_source_id;"
                    + "stripe__balance_transactions.reporting_category -> balance_transaction_reporting_category;"
                    + "stripe__balance_transactions.shipping_address_line_1 -> charge_shipping_address_line_1;" // (i)
                    + "stripe__balance_transactions.shipping_address_line_2 -> charge_shipping_address_line_2;"
                    + "stripe__balance_transactions.shipping_address_city -> charge_shipping_address_city;"
                    + "stripe__balance_transactions.shipping_address_state -> charge_shipping_address_state;"
                    + "stripe__balance_transactions.shipping_address_postal_code -> charge_shipping_address_postal_code;"
                    + "stripe__balance_transactions.shipping_address_country -> charge_shipping_address_country;"
                    + "stripe__balance_transactions.statement_descriptor -> charge_statement_descriptor;"
                    + "stripe__balance_change_from_activity_itemized_3.charge_created_at -> charge_created;" // (i)
                    + "stripe__ending_balance_reconciliation_itemized_4.charged_created -> charge_created", // (i)
            "33 | 34 | stripe__balance_transactions.dispute_id -> dispute_ids;"
                    + "stripe__balance_transactions.dispute_reason -> dispute_reasons;"
                    + "stripe__activity_itemized_2.dispute_id -> dispute_ids;"
                    + "stripe__balance_change_from_activity_itemized_3.dispute_reason -> dispute_reasons;"
                    + "stripe__ending_balance_reconciliation_itemized_4.dispute_reason -> dispute_reasons",
            "56 | 57 | ",
            "25 | 62 | stripe__balance_transactions.dispute_id -> dispute_ids;"
                    + "stripe__balance_transactions.dispute_reason -> dispute_reasons;"
                    + "stripe__activity_itemized_2.dispute_id -> dispute_ids;"
                    + "stripe__balance_change_from_activity_itemized_3.dispute_reason -> dispute_reasons;"
                    + "stripe__ending_balance_reconciliation_itemized_4.dispute_reason -> dispute_reasons",
            "57 | 62 | stg_stripe__subscription_discount_tmp.checkout_session_id -> checkout_session;" // (i): a seed column
                    + "subscription_discount_data_postgres.checkout_session_id -> checkout_session",
    })
    void renamesSuggestedAreTheRenamesOfTheHistory(int from, int to, String expected) {
        Set<String> truth = expected == null ? Set.of()
                : Set.of(expected.split(";")).stream().map(String::strip).collect(Collectors.toCollection(TreeSet::new));
        Set<String> suggested = diff(from, to).columnRenames().stream()
                .map(r -> r.model() + "." + r.from() + " -> " + r.to()).collect(Collectors.toCollection(TreeSet::new));

        Set<String> known = Set.of("stripe__balance_transactions.source -> source_id"); // 23 -> 24: one word, alone
        assertThat(suggested).isEqualTo(new TreeSet<>(truth.stream().filter(t -> !known.contains(t)).toList()));
        assertThat(suggested).doesNotContainAnyElementsOf(known);
    }

    @Test
    void theOneRenameOfTheHistoryNotSuggestedIsAOneWordNameWithoutSupport() {
        UpgradeDiff diff = diff(23, 24);

        assertThat(diff.columnRename("stripe__balance_transactions", "source")).isEmpty();
        assertThat(names(change(diff, "stripe__balance_transactions").added())).contains("source_id");
        assertThat(diff.columnRename("stripe__balance_transactions", "created_at")).get()
                .extracting(ColumnRename::to, ColumnRename::score, ColumnRename::alternatives)
                .containsExactly("balance_transaction_created_at", 1.0, List.of("payout_created_at"));
    }

    @Test
    void releasesBuiltOnDifferentWarehousesDifferInSpellingNotInFamily() {
        UpgradeDiff diff = diff(25, 62); // 25's catalog was made on BigQuery (STRING, INT64), 62's on PostgreSQL

        assertThat(diff.typeSpellingsChanged()).isGreaterThan(500);
        assertThat(change(diff, "stripe__balance_transactions").retyped())
                .extracting(Retype::column, t -> t.from().type(), t -> t.to().type())
                .contains(tuple("customer_email", "STRING", "integer")); // the test seeds' empty columns: see the README
    }
}
