package io.packops.cli.check;

import io.packops.compat.check.CompatReport;
import io.packops.compat.check.FleetReport;
import io.packops.compat.check.Problem;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Compiler-style text: one line per problem ({@code file:line: error CODE: detail [dashboard/tile]}),
 * grouped by tile/KPI in manifest order, then a verdict line per schema fingerprint and per pack.
 */
final class TextReport {

    private static final int FINGERPRINT_CHARS = 12;
    private static final int LISTED = 3;

    private final PrintWriter out;
    private final boolean warningsShown;

    TextReport(PrintWriter out, boolean warningsShown) {
        this.out = out;
        this.warningsShown = warningsShown;
    }

    /** One pack against one schema. */
    void single(CheckInputs.Manifest manifest, CheckInputs.Schema schema, CompatReport report) {
        PackLayout layout = new PackLayout(manifest.pack());
        problems(manifest.file(), layout, report);
        out.println(report.pack() + " " + report.version() + " vs " + shortFingerprint(report.fingerprint())
                + " (" + schema.file() + "): " + verdict(report, layout));
    }

    /** One pack against several schemas: problems and verdict per distinct fingerprint, then a summary. */
    void fleet(CheckInputs.Manifest manifest, FleetReport fleet, Map<String, List<String>> filesByFingerprint) {
        PackLayout layout = new PackLayout(manifest.pack());
        String pack = fleet.pack() + " " + fleet.version();
        out.println(pack + " vs " + count(fleet.schemas(), "schema") + " in "
                + count(fleet.fingerprints().size(), "fingerprint"));
        for (FleetReport.Entry e : fleet.fingerprints()) {
            String fingerprint = "fingerprint " + shortFingerprint(e.fingerprint());
            out.println();
            out.println(fingerprint + " (" + count(e.schemas(), "schema") + "; " + accounts(e.accounts()) + "; "
                    + warehouses(e.warehouses()) + "): "
                    + listed(filesByFingerprint.getOrDefault(e.fingerprint(), List.of())));
            problems(manifest.file(), layout, e.report());
            out.println(fingerprint + ": " + verdict(e.report(), layout));
            if (e.verdicts().size() > 1 && e.verdicts().stream().anyMatch(v -> v.compatible() != e.report().compatible())) {
                for (FleetReport.WarehouseVerdict v : e.verdicts()) {
                    out.println("  on " + (v.warehouse() == null ? "an unnamed warehouse" : v.warehouse()) + " ("
                            + count(v.schemas(), "schema") + "): " + (v.compatible() ? "compatible" : "INCOMPATIBLE"));
                }
            }
        }
        long badFingerprints = fleet.fingerprints().stream().filter(e -> !e.report().compatible()).count();
        long badAccounts = fleet.fingerprints().stream().filter(e -> !e.report().compatible())
                .mapToLong(e -> e.accounts().size()).sum();
        out.println();
        out.println(pack + " vs " + count(fleet.schemas(), "schema") + ": "
                + (fleet.compatible() ? "compatible" : "INCOMPATIBLE") + " — "
                + badFingerprints + " of " + fleet.fingerprints().size() + " fingerprints ("
                + fleet.incompatibleSchemas() + " of " + fleet.schemas() + " schemas"
                + (badAccounts > 0 ? ", " + count(badAccounts, "account") : "") + ") incompatible");
    }

    private void problems(String file, PackLayout layout, CompatReport report) {
        for (Problem p : layout.ordered(report.problems())) {
            int line = layout.fileLine(p);
            out.println(file + (line > 0 ? ":" + line : "") + ": " + p.severity().wireName() + " " + p.code() + ": "
                    + p.detail() + " [" + PackLayout.label(p) + (p.warehouse() == null ? "" : ", " + p.warehouse()) + "]");
        }
    }

    private String verdict(CompatReport report, PackLayout layout) {
        String verdict = report.compatible() ? "compatible" : "INCOMPATIBLE";
        if (report.problems().isEmpty()) {
            return verdict + " — no " + (warningsShown ? "problems" : "errors") + " in " + layout.items()
                    + " tiles/KPIs";
        }
        return verdict + " — " + count(report.errorCount(), "error")
                + (warningsShown ? ", " + count(report.warningCount(), "warning") : "")
                + " in " + layout.itemsAffected(report.problems()) + " of " + layout.items() + " tiles/KPIs";
    }

    /** {@code 736387e162c4} for {@code sha256:736387e162c4...}, like a short git hash. */
    static String shortFingerprint(String fingerprint) {
        String hash = fingerprint.substring(fingerprint.indexOf(':') + 1);
        return hash.length() <= FINGERPRINT_CHARS ? hash : hash.substring(0, FINGERPRINT_CHARS);
    }

    private static String accounts(Collection<String> accounts) {
        return accounts.isEmpty() ? "no account ids" : count(accounts.size(), "account") + ": " + listed(accounts);
    }

    private static String warehouses(Collection<String> warehouses) {
        return warehouses.isEmpty() ? "warehouse not set"
                : (warehouses.size() == 1 ? "warehouse " : "warehouses ") + String.join(", ", warehouses);
    }

    private static String listed(Collection<String> values) {
        List<String> shown = values.stream().limit(LISTED).toList();
        String more = values.size() > LISTED ? " and " + (values.size() - LISTED) + " more" : "";
        return String.join(", ", shown) + more;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
