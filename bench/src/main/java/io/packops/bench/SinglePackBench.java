package io.packops.bench;

import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One sample pack against its connector's real dbt catalog, warm. {@code fullCheck} is what checking
 * one pack against one schema costs (parse every tile and KPI, then resolve); {@code resolveOnly} is
 * the cost per further schema once the pack is compiled. The catalog's fingerprint is computed in
 * setup, so neither includes it; reading the YAML and the catalog JSON is not included either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SinglePackBench {

    @Param({"stripe-revenue", "salesforce-pipeline", "hubspot-marketing", "shopify-sales", "zendesk-support"})
    public String pack;

    private final CompatChecker checker = new CompatChecker();
    private DashboardPack manifest;
    private CompiledPack compiled;
    private WarehouseSchema catalog;

    @Setup(Level.Trial)
    public void setUp() {
        manifest = Fixtures.manifest(Fixtures.packYaml(pack, "1.0.0"));
        catalog = SchemaReader.read(Fixtures.catalogJson(manifest.connector()));
        catalog.fingerprint();
        compiled = CompiledPack.compile(manifest);
        CompatReport report = checker.check(compiled, catalog);
        if (!report.compatible()) {
            // The sample packs are validated against these catalogs with PostgreSQL; say so, but measure anyway.
            System.err.println("note: " + pack + " 1.0.0 is reported incompatible with its catalog: " + report.problems());
        }
    }

    @Benchmark
    public CompatReport fullCheck() {
        return checker.check(manifest, catalog);
    }

    @Benchmark
    public CompatReport resolveOnly() {
        return checker.check(compiled, catalog);
    }
}
