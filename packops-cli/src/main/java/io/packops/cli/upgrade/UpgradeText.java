package io.packops.cli.upgrade;

import io.packops.cli.check.CheckInputs;
import io.packops.cli.check.PackLayout;
import io.packops.cli.check.TextReport;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.upgrade.BrokenItem;
import io.packops.compat.upgrade.rename.ColumnRename;
import io.packops.compat.upgrade.ModelChange;
import io.packops.compat.upgrade.PackUpgrade;
import io.packops.compat.upgrade.QueryItem;
import io.packops.compat.upgrade.rename.RenameSuggestion;
import io.packops.compat.upgrade.Retype;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradeOutcome;
import io.packops.compat.upgrade.UpgradeProblem;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code upgrade-check}'s text: the package diff in a few lines (every removed column named; long lists of added
 * ones cut), then per pack the tiles the upgrade breaks as {@code packops check} prints problems (with the cause and
 * {@code did you mean …?}), the tiles already broken before it, those it fixes, and a verdict.
 */
final class UpgradeText {

    private static final int MODELS_LISTED = 8;
    private static final int ADDED_LISTED = 6;
    private static final int RETYPED_LISTED = 3;

    private final PrintWriter out;

    UpgradeText(PrintWriter out) {
        this.out = out;
    }

    void report(CheckInputs.Schema before, CheckInputs.Schema after, UpgradeDiff diff,
                List<UpgradeCheckCommand.Checked> results) {
        summary(before.file(), after.file(), diff);
        for (UpgradeCheckCommand.Checked r : results) {
            out.println();
            pack(r.manifest(), r.result());
        }
        if (results.size() > 1) {
            long breaking = results.stream().filter(r -> r.result().breaks()).count();
            out.println();
            out.println("the upgrade breaks " + breaking + " of " + results.size() + " packs");
        }
    }

    private void summary(String from, String to, UpgradeDiff diff) {
        out.println("dbt package upgrade " + from + " → " + to + ":");
        if (diff.isEmpty()) {
            out.println("  no model or column removed, added or retyped (" + count(diff.typeSpellingsChanged(),
                    "type spelling") + " changed within a type family: not a change)");
            return;
        }
        out.println("  models: " + diff.modelsRemoved().size() + " removed, " + diff.modelsAdded().size() + " added, "
                + diff.modelsChanged().size() + " changed; columns: " + diff.columnsRemoved() + " removed, "
                + diff.columnsAdded() + " added, " + diff.columnsRetyped() + " retyped by type family ("
                + count(diff.typeSpellingsChanged(), "type spelling") + " changed within a type family: not a change)");
        if (diff.columnsRetyped() > 0) {
            Map<String, Integer> kinds = new LinkedHashMap<>();
            diff.modelsChanged().stream().flatMap(c -> c.retyped().stream())
                    .forEach(t -> kinds.merge(t.fromFamily().wireName() + " → " + t.toFamily().wireName(), 1, Integer::sum));
            List<String> byCount = kinds.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .map(e -> e.getKey() + " " + e.getValue()).toList();
            out.println("  retyped: " + String.join(", ", byCount));
        }
        if (!diff.modelsRemoved().isEmpty()) {
            out.println("  models removed: " + listed(diff.modelsRemoved(), Relation::name, Integer.MAX_VALUE));
        }
        if (!diff.modelsAdded().isEmpty()) {
            out.println("  models added: " + listed(diff.modelsAdded(), Relation::name, MODELS_LISTED));
        }
        for (ModelChange c : diff.modelsChanged()) {
            List<String> parts = new ArrayList<>();
            if (!c.removed().isEmpty()) {
                parts.add("removed " + listed(c.removed(), Column::name, Integer.MAX_VALUE));
            }
            if (!c.added().isEmpty()) {
                parts.add("added " + listed(c.added(), Column::name, ADDED_LISTED));
            }
            if (!c.retyped().isEmpty()) {
                parts.add("retyped " + listed(c.retyped(), UpgradeText::retype, RETYPED_LISTED));
            }
            out.println("  " + c.model() + ": " + String.join("; ", parts));
        }
        List<RenameSuggestion> renames = new ArrayList<>(diff.modelRenames());
        renames.addAll(diff.columnRenames());
        if (!renames.isEmpty()) {
            out.println("  renames suggested, not applied (check each before you rely on it):");
            for (RenameSuggestion r : renames) {
                String was = r instanceof ColumnRename c ? c.model() + "." + r.from() : "model " + r.from();
                out.println("    " + was + " → " + r.to() + String.format(Locale.ROOT, " (%.2f: ", r.score()) + r.reason()
                        + (r.alternatives().isEmpty() ? "" : "; also " + String.join(", ", r.alternatives())) + ")");
            }
        }
        out.println("  sources are not compared (the connector's tables, not the package's; the old catalog's are kept)");
    }

    private static String retype(Retype t) {
        return t.column() + " " + t.fromFamily().wireName() + " → " + t.toFamily().wireName();
    }

    private void pack(CheckInputs.Manifest manifest, PackUpgrade result) {
        PackLayout layout = new PackLayout(manifest.pack());
        String file = manifest.file();
        UpgradeOutcome o = result.outcome();
        String name = result.pack() + " " + result.version();
        out.println(name + " (" + file + "):");
        for (BrokenItem b : o.broken()) {
            problems(file, layout, b.problems(), "");
        }
        if (!o.alreadyBroken().isEmpty()) {
            out.println("already broken before the upgrade (not caused by it):");
            for (BrokenItem b : o.alreadyBroken()) {
                problems(file, layout, b.problems(), "");
                problems(file, layout, b.addedByUpgrade(), " (new in this already-broken tile)");
            }
        }
        if (!o.fixed().isEmpty()) {
            out.println("fixed by the upgrade: " + String.join(", ", o.fixed().stream().map(QueryItem::label).toList()));
        }
        long errors = o.broken().stream().mapToLong(b -> b.problems().size()).sum();
        String rest = (o.alreadyBroken().isEmpty() ? "" : "; " + o.alreadyBroken().size() + " already broken before it")
                + (o.fixed().isEmpty() ? "" : "; " + o.fixed().size() + " fixed by it");
        out.println(name + ": " + (result.breaks()
                ? "BREAKS on the upgrade — " + o.broken().size() + " of " + result.items()
                + " tiles/KPIs compile before it and not after (" + count(errors, "error") + ")"
                : "safe to upgrade — none of its " + result.items() + " tiles/KPIs breaks") + rest);
    }

    private void problems(String file, PackLayout layout, List<UpgradeProblem> problems, String suffix) {
        problems.stream().sorted(Comparator.comparingInt(p -> layout.fileLine(p.problem()))).forEach(p -> {
            String more = (p.cause() == null ? "" : " — " + p.cause())
                    + (p.didYouMean() == null ? "" : "; did you mean " + p.didYouMean() + "?") + suffix;
            out.println(TextReport.line(file, layout, p.problem(), more));
        });
    }

    private static <T> String listed(List<T> values, Function<T, String> name, int limit) {
        List<String> shown = values.stream().limit(limit).map(name).toList();
        String more = values.size() > limit ? " and " + (values.size() - limit) + " more" : "";
        return String.join(", ", shown) + more;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
