package io.packops.cli.upgrade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.check.CheckInputs;
import io.packops.cli.check.JsonReport;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.upgrade.BrokenItem;
import io.packops.compat.upgrade.rename.ColumnRename;
import io.packops.compat.upgrade.ModelChange;
import io.packops.compat.upgrade.rename.ModelRename;
import io.packops.compat.upgrade.QueryItem;
import io.packops.compat.upgrade.rename.RenameSuggestion;
import io.packops.compat.upgrade.Retype;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradeOutcome;
import io.packops.compat.upgrade.UpgradeProblem;

import java.util.List;

/**
 * {@code upgrade-check --format json}: one document, {@code {from, to, breaks, diff: {...}, packs: [...]}} (DESIGN,
 * "Upgrade diff"). Problems have DESIGN's report fields plus {@code cause}, {@code didYouMean} and {@code rename}.
 */
final class UpgradeJson {

    private UpgradeJson() {
    }

    static ObjectNode document(CheckInputs.Schema before, CheckInputs.Schema after, UpgradeDiff diff,
                               List<UpgradeCheckCommand.Checked> results) {
        ObjectNode doc = JsonReport.object().put("from", before.file()).put("to", after.file());
        doc.put("breaks", results.stream().anyMatch(r -> r.result().breaks()));
        diff(doc.putObject("diff"), before, after, diff);
        ArrayNode packs = doc.putArray("packs");
        for (UpgradeCheckCommand.Checked r : results) {
            ObjectNode pack = packs.addObject().put("file", r.manifest().file()).put("pack", r.result().pack())
                    .put("version", r.result().version());
            JsonReport.putIfSet(pack, "warehouse", r.result().warehouse());
            pack.put("breaks", r.result().breaks()).put("items", r.result().items());
            UpgradeOutcome o = r.result().outcome();
            items(pack.putArray("broken"), o.broken());
            items(pack.putArray("alreadyBroken"), o.alreadyBroken());
            ArrayNode fixed = pack.putArray("fixed");
            o.fixed().forEach(i -> item(fixed.addObject(), i));
        }
        return doc;
    }

    private static void diff(ObjectNode node, CheckInputs.Schema before, CheckInputs.Schema after, UpgradeDiff diff) {
        node.put("fingerprintFrom", before.schema().fingerprint())
                .put("fingerprintTo", after.schema().fingerprint())
                .put("fingerprintAfter", diff.applyTo(before.schema()).fingerprint());
        node.putObject("counts")
                .put("modelsRemoved", diff.modelsRemoved().size())
                .put("modelsAdded", diff.modelsAdded().size())
                .put("modelsChanged", diff.modelsChanged().size())
                .put("columnsRemoved", diff.columnsRemoved())
                .put("columnsAdded", diff.columnsAdded())
                .put("columnsRetyped", diff.columnsRetyped())
                .put("typeSpellingsChanged", diff.typeSpellingsChanged())
                .put("renames", diff.columnRenames().size() + diff.modelRenames().size());
        JsonReport.strings(node.putArray("modelsRemoved"), diff.modelsRemoved().stream().map(Relation::name).toList());
        JsonReport.strings(node.putArray("modelsAdded"), diff.modelsAdded().stream().map(Relation::name).toList());
        ArrayNode changed = node.putArray("modelsChanged");
        for (ModelChange c : diff.modelsChanged()) {
            ObjectNode m = changed.addObject().put("model", c.model());
            columns(m.putArray("columnsRemoved"), c.removed());
            columns(m.putArray("columnsAdded"), c.added());
            ArrayNode retyped = m.putArray("retyped");
            for (Retype t : c.retyped()) {
                ObjectNode r = retyped.addObject().put("column", t.column());
                r.putObject("from").put("type", t.from().type()).put("family", t.fromFamily().wireName());
                r.putObject("to").put("type", t.to().type()).put("family", t.toFamily().wireName());
            }
        }
        ArrayNode renames = node.putArray("renames");
        diff.columnRenames().forEach(r -> rename(renames.addObject(), r));
        diff.modelRenames().forEach(r -> rename(renames.addObject(), r));
    }

    private static void columns(ArrayNode array, List<Column> columns) {
        for (Column c : columns) {
            array.addObject().put("name", c.name()).put("type", c.type()).put("family", c.family().wireName());
        }
    }

    /** {@code {kind, model?, from, to, score, rule, reason, alternatives, sharedColumns?}}. */
    private static ObjectNode rename(ObjectNode node, RenameSuggestion r) {
        if (r instanceof ColumnRename c) {
            node.put("kind", "column").put("model", c.model());
        } else {
            node.put("kind", "model");
        }
        node.put("from", r.from()).put("to", r.to()).put("score", r.score()).put("rule", r.rule().wireName())
                .put("reason", r.reason());
        JsonReport.strings(node.putArray("alternatives"), r.alternatives());
        if (r instanceof ModelRename m) {
            node.put("sharedColumns", m.sharedColumns());
        }
        return node;
    }

    private static void items(ArrayNode array, List<BrokenItem> items) {
        for (BrokenItem b : items) {
            ObjectNode node = item(array.addObject(), b.item());
            problems(node.putArray("problems"), b.problems());
            if (!b.addedByUpgrade().isEmpty()) {
                problems(node.putArray("addedByUpgrade"), b.addedByUpgrade());
            }
        }
    }

    private static ObjectNode item(ObjectNode node, QueryItem item) {
        JsonReport.putIfSet(node, "dashboard", item.dashboard());
        JsonReport.putIfSet(node, "tile", item.tile());
        JsonReport.putIfSet(node, "kpi", item.kpi());
        return node;
    }

    private static void problems(ArrayNode array, List<UpgradeProblem> problems) {
        for (UpgradeProblem p : problems) {
            ObjectNode node = JsonReport.problem(array.addObject(), p.problem());
            JsonReport.putIfSet(node, "cause", p.cause());
            JsonReport.putIfSet(node, "didYouMean", p.didYouMean());
            if (p.rename() != null) {
                rename(node.putObject("rename"), p.rename());
            }
        }
    }
}
