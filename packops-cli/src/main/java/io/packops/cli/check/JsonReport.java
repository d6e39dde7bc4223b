package io.packops.cli.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.FleetReport;
import io.packops.compat.check.Problem;

import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * DESIGN's compatibility report as JSON, built as a tree (no reflection, so it works the same in a
 * native image). Null fields of a problem are left out.
 */
final class JsonReport {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {pack, version, fingerprint, compatible, problems}}. */
    static ObjectNode report(CompatReport report) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("pack", report.pack())
                .put("version", report.version())
                .put("fingerprint", report.fingerprint())
                .put("compatible", report.compatible());
        problems(node.putArray("problems"), report.problems());
        return node;
    }

    /**
     * {@code {pack, version, schemas, compatible, fingerprints: [{fingerprint, schemas, accounts, warehouses,
     * files, compatible, problems}]}}; {@code files} are the inputs that had the fingerprint.
     */
    static ObjectNode fleet(FleetReport report, Map<String, List<String>> filesByFingerprint) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("pack", report.pack())
                .put("version", report.version())
                .put("schemas", report.schemas())
                .put("compatible", report.compatible());
        ArrayNode fingerprints = node.putArray("fingerprints");
        for (FleetReport.Entry e : report.fingerprints()) {
            ObjectNode entry = fingerprints.addObject()
                    .put("fingerprint", e.fingerprint())
                    .put("schemas", e.schemas());
            strings(entry.putArray("accounts"), e.accounts());
            strings(entry.putArray("warehouses"), e.warehouses());
            strings(entry.putArray("files"), filesByFingerprint.getOrDefault(e.fingerprint(), List.of()));
            entry.put("compatible", e.report().compatible());
            problems(entry.putArray("problems"), e.report().problems());
            ArrayNode verdicts = entry.putArray("byWarehouse");
            for (FleetReport.WarehouseVerdict v : e.verdicts()) {
                ObjectNode w = verdicts.addObject();
                putIfSet(w, "warehouse", v.warehouse());
                w.put("schemas", v.schemas());
                strings(w.putArray("accounts"), v.accounts());
                w.put("compatible", v.compatible());
                w.put("errors", v.problems().stream().filter(Problem::isError).count());
            }
        }
        return node;
    }

    private static void problems(ArrayNode array, List<Problem> problems) {
        for (Problem p : problems) {
            ObjectNode node = array.addObject();
            node.put("severity", p.severity().wireName());
            putIfSet(node, "code", p.code());
            putIfSet(node, "dashboard", p.dashboard());
            putIfSet(node, "tile", p.tile());
            putIfSet(node, "kpi", p.kpi());
            putIfSet(node, "relation", p.relation());
            putIfSet(node, "column", p.column());
            if (p.line() != null) {
                node.put("line", p.line());
            }
            if (p.fileLine() != null) {
                node.put("fileLine", p.fileLine());
            }
            putIfSet(node, "detail", p.detail());
            putIfSet(node, "warehouse", p.warehouse());
        }
    }

    private static void strings(ArrayNode array, Collection<String> values) {
        values.forEach(array::add);
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
