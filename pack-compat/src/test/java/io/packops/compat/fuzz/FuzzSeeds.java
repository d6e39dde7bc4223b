package io.packops.compat.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.Kpi;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.Tile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Valid documents the fuzz targets start from: the sample packs, their queries, small real catalogs. */
final class FuzzSeeds {

    static final Path PACKS = Path.of("..", "packs");
    /** Leaks of Java internals that no message to a pack author may carry. */
    static final Pattern LEAK = Pattern.compile("\\b(?:java|javax|jdk|sun|org\\.yaml|com\\.fasterxml|net\\.sf|io\\.packops)\\.[\\w.$]*[A-Z]\\w*"
            + "|\\b\\w+(?:Exception|Error)\\b|\\bat [\\w.$]+\\(");
    private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\"[^\"\\n]*\"");

    /** A message without what it quotes of the author's own input (which may well name a Java class). */
    static String unquoted(String message) {
        return QUOTED.matcher(message).replaceAll("''");
    }

    /** Each sample pack cut to its first dashboard's first two tiles and first KPI: mutating is cheaper on small trees. */
    @SuppressWarnings("unchecked")
    static List<String> smallManifests() {
        org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml();
        List<String> small = new ArrayList<>();
        for (String m : manifests()) {
            Map<String, Object> doc = yaml.load(m);
            List<Map<String, Object>> dashboards = (List<Map<String, Object>>) doc.get("dashboards");
            if (dashboards != null && !dashboards.isEmpty()) {
                Map<String, Object> first = dashboards.get(0);
                List<Object> tiles = (List<Object>) first.get("tiles");
                first.put("tiles", new ArrayList<>(tiles.subList(0, Math.min(2, tiles.size()))));
                doc.put("dashboards", new ArrayList<>(List.of(first)));
            }
            List<Object> kpis = (List<Object>) doc.get("kpis");
            if (kpis != null && !kpis.isEmpty()) {
                doc.put("kpis", new ArrayList<>(kpis.subList(0, 1)));
            }
            small.add(yaml.dump(doc));
        }
        return small;
    }

    private FuzzSeeds() {
    }

    static List<String> manifests() {
        try (Stream<Path> files = Files.walk(PACKS, 2)) {
            List<String> texts = new ArrayList<>();
            for (Path p : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                texts.add(Files.readString(p));
            }
            texts.add(Files.readString(Path.of("src/test/resources/manifests/stripe-revenue.yaml")));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every tile and KPI query of the sample packs. */
    static List<String> queries() {
        List<String> queries = new ArrayList<>();
        for (String m : manifests()) {
            DashboardPack pack = ManifestReader.read(m).pack();
            pack.dashboards().forEach(d -> d.tiles().stream().map(Tile::sql).forEach(queries::add));
            pack.kpis().stream().map(Kpi::sql).forEach(queries::add);
        }
        return queries;
    }

    /**
     * Small schemas in every accepted form: the compile cases' native schema, an envelope holding a cut-down
     * real dbt catalog (a few nodes and sources), and that catalog bare.
     */
    static List<String> schemas() {
        try {
            ObjectMapper json = new ObjectMapper();
            String nativeSchema = Files.readString(Path.of("src/test/resources/compile-cases/schema.json"));
            ObjectNode catalog = (ObjectNode) json.readTree(PACKS.resolve("catalogs/github.catalog.json").toFile());
            for (String section : List.of("nodes", "sources")) {
                ObjectNode kept = json.createObjectNode();
                int n = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path(section).fields(); it.hasNext() && n < 3; n++) {
                    Map.Entry<String, JsonNode> e = it.next();
                    kept.set(e.getKey(), e.getValue());
                }
                catalog.set(section, kept);
            }
            ObjectNode envelope = json.createObjectNode().put("accountId", "acct_1").put("connector", "github")
                    .put("warehouse", "snowflake").put("capturedAt", "2026-11-25T10:00:00Z");
            envelope.set("dbtCatalog", catalog);
            return List.of(nativeSchema, json.writeValueAsString(envelope), json.writeValueAsString(catalog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
