package io.packops.cli.check;

import io.packops.cli.exit.ExitCodes;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.check.FleetReport;
import io.packops.compat.check.Problem;
import io.packops.compat.schema.WarehouseSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code packops check}: the offline compatibility check of pack manifests against warehouse schemas,
 * with pack-compat. One schema gives one report per pack; several give a fleet report per pack, each
 * distinct schema fingerprint checked once.
 */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Check pack manifests against warehouse schemas, offline.",
                "With one schema: one report per pack. With several: each distinct schema fingerprint is "
                        + "checked once and reported with the schemas, accounts and warehouses it covers."},
        footer = {"",
                "Both --catalog and --schema accept a dbt catalog.json, the native schema JSON, or the native "
                        + "envelope with \"dbtCatalog\".",
                "Exit codes: 0 every pack compatible with every schema, 1 some pack incompatible, "
                        + "2 bad input or usage, 3 internal error.",
                "Example: packops check packs/stripe-revenue/1.1.0.yaml --catalog packs/catalogs/stripe.catalog.json"})
public class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<manifest.yaml>", arity = "1..*", description = "Pack manifests (packops/v1 DashboardPack).")
    List<String> manifests = new ArrayList<>();

    @Option(names = "--catalog", paramLabel = "<catalog.json>", description = "A dbt catalog.json to check against (repeatable).")
    List<String> catalogs = new ArrayList<>();

    @Option(names = "--schema", paramLabel = "<schema.json>", description = "A native schema snapshot to check against (repeatable).")
    List<String> schemas = new ArrayList<>();

    @Mixin
    OfflineOptions options;

    @Option(names = "--no-warnings", description = "Report errors only.")
    boolean noWarnings;

    @Override
    public Integer call() {
        if (catalogs.isEmpty() && schemas.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "Missing schema: give at least one --catalog=<catalog.json> or --schema=<schema.json>");
        }
        List<String> schemaFiles = new ArrayList<>(catalogs);
        schemaFiles.addAll(schemas);
        CheckInputs inputs = CheckInputs.read(manifests, schemaFiles, options.warehouse);
        if (!inputs.errors().isEmpty()) {
            PrintWriter err = utf8(System.err);
            inputs.errors().forEach(err::println);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }

        PrintWriter out = utf8(System.out);
        boolean compatible = inputs.schemas().size() == 1 ? single(inputs, out) : fleet(inputs, out);
        out.flush();
        return compatible ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    private boolean single(CheckInputs inputs, PrintWriter out) {
        CompatChecker checker = new CompatChecker();
        CheckInputs.Schema schema = inputs.schemas().get(0);
        TextReport text = new TextReport(out, !noWarnings);
        List<CompatReport> reports = new ArrayList<>();
        for (CheckInputs.Manifest manifest : inputs.manifests()) {
            CompatReport report = shown(checker.check(manifest.pack(), schema.schema()));
            reports.add(report);
            if (!options.json()) {
                text.single(manifest, schema, report);
            }
        }
        if (options.json()) {
            out.println(JsonReport.write(reports.size() == 1 ? JsonReport.report(reports.get(0))
                    : JsonReport.array().addAll(reports.stream().map(JsonReport::report).toList())));
        }
        return reports.stream().allMatch(CompatReport::compatible);
    }

    private boolean fleet(CheckInputs inputs, PrintWriter out) {
        CompatChecker checker = new CompatChecker();
        List<WarehouseSchema> fleet = inputs.schemas().stream().map(CheckInputs.Schema::schema).toList();
        Map<String, List<String>> filesByFingerprint = new LinkedHashMap<>();
        for (CheckInputs.Schema s : inputs.schemas()) {
            filesByFingerprint.computeIfAbsent(s.schema().fingerprint(), k -> new ArrayList<>()).add(s.file());
        }
        TextReport text = new TextReport(out, !noWarnings);
        List<FleetReport> reports = new ArrayList<>();
        for (CheckInputs.Manifest manifest : inputs.manifests()) {
            FleetReport report = shown(checker.checkFleet(CompiledPack.compile(manifest.pack()), fleet));
            reports.add(report);
            if (!options.json()) {
                if (reports.size() > 1) {
                    out.println();
                }
                text.fleet(manifest, report, filesByFingerprint);
            }
        }
        if (options.json()) {
            out.println(JsonReport.write(reports.size() == 1 ? JsonReport.fleet(reports.get(0), filesByFingerprint)
                    : JsonReport.array().addAll(reports.stream()
                            .map(r -> JsonReport.fleet(r, filesByFingerprint)).toList())));
        }
        return reports.stream().allMatch(FleetReport::compatible);
    }

    /** The report as shown: without warnings under --no-warnings (they never decide compatibility). */
    private CompatReport shown(CompatReport report) {
        if (!noWarnings) {
            return report;
        }
        List<Problem> errors = report.problems().stream().filter(Problem::isError).toList();
        return new CompatReport(report.pack(), report.version(), report.fingerprint(), report.compatible(), errors);
    }

    private FleetReport shown(FleetReport report) {
        if (!noWarnings) {
            return report;
        }
        List<FleetReport.Entry> entries = report.fingerprints().stream()
                .map(e -> new FleetReport.Entry(e.fingerprint(), e.schemas(), e.accounts(), e.warehouses(),
                        shown(e.report()), e.verdicts()))
                .toList();
        return new FleetReport(report.pack(), report.version(), report.schemas(), report.compatible(), entries);
    }

    /** Reports are UTF-8 whatever the platform default: JSON must be, and the text has an em dash. */
    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }
}
