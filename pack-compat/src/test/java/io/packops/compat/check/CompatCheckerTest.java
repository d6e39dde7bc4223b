package io.packops.compat.check;

import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CompatCheckerTest {

    private final CompatChecker checker = new CompatChecker();

    private static final String MANIFEST = """
            apiVersion: packops/v1
            kind: DashboardPack
            name: shop-sales
            version: 2.0.0
            connector: shop
            dashboards:
              - id: sales
                title: Sales
                tiles:
                  - id: by_day
                    title: By day
                    sql: |
                      select cast(created_at as date) as day,
                             sum(amount) as revenue
                      from {{ ref('orders') }}
                      group by 1
            kpis:
              - id: revenue
                title: Revenue
                sql: |
                  select sum(amount) as value,
                         count(*) as orders
                  from {{ ref('orders') }}
                narrative: "Revenue is {{ value }} over {{ orders }} orders ({{ delta_pct }}% vs last month)."
              - id: buyers
                title: Buyers
                sql: select count(distinct customer_id) as value from {{ ref('orders') }}
                narrative: |
                  {{ value }} customers bought.
                  That is {{ value | round(0) }} people.
            """;

    static DashboardPack pack(String yaml) {
        ManifestResult r = ManifestReader.read(yaml);
        assertThat(r.errors()).isEmpty();
        return r.pack();
    }

    static WarehouseSchema schema(String account, String warehouse, String... extraColumns) {
        List<Column> cols = new ArrayList<>(List.of(Column.of("id", "integer"), Column.of("customer_id", "integer"),
                Column.of("amount", "numeric"), Column.of("created_at", "timestamp")));
        for (String c : extraColumns) {
            cols.add(Column.of(c, "text"));
        }
        return new WarehouseSchema(account, "shop", warehouse, "2026-11-25T10:00:00Z",
                List.of(new Relation("orders", RelationKind.MODEL, null, cols)));
    }

    @Test
    void narrativePlaceholderThatIsNotAnOutputColumnIsReportedOnItsKpi() {
        CompatReport report = checker.check(pack(MANIFEST), schema("a1", "snowflake"));
        assertThat(report.compatible()).isFalse();
        assertThat(report.problems()).filteredOn(Problem::isError)
                .extracting(Problem::code, Problem::kpi, Problem::dashboard, Problem::column, Problem::fileLine)
                .containsExactly(tuple("NARRATIVE_PLACEHOLDER", "revenue", null, "delta_pct", 24));
    }

    @Test
    void narrativeFiltersAreAllowedOnOutputColumns() {
        CompatReport report = checker.check(pack(MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")),
                schema("a1", "snowflake"));
        assertThat(report.problems()).isEmpty();
        assertThat(report.compatible()).isTrue();
    }

    @Test
    void narrativeExpressionIsNotAPlaceholder() {
        String yaml = MANIFEST.replace("{{ delta_pct }}", "{{ value * 100 }}");
        CompatReport report = checker.check(pack(yaml), schema("a1", "snowflake"));
        assertThat(report.problems()).filteredOn(Problem::isError).singleElement()
                .satisfies(p -> assertThat(p.code()).isEqualTo("NARRATIVE_PLACEHOLDER"));
    }

    @Test
    void kpiSqlProblemsCarryTheKpiAndTileProblemsTheDashboard() {
        WarehouseSchema noAmount = new WarehouseSchema("a", "shop", "postgres", null, List.of(new Relation("orders",
                RelationKind.MODEL, null, List.of(Column.of("id", "integer"), Column.of("customer_id", "integer"),
                Column.of("created_at", "timestamp")))));
        CompatReport report = checker.check(pack(MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")), noAmount);
        assertThat(report.problems()).filteredOn(Problem::isError)
                .extracting(Problem::code, Problem::dashboard, Problem::tile, Problem::kpi, Problem::column, Problem::line, Problem::fileLine)
                .containsExactlyInAnyOrder(
                        tuple("MISSING_COLUMN", "sales", "by_day", null, "amount", 2, 14),
                        tuple("MISSING_COLUMN", null, null, "revenue", "amount", 1, 21));
    }

    @Test
    void fleetChecksEachFingerprintOnceAndCountsWhatItCovers() {
        DashboardPack pack = pack(MANIFEST.replace(" ({{ delta_pct }}% vs last month)", ""));
        List<WarehouseSchema> fleet = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            fleet.add(schema("acct_" + i, i % 2 == 0 ? "snowflake" : "bigquery"));
        }
        for (int i = 30; i < 35; i++) {
            fleet.add(schema("acct_" + i, "redshift", "note"));
        }
        WarehouseSchema broken = new WarehouseSchema("acct_99", "shop", "postgres", null, List.of(new Relation("orders",
                RelationKind.MODEL, null, List.of(Column.of("id", "integer"), Column.of("amount", "text")))));
        fleet.add(broken);

        FleetReport report = checker.checkFleet(pack, fleet);

        assertThat(report.schemas()).isEqualTo(36);
        assertThat(report.compatible()).isFalse();
        assertThat(report.fingerprints()).hasSize(3);
        FleetReport.Entry big = report.fingerprints().get(0);
        assertThat(big.schemas()).isEqualTo(30);
        assertThat(big.accounts()).hasSize(30).contains("acct_0", "acct_29");
        assertThat(big.warehouses()).containsExactly("bigquery", "snowflake");
        assertThat(big.report().compatible()).isTrue();
        assertThat(report.fingerprints().get(1).warehouses()).containsExactly("redshift");
        FleetReport.Entry bad = report.fingerprints().get(2);
        assertThat(bad.accounts()).containsExactly("acct_99");
        assertThat(bad.report().problems()).extracting(Problem::code)
                .contains("MISSING_COLUMN", "TYPE_MISMATCH");
        assertThat(report.incompatibleSchemas()).isEqualTo(1);
    }

    @Test
    void fleetMergesDialectSpecificVerdictsOfOneFingerprint() {
        String yaml = MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")
                .replace("group by 1", "group by 1\n          having revenue > 0");
        DashboardPack pack = pack(yaml);
        FleetReport onlySnowflake = checker.checkFleet(pack, List.of(schema("a", "snowflake")));
        assertThat(onlySnowflake.compatible()).isTrue();
        FleetReport mixed = checker.checkFleet(pack, List.of(schema("a", "snowflake"), schema("b", "postgres")));
        assertThat(mixed.fingerprints()).hasSize(1);
        assertThat(mixed.compatible()).isFalse();
        assertThat(mixed.fingerprints().get(0).report().problems()).extracting(Problem::column).contains("revenue");
    }

    @Test
    void compiledPackIsReusableAcrossSchemas() {
        CompiledPack compiled = CompiledPack.compile(pack(MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")));
        assertThat(compiled.queries()).hasSize(3);
        assertThat(checker.check(compiled, schema("a", "snowflake")).compatible()).isTrue();
        assertThat(checker.check(compiled, schema("b", "snowflake", "extra")).compatible()).isTrue();
        assertThat(checker.check(compiled, WarehouseSchema.of(List.of())).compatible()).isFalse();
    }

    @Test
    void unknownWarehouseUsesPortableRules() {
        String yaml = MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")
                .replace("group by 1", "group by 1\n          having revenue > 0");
        assertThat(checker.check(pack(yaml), schema("a", null)).compatible()).isFalse();
        assertThat(checker.check(pack(yaml), schema("a", "bigquery")).compatible()).isTrue();
    }

    @Test
    void schemaOfAnotherConnectorIsAWarning() {
        WarehouseSchema s = schema("a", "snowflake");
        WarehouseSchema other = s.withEnvelope("a", "stripe", "snowflake", null);
        CompatReport report = checker.check(pack(MANIFEST.replace(" ({{ delta_pct }}% vs last month)", "")), other);
        assertThat(report.compatible()).isTrue();
        assertThat(report.problems()).extracting(Problem::code).containsExactly("CONNECTOR_MISMATCH");
    }

    /**
     * How alerting's gate and sweep call checkFleet: one body per fingerprint, re-enveloped once per warehouse that
     * has it (no account ids). The merged report is incompatible, its dialect problem names its warehouse, and the
     * verdicts say which warehouse breaks, so the blast radius can be that warehouse's accounts only.
     */
    @Test
    void aFingerprintSharedByTwoWarehousesGetsAVerdictPerWarehouse() {
        String yaml = MANIFEST.replace("sum(amount) as revenue", "sum(amount) as revenue,\n                 count_if(amount > 100) as big")
                .replace("({{ delta_pct }}% vs last month)", "");
        WarehouseSchema body = schema(null, null);
        List<WarehouseSchema> members = List.of(body.withEnvelope(null, "shop", "snowflake", null),
                body.withEnvelope(null, "shop", "bigquery", null), body.withEnvelope(null, "shop", "databricks", null));

        FleetReport fleet = checker.checkFleet(pack(yaml), members);

        assertThat(fleet.fingerprints()).hasSize(1);
        FleetReport.Entry entry = fleet.fingerprints().get(0);
        assertThat(entry.report().compatible()).isFalse();
        assertThat(entry.report().problems()).filteredOn(Problem::isError)
                .extracting(Problem::code, Problem::warehouse, Problem::tile, Problem::line, Problem::fileLine)
                .containsExactly(tuple("UNSUPPORTED_FUNCTION", "bigquery", "by_day", 3, 15));
        assertThat(entry.verdicts()).extracting(FleetReport.WarehouseVerdict::warehouse,
                        FleetReport.WarehouseVerdict::schemas, FleetReport.WarehouseVerdict::compatible)
                .containsExactly(tuple("snowflake", 1, true), tuple("bigquery", 1, false), tuple("databricks", 1, true));
        assertThat(fleet.incompatibleSchemas()).isEqualTo(3);
        assertThat(fleet.incompatibleWarehouseSchemas()).isEqualTo(1);
    }
}
