package io.packops.compat.schema;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the relations of a dbt {@code catalog.json} (artifact schema v1).
 *
 * <ul>
 *   <li>{@code sources} entries are sources; source and table name come from the unique id
 *       {@code source.<package>.<source>.<table>}, which is what {@code source('stripe', 'account')}
 *       refers to, and not from {@code metadata.name}, the physical table (maybe {@code account_data}).</li>
 *   <li>{@code nodes} entries whose unique id starts with {@code model.}, {@code seed.} or
 *       {@code snapshot.} are models named by the third segment, what {@code ref('name')} refers to;
 *       other resource types (tests, analyses, ...) are skipped. Of a versioned model
 *       ({@code model.<package>.<name>.v2}) only the highest version is kept, under the plain name,
 *       because that is what an unpinned {@code ref('name')} resolves to by default.</li>
 *   <li>{@code columns} is an object keyed by column name; columns are ordered by {@code index}, named
 *       by their {@code name} field (else the key), typed by {@code type}.</li>
 * </ul>
 * The catalog's own {@code errors} (relations dbt could not describe) are not reported here: those
 * relations are simply absent, as they would be from the warehouse.
 */
final class DbtCatalog {

    private static final Set<String> MODEL_RESOURCES = Set.of("model", "seed", "snapshot");
    private static final Pattern SCHEMA_VERSION = Pattern.compile("(?:^|/)([a-z][a-z_-]*)/v(\\d+)(?:\\.json)?$");

    private DbtCatalog() {
    }

    static boolean looksLikeCatalog(JsonNode root) {
        return root.has("nodes") || root.has("sources") || root.path("metadata").has("dbt_schema_version");
    }

    static void read(JsonNode catalog, String pointer, SchemaCollector out) {
        if (!catalog.isObject()) {
            out.error(pointer, "a dbt catalog must be an object with \"nodes\" and \"sources\"");
            return;
        }
        if (!supportedVersion(catalog, pointer, out)) {
            return;
        }
        JsonNode sources = entries(catalog, "sources", pointer, out);
        if (sources != null) {
            String sourcesPointer = pointer + "/sources";
            for (Map.Entry<String, JsonNode> e : sources.properties()) {
                if (!out.admitRelation(sourcesPointer)) {
                    return;
                }
                source(e.getKey(), e.getValue(), JsonLocations.child(sourcesPointer, e.getKey()), out);
            }
        }
        JsonNode nodes = entries(catalog, "nodes", pointer, out);
        if (nodes != null) {
            String nodesPointer = pointer + "/nodes";
            Map<String, String> latest = latestVersions(nodes);
            for (Map.Entry<String, JsonNode> e : nodes.properties()) {
                NodeId id = NodeId.parse(uniqueId(e.getKey(), e.getValue()));
                if (id == null || !MODEL_RESOURCES.contains(id.resource())
                        || id.version() != null && !id.version().equals(latest.get(id.key()))) {
                    continue;
                }
                if (!out.admitRelation(nodesPointer)) {
                    return;
                }
                relation(JsonLocations.child(nodesPointer, e.getKey()), e.getValue(), RelationKind.MODEL,
                        null, id.name(), out);
            }
        }
    }

    private static boolean supportedVersion(JsonNode catalog, String pointer, SchemaCollector out) {
        JsonNode version = catalog.path("metadata").path("dbt_schema_version");
        String versionPointer = pointer + "/metadata/dbt_schema_version";
        if (version.isMissingNode() || version.isNull()) {
            return true; // hand-made or trimmed catalogs: judge by their content
        }
        if (!version.isTextual()) {
            out.error(versionPointer, "must be a string such as \"https://schemas.getdbt.com/dbt/catalog/v1.json\"");
            return false;
        }
        Matcher m = SCHEMA_VERSION.matcher(version.asText().strip());
        if (!m.find()) {
            out.error(versionPointer, "unrecognised dbt artifact schema version \"" + version.asText()
                    + "\": expected a catalog, schema catalog/v1");
            return false;
        }
        String artifact = m.group(1) + "/v" + m.group(2);
        if (!m.group(1).equals("catalog")) {
            out.error(versionPointer, "this is a dbt " + artifact + " artifact, not a catalog: use the"
                    + " target/catalog.json written by `dbt docs generate`");
            return false;
        }
        if (!m.group(2).equals("1")) {
            out.error(versionPointer, "unsupported dbt catalog schema version " + artifact
                    + " (supported: catalog/v1)");
            return false;
        }
        return true;
    }

