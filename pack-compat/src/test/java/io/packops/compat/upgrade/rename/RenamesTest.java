package io.packops.compat.upgrade.rename;

import io.packops.compat.schema.Column;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rename rules one by one, how they are scored, and the pairs they must not propose. */
class RenamesTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "createdat, created_at, SEPARATORS, ",
            "firstName, first_name, SEPARATORS, ",
            "amount_refunded, refunded_amount, REORDERED, ",
            "dispute_id, dispute_ids, PLURAL, ",
            "dispute_reasons, dispute_reason, PLURAL, ",
            "category, categories, PLURAL, ",
            "charged_created, charge_created, TYPO, ",
            "reciept_email, receipt_email, TYPO, ",
            "created_at, balance_transaction_created_at, PREFIX_ADDED, balance_transaction_",
            "balance_transaction_fee, fee, PREFIX_REMOVED, balance_transaction_",
            "arrival_date, arrival_date_at, SUFFIX_ADDED, _at",
            "checkout_session_id, checkout_session, SUFFIX_REMOVED, _id",
            "payout_expected_arrival_date, payout_arrival_date_at, SHARED_WORDS, ",
    })
    void namesMatchOneRule(String removed, String added, RenameRule rule, String affix) {
        Names.Match match = Names.match(removed, added);

        assertThat(match).isNotNull();
        assertThat(match.rule()).isEqualTo(rule);
        assertThat(match.affix()).isEqualTo(affix);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "invoice_pdf, invoice_id",        // short words differ: not a typo
            "connected_account_name, source_relation",
            "customer_name, customer_id",     // one word in common of two
            "created_at, created_by",
            "tax, tax",                       // the same name is no rename
            "old_report, new_report",
    })
    void unrelatedNamesMatchNoRule(String removed, String added) {
        assertThat(Names.match(removed, added)).isNull();
    }

    @Test
    void aRemovedColumnAndAnUnrelatedAdditionAreNoRename() {
        assertThat(Renames.columns("orders", List.of(Column.of("discount_code", "text")),
                List.of(Column.of("tax_rate", "numeric(5,2)")))).isEmpty();
    }

    @Test
    void relatedNamesOfUnrelatedTypeFamiliesAreNoRename() {
        assertThat(Renames.columns("orders", List.of(Column.of("order_status_code", "text")),
                List.of(Column.of("order_status_codes", "integer")))).isEmpty();
    }

    @Test
    void relatedTypeFamiliesLowerTheScore() {
        List<ColumnRename> renames = Renames.columns("payouts", List.of(Column.of("arrival_date", "date")),
                List.of(Column.of("arrival_date_at", "timestamp")));

        assertThat(renames).singleElement().satisfies(r -> {
            assertThat(r.score()).isEqualTo(0.68); // 0.8 x 0.85
            assertThat(r.reason()).isEqualTo("words added at the end (_at); related type families (date → timestamp)");
        });
    }

    @Test
    void aOneWordNameNeedsOtherRenamesOfTheModelThatAgree() {
        List<Column> removed = List.of(Column.of("amount", "integer"));
        List<Column> added = List.of(Column.of("amount_refunded", "integer"));
        assertThat(Renames.columns("charges", removed, added)).isEmpty(); // 0.6 alone, below 0.65

        List<ColumnRename> agreeing = Renames.columns("balance_transactions",
                List.of(Column.of("fee", "integer"), Column.of("net", "integer")),
                List.of(Column.of("balance_transaction_fee", "integer"), Column.of("balance_transaction_net", "integer")));

        assertThat(agreeing).extracting(ColumnRename::from, ColumnRename::to, ColumnRename::score).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fee", "balance_transaction_fee", 0.65),
                org.assertj.core.groups.Tuple.tuple("net", "balance_transaction_net", 0.65));
        assertThat(agreeing.get(0).reason()).isEqualTo("words added in front (balance_transaction_), as for 1 other"
                + " removed column of balance_transactions; same type family (integer)");
    }

    @Test
    void renamesThatAgreeOutrankAnotherCandidateWhichBecomesAnAlternative() {
        List<ColumnRename> renames = Renames.columns("stripe__balance_transactions",
                List.of(Column.of("created_at", "timestamp"), Column.of("currency", "text"), Column.of("amount", "integer"),
                        Column.of("fee", "integer"), Column.of("net", "integer")),
                List.of(Column.of("payout_created_at", "timestamp"), Column.of("payout_currency", "text"),
                        Column.of("balance_transaction_created_at", "timestamp"),
                        Column.of("balance_transaction_currency", "text"), Column.of("balance_transaction_amount", "integer"),
                        Column.of("balance_transaction_fee", "integer"), Column.of("balance_transaction_net", "integer")));

        assertThat(renames).extracting(ColumnRename::from, ColumnRename::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("created_at", "balance_transaction_created_at"),
                org.assertj.core.groups.Tuple.tuple("amount", "balance_transaction_amount"),
                org.assertj.core.groups.Tuple.tuple("currency", "balance_transaction_currency"),
                org.assertj.core.groups.Tuple.tuple("fee", "balance_transaction_fee"),
                org.assertj.core.groups.Tuple.tuple("net", "balance_transaction_net"));
        assertThat(renames.get(0).score()).isEqualTo(1.0); // 0.8 + 4 x 0.05
        assertThat(renames.get(0).alternatives()).containsExactly("payout_created_at"); // 0.8 + 1 x 0.05
        assertThat(renames.get(2).alternatives()).containsExactly("payout_currency"); // 0.6 + 0.05, just passes
    }

    @Test
    void eachAddedColumnIsTheRenameOfOneRemovedColumnAtMost() {
        List<ColumnRename> renames = Renames.columns("itemized_4",
                List.of(Column.of("charge_created_at", "timestamp"), Column.of("charged_created", "timestamp")),
                List.of(Column.of("charge_created", "timestamp")));

        assertThat(renames).singleElement().satisfies(r -> {
            assertThat(r.from()).isEqualTo("charged_created"); // typo 0.85 beats suffix dropped 0.8
            assertThat(r.rule()).isEqualTo(RenameRule.TYPO);
        });
    }

    @Test
    void editDistanceCountsASwapOfNeighboursAsOne() {
        assertThat(Names.editDistance("reciept", "receipt")).isEqualTo(1);
        assertThat(Names.editDistance("charged", "charge")).isEqualTo(1);
        assertThat(Names.editDistance("pdf", "id")).isEqualTo(2);
    }

    @Test
    void wordsSplitAtSeparatorsAndCamelCase() {
        assertThat(Names.words("balanceTransaction__CREATED-at")).containsExactly("balance", "transaction", "created", "at");
    }
}
