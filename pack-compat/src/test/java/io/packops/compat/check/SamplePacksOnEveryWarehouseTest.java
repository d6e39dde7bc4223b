package io.packops.compat.check;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sample pack against its real catalog on each of the five warehouses: no dialect error anywhere
 * (stripe 1.1.0 keeps its known column errors, the warehouse-only sample is refused exactly elsewhere).
 */
class SamplePacksOnEveryWarehouseTest {

    private static final Set<String> DIALECT_CODES = Set.of(ProblemCode.UNSUPPORTED_FUNCTION,
            ProblemCode.UNSUPPORTED_SYNTAX, ProblemCode.UNSUPPORTED_TYPE, ProblemCode.FUNCTION_SIGNATURE);
    /** The sample that uses a Snowflake-only function on purpose: refused on the four others. */
    private static final Path SNOWFLAKE_ONLY = Fixtures.pack("zendesk-support", "1.3.0");

    private final CompatChecker checker = new CompatChecker();

    @TestFactory
    Stream<DynamicTest> everySamplePackSpeaksEveryWarehouse() {
        return Fixtures.samplePacks().stream().filter(p -> !p.equals(SNOWFLAKE_ONLY)).map(file -> DynamicTest.dynamicTest(
                file.toString(), () -> {
                    DashboardPack pack = Fixtures.readPack(file);
                    CompiledPack compiled = CompiledPack.compile(pack);
                    List<String> errors = new ArrayList<>();
                    for (Dialect d : Dialect.ALL) {
                        WarehouseSchema schema = on(Fixtures.catalog(pack.connector()), d);
                        for (Problem p : checker.check(compiled, schema).problems()) {
                            if (p.isError() && DIALECT_CODES.contains(p.code())) {
                                errors.add(d.wireName() + " " + p.tile() + p.kpi() + ":" + p.line() + " " + p.detail());
                            }
                        }
                    }
                    assertThat(errors).as("dialect errors of %s", file).isEmpty();
                }));
    }

    @Test
    void theMacroSamplePassesOnAllFiveWarehouses() {
        DashboardPack pack = Fixtures.readPack(Fixtures.pack("stripe-revenue", "1.3.0"));
        CompiledPack compiled = CompiledPack.compile(pack);
        assertThat(compiled.queries()).anyMatch(CompiledPack.Query::expandsPerDialect);
        for (Dialect d : Dialect.ALL) {
            CompatReport report = checker.check(compiled, on(Fixtures.catalog("stripe"), d));
            assertThat(report.problems()).as("problems on %s", d).filteredOn(Problem::isError).isEmpty();
        }
    }

    @Test
    void theSnowflakeOnlySampleIsRefusedExactlyOnTheOtherFour() {
        DashboardPack pack = Fixtures.readPack(SNOWFLAKE_ONLY);
        List<WarehouseSchema> fleet = new ArrayList<>();
        for (Dialect d : Dialect.ALL) {
            fleet.add(on(Fixtures.catalog(pack.connector()), d).withEnvelope("acct_" + d.wireName(), pack.connector(),
                    d.wireName(), null));
        }
        FleetReport report = checker.checkFleet(pack, fleet);
        assertThat(report.fingerprints()).hasSize(1);
        FleetReport.Entry entry = report.fingerprints().get(0);
        assertThat(entry.report().compatible()).isFalse();
        Map<String, Boolean> verdicts = new java.util.TreeMap<>();
        Set<String> broken = new TreeSet<>();
        for (FleetReport.WarehouseVerdict v : entry.verdicts()) {
            verdicts.put(v.warehouse(), v.compatible());
            if (!v.compatible()) {
                broken.addAll(v.accounts());
                assertThat(v.problems()).filteredOn(Problem::isError)
                        .allSatisfy(p -> {
                            assertThat(p.code()).isEqualTo(ProblemCode.UNSUPPORTED_FUNCTION);
                            assertThat(p.warehouse()).isEqualTo(v.warehouse());
                            assertThat(p.detail()).contains("div0()").contains("does not exist on").contains("nullif(");
                            assertThat(p.line()).isPositive();
                        });
            }
        }
        assertThat(verdicts).containsEntry("snowflake", true).containsEntry("bigquery", false)
                .containsEntry("postgres", false).containsEntry("redshift", false).containsEntry("databricks", false);
        assertThat(broken).containsExactly("acct_bigquery", "acct_databricks", "acct_postgres", "acct_redshift");
        assertThat(report.incompatibleWarehouseSchemas()).isEqualTo(4);
    }

    static WarehouseSchema on(WarehouseSchema schema, Dialect d) {
        return schema.withEnvelope(schema.accountId(), schema.connector(), d.wireName(), schema.capturedAt());
    }
}
