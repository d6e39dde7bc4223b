package io.packops.compat.check;

import io.packops.compat.manifest.Dashboard;
import io.packops.compat.manifest.DashboardPack;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every sample pack against its connector's real dbt catalog. */
class SamplePacksTest {

    private final CompatChecker checker = new CompatChecker();

    @TestFactory
    Stream<DynamicTest> everyReleasedSamplePackIsCompatibleWithItsRealCatalog() {
        List<Path> packs = Fixtures.samplePacks().stream().filter(p -> p.getFileName().toString().equals("1.0.0.yaml")).toList();
        assertThat(packs).extracting(p -> p.getParent().getFileName().toString())
                .contains("stripe-revenue", "salesforce-pipeline", "hubspot-marketing", "shopify-sales", "zendesk-support");
        return packs.stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            DashboardPack pack = Fixtures.readPack(file);
            CompatReport report = checker.check(pack, Fixtures.catalog(pack.connector()));
            assertThat(report.problems()).as("problems of %s", file).filteredOn(Problem::isError).isEmpty();
            assertThat(report.compatible()).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySamplePackIsARealDashboardPack() {
        return Fixtures.samplePacks().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            DashboardPack pack = Fixtures.readPack(file);
            assertThat(pack.dashboards()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pack.dashboards().stream().mapToInt(d -> d.tiles().size()).sum()).isGreaterThanOrEqualTo(6);
            assertThat(pack.kpis()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pack.kpis()).allSatisfy(k -> assertThat(k.narrative()).contains("{{"));
            assertThat(file.getFileName().toString()).isEqualTo(pack.version() + ".yaml");
            assertThat(file.getParent().getFileName().toString()).isEqualTo(pack.name());
            List<String> sql = pack.dashboards().stream().flatMap(d -> d.tiles().stream()).map(t -> t.sql().toLowerCase()).toList();
            assertThat(sql).anyMatch(s -> s.matches("(?s).*\\bjoin\\b.*"));
            assertThat(sql).anyMatch(s -> s.contains(" over ("));
            assertThat(sql).anyMatch(s -> s.contains("group by"));
        }));
    }

    @Test
    void stripe110IsBrokenExactlyWhereThePackageRenamedColumns() {
        Path file = Fixtures.pack("stripe-revenue", "1.1.0");
        DashboardPack pack = Fixtures.readPack(file);
        CompatReport report = checker.check(pack, Fixtures.catalog("stripe"));

        assertThat(report.compatible()).isFalse();
        int grossTile = Fixtures.lineOf(file, "id: gross_volume_daily", 0);
        int feeTile = Fixtures.lineOf(file, "id: fee_rate_by_month", 0);
        assertThat(report.problems()).filteredOn(Problem::isError)
                .extracting(Problem::code, Problem::dashboard, Problem::tile, Problem::relation, Problem::column, Problem::fileLine)
                .containsExactlyInAnyOrder(
                        tuple("MISSING_COLUMN", "revenue", "gross_volume_daily", "stripe__balance_transactions", "currency",
                                Fixtures.lineOf(file, "sql: |", grossTile) + 2),
                        // like a compiler, every use is reported: fee and amount again in the fee-rate expression
                        tuple("MISSING_COLUMN", "revenue", "fee_rate_by_month", "stripe__balance_transactions", "amount",
                                Fixtures.lineOf(file, "sum(amount) as", feeTile)),
                        tuple("MISSING_COLUMN", "revenue", "fee_rate_by_month", "stripe__balance_transactions", "fee",
                                Fixtures.lineOf(file, "sum(fee) as", feeTile)),
                        tuple("MISSING_COLUMN", "revenue", "fee_rate_by_month", "stripe__balance_transactions", "fee",
                                Fixtures.lineOf(file, "100.0 * sum(fee)", feeTile)),
                        tuple("MISSING_COLUMN", "revenue", "fee_rate_by_month", "stripe__balance_transactions", "amount",
                                Fixtures.lineOf(file, "nullif(sum(amount)", feeTile)));
        assertThat(report.problems()).filteredOn(Problem::isError)
                .allSatisfy(p -> assertThat(p.detail()).contains(p.column()).contains("stripe__balance_transactions"));
    }

    @Test
    void stripe110IsCompatibleOnceTheRenamedColumnsAreBack() {
        // Proves the break is only the renamed columns: an older schema that still has them passes.
        var old = Fixtures.mutate(Fixtures.catalog("stripe"), "stripe__balance_transactions",
                Fixtures.columns(cols -> {
                    cols.add(io.packops.compat.schema.Column.of("currency", "text"));
                    cols.add(io.packops.compat.schema.Column.of("amount", "integer"));
                    cols.add(io.packops.compat.schema.Column.of("fee", "integer"));
                    return cols;
                }));
        CompatReport report = checker.check(Fixtures.readPack(Fixtures.pack("stripe-revenue", "1.1.0")), old);
        assertThat(report.problems()).filteredOn(Problem::isError).isEmpty();
    }

    @Test
    void reportCarriesPackVersionAndFingerprint() {
        DashboardPack pack = Fixtures.readPack(Fixtures.pack("stripe-revenue", "1.0.0"));
        var schema = Fixtures.catalog("stripe");
        CompatReport report = checker.check(pack, schema);
        assertThat(report.pack()).isEqualTo("stripe-revenue");
        assertThat(report.version()).isEqualTo("1.0.0");
        assertThat(report.fingerprint()).isEqualTo(schema.fingerprint()).startsWith("sha256:");
    }

    @Test
    void tileLinesPointIntoTheManifest() {
        Path file = Fixtures.pack("stripe-revenue", "1.0.0");
        DashboardPack pack = Fixtures.readPack(file);
        Dashboard revenue = pack.dashboards().get(0);
        int sqlLine = revenue.tiles().get(0).sqlLine();
        assertThat(Fixtures.read(file).lines().toList().get(sqlLine - 1).strip())
                .isEqualTo(revenue.tiles().get(0).sql().lines().findFirst().orElseThrow().strip());
    }
}
