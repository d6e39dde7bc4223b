package io.packops.cli.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.check.Fixtures;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.packops.cli.check.Fixtures.json;
import static io.packops.cli.check.Fixtures.lineContaining;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code packops upgrade-check} run for real on the real history of fivetran/dbt_stripe
 * ({@code packs/catalog-history/stripe/}, whose README lists what each pair changes) and its reader packs.
 */
@QuarkusMainTest
class UpgradeCheckCommandTest {

    private static final String HISTORY = "../packs/catalog-history/stripe/";
    private static final String DISPUTES = HISTORY + "readers/disputes.yaml";
    private static final String LEGACY = HISTORY + "readers/balance-legacy.yaml";
    private static final String OVERVIEW = HISTORY + "readers/daily-overview.yaml";
    private static final String DISCOUNTS = HISTORY + "readers/subscription-discounts.yaml";
    private static final String STRIPE_REVENUE = "../packs/stripe-revenue/1.3.0.yaml";

    @TempDir
    Path tmp;

    private static String release(int position) {
        return HISTORY + switch (position) {
            case 23 -> "23-2023-09-20-35cb9cd";
            case 24 -> "24-2023-10-17-f809ebe";
            case 25 -> "25-2023-10-18-cea74b2";
            case 33 -> "33-2024-09-25-e2677a5";
            case 34 -> "34-2024-10-02-7cfdfc5";
            case 56 -> "56-2026-03-18-2951f5c";
            case 57 -> "57-2026-03-31-979d10b";
            case 62 -> "62-2026-08-18-42687a2";
            default -> throw new IllegalArgumentException("no release " + position + " in the fixture");
        } + ".catalog.json";
    }

    private static LaunchResult upgrade(QuarkusMainLauncher launcher, int from, int to, String... more) {
        List<String> args = new ArrayList<>(List.of("upgrade-check"));
        args.addAll(List.of(more));
        args.addAll(List.of("--from", release(from), "--to", release(to)));
        return launcher.launch(args.toArray(String[]::new));
    }

    /** A removed column's line as the text report prints it. */
    private static String removed(String file, int line, String column, String model, String rename, String item) {
        return file + ":" + line + ": error MISSING_COLUMN: column " + column + " does not exist in " + model
                + " — removed by the upgrade; did you mean " + rename + "? [" + item + "]";
    }

