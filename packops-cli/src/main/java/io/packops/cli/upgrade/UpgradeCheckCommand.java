package io.packops.cli.upgrade;

import io.packops.cli.exit.ExitCodes;
import io.packops.cli.check.CheckInputs;
import io.packops.cli.check.JsonReport;
import io.packops.cli.check.OfflineOptions;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.upgrade.PackUpgrade;
import io.packops.compat.upgrade.UpgradeCheck;
import io.packops.compat.upgrade.UpgradeDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code packops upgrade-check}: which tiles and KPIs of pack manifests an upgrade of their dbt package breaks, from
 * the package's old and new {@code catalog.json}, offline, for a pack author's CI. Inputs are read as
 * {@code packops check} reads them; the diff and the check are pack-compat's {@code upgrade} package.
 */
@Command(name = "upgrade-check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Check pack manifests against an upgrade of their dbt package, offline: every tile and KPI that "
                        + "compiles against the old catalog and not against the new one, with its line, the column or "
                        + "model, and the rename suggested for it; tiles already broken on the old catalog are listed "
                        + "apart. Then a summary of the package diff (models and columns removed, added, retyped by "
                        + "type family; renames suggested, never applied)."},
        footer = {"",
                "--from and --to take a dbt catalog.json (or the native schema JSON, or its envelope with "
                        + "\"dbtCatalog\"). Only models are compared: sources are the connector's tables, and the old "
                        + "catalog's are kept.",
                "Exit codes: 0 no pack breaks, 1 some pack breaks, 2 bad input or usage (every problem listed), "
                        + "3 internal error.",
                "",
                "Examples:",
                "  packops upgrade-check packs/stripe-revenue/1.3.0.yaml --from old/catalog.json --to new/catalog.json",
                "  packops upgrade-check packs/catalog-history/stripe/readers/disputes.yaml"
                        + " --from packs/catalog-history/stripe/33-2024-09-25-e2677a5.catalog.json"
                        + " --to packs/catalog-history/stripe/34-2024-10-02-7cfdfc5.catalog.json --format json"})
public class UpgradeCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<manifest.yaml>", arity = "1..*", description = "Pack manifests (packops/v1 DashboardPack).")
    List<String> manifests = new ArrayList<>();

    @Option(names = "--from", required = true, paramLabel = "<catalog.json>",
            description = "The catalog of the package release the accounts run now.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "<catalog.json>",
            description = "The catalog of the release they would upgrade to.")
    String to;

    @Mixin
    OfflineOptions options;

    @Override
    public Integer call() {
        CheckInputs inputs = CheckInputs.read(manifests, List.of(from, to), options.warehouse);
        List<String> errors = new ArrayList<>(inputs.errors());
        if (errors.isEmpty()) {
            for (CheckInputs.Schema s : inputs.schemas()) {
                if (s.schema().relations().stream().noneMatch(r -> r.kind() == RelationKind.MODEL)) {
                    errors.add(s.file() + ": error: has no dbt models: an upgrade check compares the models of two"
                            + " releases of a package (give their catalog.json)");
                }
            }
        }
        if (!errors.isEmpty()) {
            PrintWriter err = utf8(System.err);
            errors.forEach(err::println);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        CheckInputs.Schema before = inputs.schemas().get(0);
        CheckInputs.Schema after = inputs.schemas().get(1);
        UpgradeDiff diff = UpgradeDiff.between(before.schema(), after.schema());
        UpgradeCheck check = new UpgradeCheck();
        List<Checked> results = new ArrayList<>();
        for (CheckInputs.Manifest m : inputs.manifests()) {
            results.add(new Checked(m, check.check(CompiledPack.compile(m.pack()), before.schema(), diff)));
        }

        PrintWriter out = utf8(System.out);
        if (options.json()) {
            out.println(JsonReport.write(UpgradeJson.document(before, after, diff, results)));
        } else {
            new UpgradeText(out).report(before, after, diff, results);
        }
        out.flush();
        return results.stream().anyMatch(r -> r.result().breaks()) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** One manifest and what the upgrade does to it. */
    record Checked(CheckInputs.Manifest manifest, PackUpgrade result) {
    }

    /** Reports are UTF-8 whatever the platform default, as {@code packops check}'s. */
    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }
}
