package io.packops.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Why the release gate says what it says: each error of the gate's report once, in the manifest's line order, in
 * {@code packops check}'s compiler style, with the accounts and warehouses it breaks (summed over the schema
 * fingerprints that have it), then what is missing from the fleet's schemas and how to fix it.
 */
final class GateProblems {

    /** One error as the pack author reads it, and where in the fleet it breaks. */
    private static final class Row {
        final JsonNode problem;
        long accounts;
        final TreeSet<String> warehouses = new TreeSet<>();

        Row(JsonNode problem) {
            this.problem = problem;
        }
    }

    private GateProblems() {
    }

    static void print(PrintWriter out, String file, JsonNode gate) {
        Map<String, Row> rows = new LinkedHashMap<>();
        int warnings = 0;
        for (JsonNode fp : gate.path("fingerprints")) {
            for (JsonNode p : fp.path("problems")) {
                if (!"error".equals(p.path("severity").asText())) {
                    warnings++;
                    continue;
                }
                Row row = rows.computeIfAbsent(key(p), k -> new Row(p));
                if (p.path("warehouses").isArray() && fp.path("accountsByWarehouse").isObject()) {
                    // found on some warehouses of the fingerprint only (a dialect): their accounts, not all of it
                    p.path("warehouses").forEach(w -> {
                        row.accounts += fp.path("accountsByWarehouse").path(w.asText()).asLong();
                        row.warehouses.add(w.asText());
                    });
                } else {
                    row.accounts += fp.path("accounts").asLong();
                    fp.path("warehouses").forEach(w -> row.warehouses.add(w.asText()));
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        List<Row> ordered = new ArrayList<>(rows.values());
        ordered.sort(Comparator.comparingInt((Row r) -> r.problem.path("fileLine").asInt(Integer.MAX_VALUE))
                .thenComparing(r -> r.problem.path("detail").asText()));
        // what the fleet's schemas lack, by relation: the short list a pack author fixes
        Map<String, TreeSet<String>> missing = new TreeMap<>();
        for (Row r : ordered) {
            JsonNode p = r.problem;
            int line = p.path("fileLine").asInt(0);
            out.println("  " + file + (line > 0 ? ":" + line : "") + ": error " + p.path("code").asText() + ": "
                    + p.path("detail").asText() + " [" + label(p) + "] — " + r.accounts + " account" + (r.accounts == 1 ? "" : "s")
                    + " on " + r.warehouses);
            String relation = p.path("relation").asText("");
            if (p.path("code").asText().equals("MISSING_COLUMN") && !relation.isEmpty()) {
                missing.computeIfAbsent(relation, k -> new TreeSet<>()).add(p.path("column").asText());
            } else if (p.path("code").asText().equals("MISSING_RELATION") && !relation.isEmpty()) {
                missing.computeIfAbsent(relation, k -> new TreeSet<>());
            }
        }
        if (!missing.isEmpty()) {
            List<String> refs = new ArrayList<>();
            missing.forEach((relation, columns) -> refs.add(columns.isEmpty() ? relation + " (the whole model)"
                    : relation + "." + (columns.size() == 1 ? columns.first() : "{" + String.join(", ", columns) + "}")));
            out.println("  fix: the customers' schemas have no " + String.join(", ", refs)
                    + ": read the columns they have (or guard the tiles that need these), then publish it as a new version");
        }
        if (warnings > 0) {
            out.println("  (and " + warnings + " warning" + (warnings == 1 ? "" : "s") + ": ./packops check " + file
                    + " --catalog <catalog.json> lists them)");
        }
    }

    private static String key(JsonNode p) {
        return String.join("|", p.path("code").asText(), label(p), p.path("relation").asText(), p.path("column").asText(),
                p.path("fileLine").asText(), p.path("detail").asText());
    }

    private static String label(JsonNode p) {
        return p.path("kpi").isTextual() ? "kpis/" + p.path("kpi").asText()
                : p.path("dashboard").asText("?") + "/" + p.path("tile").asText("?");
    }
}