    @Test
    void multipleDisputesBreakTheDisputesPackAtEachLineWithTheRenameAndSpareThePackThatDoesNotReadThem(
            QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = upgrade(launcher, 33, 34, DISPUTES, OVERVIEW);

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
        List<String> out = result.getOutputStream();
        String balance = "stripe__balance_transactions";
        String byReason = "disputes/disputes_by_reason";
        // the tile's first line reads dispute_reason; the lines below it follow the manifest
        int select = lineContaining(DISPUTES, "count(distinct dispute_id)") - 1;
        int recon = lineContaining(DISPUTES, "sum(net) as net");
        assertThat(out).containsSubsequence(
                "  stripe__balance_transactions: removed dispute_id, dispute_reason; added latest_dispute_amount_won,"
                        + " latest_dispute_amount_lost, latest_dispute_amount_under_review,"
                        + " latest_dispute_amount_needs_response, latest_dispute_amount_warning_closed,"
                        + " latest_dispute_amount_warning_under_review and 4 more",
                "    stripe__balance_transactions.dispute_id → dispute_ids (0.85: one word turned plural or singular"
                        + " (the column may now hold several values); same type family (string))",
                "stripe-disputes 1.0.0 (" + DISPUTES + "):",
                removed(DISPUTES, select, "dispute_reason", balance, "dispute_reasons", byReason),
                removed(DISPUTES, select + 1, "dispute_id", balance, "dispute_ids", byReason),
                removed(DISPUTES, lineContaining(DISPUTES, "where dispute_id is not null"), "dispute_id", balance,
                        "dispute_ids", byReason),
                removed(DISPUTES, select + 5, "dispute_reason", balance, "dispute_reasons", byReason),
                removed(DISPUTES, recon - 1, "dispute_reason", "stripe__ending_balance_reconciliation_itemized_4",
                        "dispute_reasons", "disputes/reconciliation_by_reason"),
                "stripe-disputes 1.0.0: BREAKS on the upgrade — 2 of 3 tiles/KPIs compile before it and not after"
                        + " (6 errors)",
                "stripe-daily-overview 1.0.0 (" + OVERVIEW + "):",
                "stripe-daily-overview 1.0.0: safe to upgrade — none of its 2 tiles/KPIs breaks",
                "the upgrade breaks 1 of 2 packs");
        assertThat(out).noneMatch(l -> l.contains("[disputes/daily_activity]"));
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    void thePrefixReleaseBreaksTheLegacyPackAndTheNextOneReportsThoseTilesAsAlreadyBroken(QuarkusMainLauncher launcher)
            throws IOException {
        LaunchResult first = upgrade(launcher, 23, 24, LEGACY);

        assertThat(first.exitCode()).isEqualTo(1);
        int sales = lineContaining(LEGACY, "cast(created_at as date)");
        String gross = "balance/gross_volume_daily";
        String balance = "stripe__balance_transactions";
        assertThat(first.getOutputStream()).containsSubsequence(
                removed(LEGACY, sales, "created_at", balance, "balance_transaction_created_at", gross),
                removed(LEGACY, sales + 1, "currency", balance, "balance_transaction_currency", gross),
                removed(LEGACY, sales + 2, "amount", balance, "balance_transaction_amount", gross),
                removed(LEGACY, lineContaining(LEGACY, "where type = 'charge'"), "type", balance,
                        "balance_transaction_type", gross),
                removed(LEGACY, lineContaining(LEGACY, "sum(balance_transaction_fee) as fees"), "balance_transaction_fee",
                        "stripe__payout_itemized_3", "fee", "balance/payout_fees"),
                "stripe-balance-legacy 1.0.0: BREAKS on the upgrade — 2 of 5 tiles/KPIs compile before it and not"
                        + " after (5 errors)");

        LaunchResult second = upgrade(launcher, 24, 25, LEGACY);

        assertThat(second.exitCode()).isEqualTo(1);
        List<String> out = second.getOutputStream();
        int invoices = lineContaining(LEGACY, "from {{ ref('stripe__invoice_details') }}");
        int already = out.indexOf("already broken before the upgrade (not caused by it):");
        assertThat(already).isPositive();
        assertThat(out.subList(0, already)).filteredOn(l -> l.startsWith(LEGACY)).containsExactly(
                removed(LEGACY, lineContaining(LEGACY, "select reporting_category,"), "reporting_category", balance,
                        "balance_transaction_reporting_category", "balance/reporting_categories"),
                removed(LEGACY, lineContaining(LEGACY, "group by reporting_category"), "reporting_category", balance,
                        "balance_transaction_reporting_category", "balance/reporting_categories"),
                LEGACY + ":" + invoices + ": error MISSING_RELATION: model stripe__invoice_details"
                        + " (ref('stripe__invoice_details')) does not exist in this schema — removed by the upgrade"
                        + " [balance/open_invoices]");
        // the tiles 24 already broke are listed apart, without blaming 25 for them
        assertThat(out.subList(already, out.size())).filteredOn(l -> l.startsWith(LEGACY))
                .hasSize(5).allSatisfy(l -> assertThat(l).doesNotContain("by the upgrade"))
                .anySatisfy(l -> assertThat(l).startsWith(LEGACY + ":" + sales + ": error MISSING_COLUMN: column"
                        + " created_at does not exist in stripe__balance_transactions [" + gross + "]"));
        assertThat(out).last().asString().isEqualTo("stripe-balance-legacy 1.0.0: BREAKS on the upgrade — 2 of 5"
                + " tiles/KPIs compile before it and not after (3 errors); 2 already broken before it");
    }

    @Test
    void theCheckoutSessionRetypeIsAChangeOfTypeFamilyInJson(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = upgrade(launcher, 56, 57, DISCOUNTS, "--format", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode doc = json(result);
        assertThat(doc.get("breaks").asBoolean()).isTrue();
        JsonNode counts = doc.at("/diff/counts");
        assertThat(counts.get("columnsRetyped").asInt()).isEqualTo(1);
        assertThat(counts.get("columnsRemoved").asInt()).isZero();
        assertThat(counts.get("typeSpellingsChanged").asInt()).isZero();
        JsonNode retype = doc.at("/diff/modelsChanged/0/retyped/0");
        assertThat(doc.at("/diff/modelsChanged/0/model").asText()).isEqualTo("stg_stripe__subscription_discount");
        assertThat(retype.get("column").asText()).isEqualTo("checkout_session_id");
        assertThat(retype.at("/from/family").asText()).isEqualTo("integer");
        assertThat(retype.at("/to/family").asText()).isEqualTo("string");
        assertThat(retype.at("/to/type").asText()).isEqualTo("text");
        JsonNode pack = doc.at("/packs/0");
        assertThat(pack.get("pack").asText()).isEqualTo("stripe-subscription-discounts");
        assertThat(pack.get("broken")).singleElement().satisfies(b -> {
            assertThat(b.get("tile").asText()).isEqualTo("average_session_number");
            JsonNode p = b.at("/problems/0");
            assertThat(p.get("code").asText()).isEqualTo("TYPE_MISMATCH");
            assertThat(p.get("column").asText()).isEqualTo("checkout_session_id");
            assertThat(p.get("fileLine").asInt()).isEqualTo(lineContaining(DISCOUNTS, "avg(checkout_session_id)"));
            assertThat(p.get("cause").asText()).isEqualTo("stg_stripe__subscription_discount.checkout_session_id"
                    + " changed type family in the upgrade: integer (integer) → string (text)");
            assertThat(p.has("didYouMean")).isFalse();
        });
        // max() reads text as well as numbers: that tile survives the retype
        assertThat(pack.get("alreadyBroken")).isEmpty();
        assertThat(pack.get("items").asInt()).isEqualTo(2);
    }

    @Test
    void anUpgradeThatBreaksNoPackExitsZeroAndSaysWhatItFixes(QuarkusMainLauncher launcher) {
        LaunchResult result = upgrade(launcher, 57, 62, DISCOUNTS, STRIPE_REVENUE);

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutputStream()).containsSubsequence(
                "fixed by the upgrade: discounts/average_session_number",
                "stripe-subscription-discounts 1.0.0: safe to upgrade — none of its 2 tiles/KPIs breaks; 1 fixed by it",
                "stripe-revenue 1.3.0 (" + STRIPE_REVENUE + "):",
                "the upgrade breaks 0 of 2 packs");
        assertThat(result.getOutputStream()).filteredOn(l -> l.startsWith("stripe-revenue 1.3.0: "))
                .singleElement().asString().startsWith("stripe-revenue 1.3.0: safe to upgrade — none of its ");
    }

    @Test
    void badInputListsEveryProblemAndExitsTwo(QuarkusMainLauncher launcher) throws IOException {
        Path noModels = Fixtures.write(tmp, "sources-only.catalog.json", """
                {"metadata": {"dbt_version": "1.7.0"}, "nodes": {}, "sources": {"source.stripe.stripe.charge": {
                  "metadata": {"type": "BASE TABLE", "schema": "stripe", "name": "charge"},
                  "columns": {"id": {"type": "text", "index": 1, "name": "id"}}, "unique_id": "source.stripe.stripe.charge"}}}
                """);

        LaunchResult result = launcher.launch("upgrade-check", "nope.yaml", "--from", noModels.toString(), "--to",
                release(62));

        Fixtures.assertBadInput(result).contains("nope.yaml: error: no such file");

        LaunchResult modelsMissing = launcher.launch("upgrade-check", DISPUTES, "--from", noModels.toString(), "--to",
                release(62));

        Fixtures.assertBadInput(modelsMissing).containsExactly(noModels + ": error: has no dbt models: an upgrade"
                + " check compares the models of two releases of a package (give their catalog.json)");

        LaunchResult usage = launcher.launch("upgrade-check", DISPUTES, "--from", release(33));

        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.getErrorOutput()).contains("Missing required option: '--to=<catalog.json>'")
                .contains("Usage: packops upgrade-check");
        Fixtures.assertNoStackTrace(usage);
    }
}
