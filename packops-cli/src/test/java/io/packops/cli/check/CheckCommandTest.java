package io.packops.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.packops.cli.check.Fixtures.STRIPE_1_0;
import static io.packops.cli.check.Fixtures.STRIPE_1_1;
import static io.packops.cli.check.Fixtures.STRIPE_CATALOG;
import static io.packops.cli.check.Fixtures.json;
import static io.packops.cli.check.Fixtures.lineContaining;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code packops check} run for real, as a Quarkus command-mode application, on the sample packs. */
@QuarkusMainTest
class CheckCommandTest {

    @TempDir
    Path tmp;

    @Test
    void compatiblePackExitsZeroWithACompatibleSummary(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", STRIPE_1_0, "--catalog", STRIPE_CATALOG);

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutputStream()).singleElement().asString()
                .matches("stripe-revenue 1\\.0\\.0 vs [0-9a-f]{12} \\(\\.\\./packs/catalogs/stripe\\.catalog\\.json\\): "
                        + "compatible — no problems in 11 tiles/KPIs");
        assertThat(result.getErrorOutput()).isEmpty();
    }

    @Test
    void brokenPackReportsEachMissingColumnAtItsManifestLine(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("check", STRIPE_1_1, "--catalog", STRIPE_CATALOG);

        assertThat(result.exitCode()).isEqualTo(1);
        int currency = lineContaining(STRIPE_1_1, "       currency,");
        int amount = lineContaining(STRIPE_1_1, "sum(amount) as charged_volume");
        int fee = lineContaining(STRIPE_1_1, "sum(fee) as fees");
        int feeRate = lineContaining(STRIPE_1_1, "sum(fee) / nullif(sum(amount), 0)");
        String gross = " [revenue/gross_volume_daily]";
        String feeTile = " [revenue/fee_rate_by_month]";
        assertThat(result.getOutputStream()).containsExactly(
                missing(currency, "currency") + gross,
                missing(amount, "amount") + feeTile,
                missing(fee, "fee") + feeTile,
                missing(feeRate, "fee") + feeTile,
                missing(feeRate, "amount") + feeTile,
                result.getOutputStream().get(5));
        assertThat(result.getOutputStream().get(5))
                .startsWith("stripe-revenue 1.1.0 vs ")
                .endsWith("(../packs/catalogs/stripe.catalog.json): INCOMPATIBLE — 5 errors, 0 warnings in 2 of 12 tiles/KPIs");
    }

    private static String missing(int line, String column) {
        return STRIPE_1_1 + ":" + line + ": error MISSING_COLUMN: column " + column
                + " does not exist in stripe__balance_transactions";
    }

    @Test
    void jsonReportHasDesignFieldsAndOmitsNulls(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("check", STRIPE_1_1, "--catalog", STRIPE_CATALOG, "--format", "json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode report = json(result);
        assertThat(fieldNames(report)).containsExactly("pack", "version", "fingerprint", "compatible", "problems");
        assertThat(report.get("pack").asText()).isEqualTo("stripe-revenue");
        assertThat(report.get("version").asText()).isEqualTo("1.1.0");
        assertThat(report.get("fingerprint").asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(report.get("compatible").asBoolean()).isFalse();
        JsonNode first = report.get("problems").get(0);
        assertThat(fieldNames(first)).containsExactly("severity", "code", "dashboard", "tile", "relation", "column",
                "line", "fileLine", "detail");
        assertThat(first.get("severity").asText()).isEqualTo("error");
        assertThat(first.get("code").asText()).isEqualTo("MISSING_COLUMN");
        assertThat(first.get("tile").asText()).isEqualTo("gross_volume_daily");
        assertThat(first.get("column").asText()).isEqualTo("currency");
        assertThat(first.get("line").asInt()).isEqualTo(2);
        assertThat(first.get("fileLine").asInt()).isEqualTo(lineContaining(STRIPE_1_1, "       currency,"));
        assertThat(report.get("problems")).hasSize(5)
                .allSatisfy(p -> assertThat(p.has("kpi")).as("null kpi is omitted").isFalse());
    }

    @Test
    void severalManifestsGiveAJsonArrayOfReports(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult result = launcher.launch("check", STRIPE_1_0, STRIPE_1_1, "--catalog", STRIPE_CATALOG,
                "--format=json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode reports = json(result);
        assertThat(reports.isArray()).isTrue();
        assertThat(reports).extracting(r -> r.get("version").asText() + " " + r.get("compatible").asBoolean())
                .containsExactly("1.0.0 true", "1.1.0 false");
    }

    @Test
    void fleetModeChecksEachFingerprintOnce(QuarkusMainLauncher launcher) throws IOException {
        Path withoutFee = Fixtures.stripeCatalogWithout(tmp, "stripe__balance_transactions", "balance_transaction_fee");

        LaunchResult result = launcher.launch("check", STRIPE_1_0, "--catalog", STRIPE_CATALOG,
                "--catalog", withoutFee.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
        List<String> out = result.getOutputStream();
        assertThat(out.get(0)).isEqualTo("stripe-revenue 1.0.0 vs 2 schemas in 2 fingerprints");
        assertThat(out).filteredOn(l -> l.matches("fingerprint [0-9a-f]{12} \\(1 schema; .*")).hasSize(2);
        assertThat(out).filteredOn(l -> l.matches("fingerprint [0-9a-f]{12}: compatible — .*")).hasSize(1);
        assertThat(out).filteredOn(l -> l.matches("fingerprint [0-9a-f]{12}: INCOMPATIBLE — .*")).hasSize(1);
        assertThat(out).anyMatch(l -> l.startsWith(STRIPE_1_0 + ":")
                && l.contains("error MISSING_COLUMN: column balance_transaction_fee does not exist"));
        assertThat(out.get(out.size() - 1)).isEqualTo(
                "stripe-revenue 1.0.0 vs 2 schemas: INCOMPATIBLE — 1 of 2 fingerprints (1 of 2 schemas) incompatible");
    }

    @Test
    void aFunctionOneWarehouseLacksBreaksExactlyThatWarehouseInTheFleetJson(QuarkusMainLauncher launcher) throws IOException {
        Path manifest = Fixtures.write(tmp, "iff.yaml", onePackTile("iff-pack", "charges", """
                        title: Charges
                        sql: |
                          select balance_transaction_id,
                                 iff(balance_transaction_amount > 0, 1, 0) as positive
                          from {{ ref('stripe__balance_transactions') }}
                """));
        Path acme = Fixtures.stripeSnapshot(tmp, "acct_acme", "bigquery");
        Path globex = Fixtures.stripeSnapshot(tmp, "acct_globex", "snowflake");

        LaunchResult result = launcher.launch("check", manifest.toString(), "--format", "json",
                "--schema", acme.toString(), "--schema", globex.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
        JsonNode entry = json(result).get("fingerprints").get(0);
        assertThat(entry.get("compatible").asBoolean()).isFalse();
        assertThat(entry.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("code").asText()).isEqualTo("UNSUPPORTED_FUNCTION");
            assertThat(p.get("warehouse").asText()).isEqualTo("bigquery");
            assertThat(p.get("line").asInt()).isEqualTo(2);
            assertThat(p.get("fileLine").asInt()).isEqualTo(14);
            assertThat(p.get("detail").asText()).isEqualTo("function iff() does not exist on BigQuery (it does on"
                    + " snowflake, databricks); use case when <c> then <a> else <b> end");
        });
        assertThat(entry.get("byWarehouse")).hasSize(2).anySatisfy(w -> {
            assertThat(w.get("warehouse").asText()).isEqualTo("bigquery");
            assertThat(w.get("accounts")).extracting(JsonNode::asText).containsExactly("acct_acme");
            assertThat(w.get("compatible").asBoolean()).isFalse();
        }).anySatisfy(w -> {
            assertThat(w.get("warehouse").asText()).isEqualTo("snowflake");
            assertThat(w.get("accounts")).extracting(JsonNode::asText).containsExactly("acct_globex");
            assertThat(w.get("compatible").asBoolean()).isTrue();
        });
    }

    @Test
    void fleetJsonCountsSchemasAccountsAndWarehousesPerFingerprint(QuarkusMainLauncher launcher) throws IOException {
        Path acme = Fixtures.stripeSnapshot(tmp, "acct_acme", "bigquery");
        Path globex = Fixtures.stripeSnapshot(tmp, "acct_globex", "snowflake");
        Path withoutFee = Fixtures.stripeCatalogWithout(tmp, "stripe__balance_transactions", "balance_transaction_fee");

        LaunchResult result = launcher.launch("check", STRIPE_1_0, "--format", "json", "--warehouse", "redshift",
                "--catalog", STRIPE_CATALOG, "--catalog", withoutFee.toString(),
                "--schema", acme.toString(), "--schema", globex.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(1);
        JsonNode fleet = json(result);
        assertThat(fieldNames(fleet)).containsExactly("pack", "version", "schemas", "compatible", "fingerprints");
        assertThat(fleet.get("schemas").asInt()).isEqualTo(4);
        assertThat(fleet.get("compatible").asBoolean()).isFalse();
        JsonNode shared = fleet.get("fingerprints").get(0);
        assertThat(shared.get("schemas").asInt()).isEqualTo(3);
        assertThat(shared.get("accounts")).extracting(JsonNode::asText).containsExactly("acct_acme", "acct_globex");
        // --warehouse applies to the bare catalog only; the snapshots keep their own.
        assertThat(shared.get("warehouses")).extracting(JsonNode::asText)
                .containsExactly("bigquery", "redshift", "snowflake");
        assertThat(shared.get("compatible").asBoolean()).isTrue();
        JsonNode mutated = fleet.get("fingerprints").get(1);
        assertThat(mutated.get("schemas").asInt()).isEqualTo(1);
        assertThat(mutated.get("accounts")).isEmpty();
        assertThat(mutated.get("files")).extracting(JsonNode::asText).containsExactly(withoutFee.toString());
        assertThat(mutated.get("compatible").asBoolean()).isFalse();
        assertThat(mutated.get("problems")).allSatisfy(p -> assertThat(p.get("severity").asText()).isEqualTo("error"));
    }

    @Test
    void warningsAreReportedButDoNotFailAndNoWarningsHidesThem(QuarkusMainLauncher launcher) throws IOException {
        Path manifest = Fixtures.write(tmp, "udf.yaml", onePackTile("udf-pack", "udf_tile", """
                        title: Reads a table function the checker cannot see through
                        sql: select f.x from my_udf(3) as f
                """));

        LaunchResult shown = launcher.launch("check", manifest.toString(), "--catalog", STRIPE_CATALOG);
        LaunchResult hidden = launcher.launch("check", manifest.toString(), "--catalog", STRIPE_CATALOG, "--no-warnings");

        assertThat(shown.exitCode()).isZero();
        assertThat(shown.getOutputStream()).hasSize(3);
        assertThat(shown.getOutputStream().get(0))
                .startsWith(manifest + ":12: warning UNCHECKED_REFERENCE: ").endsWith(" [ops/udf_tile]");
        // a function pack-compat's catalogue does not know is a warning too, for the warehouse checked (PostgreSQL's rules)
        assertThat(shown.getOutputStream().get(1))
                .startsWith(manifest + ":12: warning UNKNOWN_FUNCTION: function my_udf() is not in pack-compat's")
                .endsWith(" [ops/udf_tile, postgres]");
        assertThat(shown.getOutputStream().get(2)).endsWith(": compatible — 0 errors, 2 warnings in 1 of 1 tiles/KPIs");
        assertThat(hidden.exitCode()).isZero();
        assertThat(hidden.getOutputStream()).singleElement().asString().endsWith(": compatible — no errors in 1 tiles/KPIs");
    }

    @Test
    void missingSchemaOptionIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", STRIPE_1_0);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput())
                .startsWith("Missing schema: give at least one --catalog=<catalog.json> or --schema=<schema.json>")
                .contains("Usage: packops check");
        assertThat(result.getOutput()).isEmpty();
        Fixtures.assertNoStackTrace(result);
    }

    @Test
    void missingManifestIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "--catalog", STRIPE_CATALOG);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Missing required parameter: '<manifest.yaml>'")
                .contains("Usage: packops check");
        Fixtures.assertNoStackTrace(result);
    }

    @Test
    void unknownWarehouseIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", STRIPE_1_0, "--catalog", STRIPE_CATALOG, "--warehouse", "oracle");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("Invalid value for option '--warehouse'")
                .contains("snowflake, bigquery, redshift, databricks, postgres");
        Fixtures.assertNoStackTrace(result);
    }

    @Test
    void missingFilesAreEachReported(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("check", "nope.yaml", STRIPE_1_0, "--catalog", "nope.json",
                "--schema", tmp.toString());

        Fixtures.assertBadInput(result).containsExactly(
                "nope.yaml: error: no such file",
                "nope.json: error: no such file",
                tmp + ": error: is a directory, not a file");
    }

    @Test
    void malformedYamlIsReportedWithFileLineAndColumn(QuarkusMainLauncher launcher) throws IOException {
        Path manifest = Fixtures.write(tmp, "broken.yaml", """
                apiVersion: packops/v1
                kind: DashboardPack
                name: broken
                  version: 1.0.0
                """);

        LaunchResult result = launcher.launch("check", manifest.toString(), "--catalog", STRIPE_CATALOG);

        Fixtures.assertBadInput(result).singleElement().asString().matches(manifest + ":[34]:\\d+: error: .+");
    }

    @Test
    void invalidManifestReportsEveryErrorWithItsPosition(QuarkusMainLauncher launcher) throws IOException {
        Path manifest = Fixtures.write(tmp, "invalid.yaml", """
                apiVersion: packops/v1
                kind: DashboardPack
                name: Not A Slug
                version: "1.0"
                connector: stripe
                dashboards: []
                """);

        LaunchResult result = launcher.launch("check", manifest.toString(), "--catalog", STRIPE_CATALOG);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorStream())
                .anyMatch(l -> l.startsWith(manifest + ":3:7: error: ") && l.contains("slug"))
                .anyMatch(l -> l.startsWith(manifest + ":4:10: error: ") && l.contains("semantic version"));
        Fixtures.assertNoStackTrace(result);
    }

    @Test
    void malformedSchemaIsReportedWithFileLineAndColumn(QuarkusMainLauncher launcher) throws IOException {
        Path syntax = Fixtures.write(tmp, "syntax.json", "{\"relations\": [\n  {\"name\": \"charge\",, }\n]}");
        Path content = Fixtures.write(tmp, "content.json", """
                {"relations": [
                  {"name": "charge", "kind": "table", "columns": []}
                ]}
                """);

        LaunchResult result = launcher.launch("check", STRIPE_1_0, "--schema", syntax.toString(),
                "--schema", content.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        List<String> errors = new ArrayList<>(result.getErrorStream());
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).matches(syntax + ":2:\\d+: error: .+");
        assertThat(errors.get(1)).matches(content + ":2:\\d+: error: /relations/0/kind: .*\"table\".*");
        assertThat(result.getOutput()).isEmpty();
        Fixtures.assertNoStackTrace(result);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A stripe pack of one dashboard {@code ops} with one tile: {@code tile} is its YAML after {@code - id:} (10 lines before it). */
    private static String onePackTile(String name, String tileId, String tile) {
        return """
                apiVersion: packops/v1
                kind: DashboardPack
                name: %s
                version: 1.0.0
                connector: stripe
                dashboards:
                  - id: ops
                    title: Ops
                    tiles:
                      - id: %s
                """.formatted(name, tileId) + tile;
    }
}