    /** The {@code sources} or {@code nodes} object, or null when absent or not an object (reported). */
    private static JsonNode entries(JsonNode catalog, String field, String pointer, SchemaCollector out) {
        JsonNode node = catalog.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            out.error(pointer + "/" + field, "must be an object keyed by unique_id");
            return null;
        }
        return node;
    }

    private static void source(String key, JsonNode entry, String pointer, SchemaCollector out) {
        String uniqueId = uniqueId(key, entry);
        String[] parts = uniqueId.split("\\.", 4);
        if (parts.length < 4 || !parts[0].equals("source") || parts[2].isBlank() || parts[3].isBlank()) {
            out.error(pointer, "unique_id \"" + uniqueId + "\" is not of the form source.<package>.<source>.<table>");
            return;
        }
        relation(pointer, entry, RelationKind.SOURCE, parts[2], parts[3], out);
    }

    private static void relation(String pointer, JsonNode entry, RelationKind kind, String sourceName, String name,
                                 SchemaCollector out) {
        if (!entry.isObject()) {
            out.error(pointer, "a catalog entry must be an object with \"columns\"");
            return;
        }
        JsonNode columns = entry.get("columns");
        String columnsPointer = pointer + "/columns";
        SchemaCollector.Columns collected = out.columns();
        if (columns != null && !columns.isNull()) {
            if (!columns.isObject()) {
                out.error(columnsPointer, "must be an object keyed by column name");
                return;
            }
            if (!out.admitColumns(columnsPointer, columns.size())) {
                return;
            }
            for (Map.Entry<String, JsonNode> c : byIndex(columns)) {
                column(c.getKey(), c.getValue(), JsonLocations.child(columnsPointer, c.getKey()), collected, out);
            }
        }
        out.relation(pointer, new Relation(name, kind, sourceName, collected.list()));
    }

    private static void column(String key, JsonNode column, String pointer, SchemaCollector.Columns collected,
                               SchemaCollector out) {
        if (!column.isObject()) {
            out.error(pointer, "a column must be an object with \"name\", \"type\" and \"index\"");
            return;
        }
        JsonNode name = column.get("name");
        JsonNode type = column.get("type");
        if (type != null && !type.isNull() && !type.isTextual()) {
            out.error(pointer + "/type", "must be a string");
            return;
        }
        String columnName = name != null && name.isTextual() && !name.asText().isBlank() ? name.asText() : key;
        collected.add(pointer, Column.of(columnName, type == null || type.isNull() ? "" : type.asText()));
    }

    /** Columns in {@code index} order; entries without a numeric index keep their place after those with one. */
    private static List<Map.Entry<String, JsonNode>> byIndex(JsonNode columns) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>(columns.properties());
        list.sort(Comparator.comparingLong(e -> e.getValue().path("index").isIntegralNumber()
                ? e.getValue().path("index").asLong() : Long.MAX_VALUE));
        return list;
    }

    private static String uniqueId(String key, JsonNode entry) {
        JsonNode id = entry.path("unique_id");
        return id.isTextual() && !id.asText().isBlank() ? id.asText() : key;
    }

    /** Highest version of each versioned model, by lower-cased name. */
    private static Map<String, String> latestVersions(JsonNode nodes) {
        Map<String, String> latest = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : nodes.properties()) {
            NodeId id = NodeId.parse(uniqueId(e.getKey(), e.getValue()));
            if (id != null && id.version() != null) {
                latest.merge(id.key(), id.version(), (a, b) -> compareVersions(a, b) >= 0 ? a : b);
            }
        }
        return latest;
    }

    /** dbt orders versions numerically when they are numbers. */
    private static int compareVersions(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    /** {@code <resource>.<package>.<name>[.v<version>]}. */
    private record NodeId(String resource, String name, String version) {

        static NodeId parse(String uniqueId) {
            String[] parts = uniqueId.split("\\.", 4);
            if (parts.length < 3 || parts[2].isBlank()) {
                return null;
            }
            String version = parts.length == 4 ? parts[3].replaceFirst("^[vV]", "") : null;
            return new NodeId(parts[0], parts[2], version);
        }

        String key() {
            return resource + ":" + name.toLowerCase(Locale.ROOT);
        }
    }
}
