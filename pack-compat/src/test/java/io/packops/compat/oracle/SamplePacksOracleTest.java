package io.packops.compat.oracle;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.sql.Finding;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every tile and KPI of every sample pack (packs/<name>/<version>.yaml), judged by PostgreSQL and by
 * pack-compat against its connector's real dbt catalog (packs/catalogs/<connector>.catalog.json).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class SamplePacksOracleTest {

    private static List<SampleData.SamplePack> packs;
    private static final Map<String, PostgresOracle> oracles = new LinkedHashMap<>();

    @BeforeAll
    static void layOutTheCatalogs(EmbeddedPostgres postgres) throws SQLException {
        packs = SampleData.packs();
        for (SampleData.SamplePack p : packs) {
            String connector = p.pack().connector();
            if (!oracles.containsKey(connector)) {
                oracles.put(connector, PostgresOracle.create(postgres, SampleData.catalog(connector)));
            }
        }
    }

    @AfterAll
    static void dropThem() throws SQLException {
        for (PostgresOracle o : oracles.values()) {
            o.close();
        }
        oracles.clear();
    }

    private static OracleComparison compare(SampleData.SamplePack p, CompiledPack.Query q) throws SQLException {
        return OracleComparison.of(SampleData.label(p, q), q.parsed(), oracles.get(p.pack().connector()));
    }

    @TestFactory
    Stream<DynamicContainer> postgresAndPackCompatAgreeOnEveryTileAndKpiOfEverySamplePack() {
        return packs.stream().map(p -> DynamicContainer.dynamicContainer(p.label(),
                p.compiled().queries().stream().map(q -> DynamicTest.dynamicTest(SampleData.label(p, q), () -> {
                    OracleComparison cmp = compare(p, q);
                    assertThat(cmp.agrees()).as("PostgreSQL and pack-compat disagree on a sample pack query%n%s",
                            cmp.report()).isTrue();
                }))));
    }

    @Test
    void every100PackCompilesCleanlyInPostgresAndInPackCompat() throws SQLException {
        List<SampleData.SamplePack> releases = packs.stream().filter(p -> p.pack().version().equals("1.0.0")).toList();
        assertThat(releases).extracting(p -> p.pack().name()).containsExactlyInAnyOrder(
                "stripe-revenue", "salesforce-pipeline", "hubspot-marketing", "shopify-sales", "zendesk-support");
        int queries = 0;
        for (SampleData.SamplePack p : releases) {
            for (CompiledPack.Query q : p.compiled().queries()) {
                OracleComparison cmp = compare(p, q);
                assertThat(cmp.pg().ok()).as("PostgreSQL on %s", cmp.report()).isTrue();
                assertThat(cmp.packCompatOk()).as("pack-compat on %s", cmp.report()).isTrue();
                queries++;
            }
        }
        assertThat(queries).isEqualTo(8 + 3 + 4 * (9 + 3));
    }

    @Test
    void stripeRevenue110FailsInBothOnExactlyItsTwoBrokenTiles() throws SQLException {
        SampleData.SamplePack broken = packs.stream()
                .filter(p -> p.label().equals("stripe-revenue@1.1.0")).findFirst().orElseThrow();
        Map<String, OracleComparison> failing = new LinkedHashMap<>();
        List<String> passing = new ArrayList<>();
        for (CompiledPack.Query q : broken.compiled().queries()) {
            OracleComparison cmp = compare(broken, q);
            assertThat(cmp.agrees()).as(cmp.report()).isTrue();
            String where = q.kpi() != null ? "kpi " + q.kpi() : q.dashboard() + "/" + q.tile();
            if (cmp.pg().ok()) {
                passing.add(where);
            } else {
                failing.put(where, cmp);
            }
        }
        assertThat(failing).containsOnlyKeys("revenue/gross_volume_daily", "revenue/fee_rate_by_month");
        assertThat(passing).hasSize(7 + 3);

        OracleComparison gross = failing.get("revenue/gross_volume_daily");
        assertThat(gross.pg().category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(gross.pg().message()).isEqualTo("column \"currency\" does not exist");
        assertThat(gross.pg().line()).isEqualTo(2);
        assertThat(gross.errors()).extracting(Finding::code, Finding::column, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ProblemCode.MISSING_COLUMN, "currency", 2));

        OracleComparison fee = failing.get("revenue/fee_rate_by_month");
        assertThat(fee.pg().category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        // PostgreSQL stops at its first error; pack-compat names every missing column.
        assertThat(fee.pg().message()).isEqualTo("column \"amount\" does not exist");
        assertThat(fee.errors()).allSatisfy(f -> assertThat(f.code()).isEqualTo(ProblemCode.MISSING_COLUMN))
                .extracting(Finding::column).containsOnly("amount", "fee").contains("amount", "fee");
    }
}
