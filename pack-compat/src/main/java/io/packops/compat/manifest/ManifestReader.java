package io.packops.compat.manifest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a {@code packops/v1} DashboardPack manifest into immutable records, or reports every error in
 * it with a path ({@code dashboards[1].tiles[0].sql}), a 1-based line and column, and a message.
 * Never throws for bad input: malformed YAML is one error, invalid content is as many as it has.
 */
public final class ManifestReader {

    public static final String API_VERSION = "packops/v1";
    public static final String KIND = "DashboardPack";
    public static final int MAX_SQL_CHARS = 100_000;
    public static final int MAX_DASHBOARDS = 200;
    public static final int MAX_TILES_PER_DASHBOARD = 200;
    public static final int MAX_KPIS = 500;
    /**
     * Bounds on a whole pack, so one manifest cannot keep a service's CPU busy for minutes: SQL parsing costs
     * about 10-30 µs per character at worst (long IN lists). Real packs have about a dozen queries, 7,000
     * characters in all.
     */
    public static final int MAX_QUERIES = 1_000;
    public static final int MAX_TOTAL_SQL_CHARS = 300_000;

    private static final List<String> PACK_KEYS =
            List.of("apiVersion", "kind", "name", "version", "connector", "description", "dashboards", "kpis");
    private static final List<String> DASHBOARD_KEYS = List.of("id", "title", "description", "tiles");
    private static final List<String> TILE_KEYS = List.of("id", "title", "description", "sql", "viz");
    private static final List<String> KPI_KEYS = List.of("id", "title", "description", "sql", "narrative", "format");

    private final ErrorCollector errors = new ErrorCollector();
    private int queries;
    private long totalSqlChars;

    private ManifestReader() {
    }

    public static ManifestResult read(String yamlText) {
        Objects.requireNonNull(yamlText, "yamlText");
        Node root;
        try {
            root = YamlLoader.load(yamlText);
        } catch (YamlLoader.LoadException e) {
            return ManifestResult.failed(List.of(e.error()));
        }
        ManifestReader reader = new ManifestReader();
        DashboardPack pack = reader.pack(root);
        return reader.errors.isEmpty() ? ManifestResult.ok(pack) : ManifestResult.failed(reader.errors.inFileOrder());
    }

    /**
     * Reads all of {@code yaml} (without closing it) and then behaves as {@link #read(String)}. Stops
     * reading once the text exceeds the size limit. An I/O failure is the caller's, not the manifest's,
     * so it is rethrown as {@link UncheckedIOException} rather than reported as a manifest error.
     */
    public static ManifestResult read(Reader yaml) {
        Objects.requireNonNull(yaml, "yaml");
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try {
            int n;
            while (text.length() <= YamlLoader.MAX_CHARS && (n = yaml.read(buffer)) != -1) {
                text.append(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the manifest", e);
        }
        return read(text.toString());
    }

    private DashboardPack pack(Node root) {
        if (root == null || Nodes.isNull(root)) {
            String message = "the manifest is empty; expected a mapping starting with 'apiVersion: " + API_VERSION + "'";
            if (root == null) {
                errors.atStart(message);
            } else {
                errors.at(root, "", message);
            }
            return null;
        }
        String tagProblem = Nodes.tagProblem(root);
        if (tagProblem != null) {
            errors.at(root, "", tagProblem);
            return null;
        }
        if (!(root instanceof MappingNode mapping)) {
            errors.at(root, "", "the manifest must be a mapping of keys (apiVersion, kind, name, ...), found "
                    + Nodes.describe(root));
            return null;
        }
        MappingReader fields = new MappingReader(mapping, "", PACK_KEYS, errors);
        String apiVersion = exactly(fields, "apiVersion", API_VERSION);
        String kind = exactly(fields, "kind", KIND);
        String name = text(fields.requiredSlug("name"));
        String version = version(fields);
        String connector = text(fields.requiredSlug("connector"));
        String description = text(fields.optionalText("description"));
        SequenceNode dashboardNodes = fields.sequence("dashboards", false, "dashboards");
        SequenceNode kpiNodes = fields.sequence("kpis", false, "KPIs");
        List<Dashboard> dashboards = dashboards(dashboardNodes, fields.path("dashboards"));
        List<Kpi> kpis = kpis(kpiNodes, fields.path("kpis"));
        if (size(dashboardNodes) == 0 && size(kpiNodes) == 0) {
            String message = "a pack needs at least one dashboard or KPI";
            if (dashboardNodes != null) {
                errors.at(dashboardNodes, fields.path("dashboards"), message);
            } else {
                errors.at(mapping, "", message);
            }
        }
        return new DashboardPack(apiVersion, kind, name, version, connector, description, dashboards, kpis);
    }

    private String exactly(MappingReader fields, String key, String expected) {
        ScalarNode node = fields.requiredText(key);
        if (node != null && !node.getValue().equals(expected)) {
            errors.at(node, fields.path(key), "must be " + Texts.quote(expected) + ", found "
                    + Texts.quote(node.getValue()));
        }
        return text(node);
    }

    private String version(MappingReader fields) {
        ScalarNode node = fields.requiredText("version");
        if (node == null) {
            return null;
        }
        String problem = SemVer.semverError(node.getValue());
        if (problem != null) {
            errors.at(node, fields.path("version"), problem);
        }
        return node.getValue();
    }

    private List<Dashboard> dashboards(SequenceNode list, String path) {
        List<Dashboard> dashboards = new ArrayList<>();
        if (list == null) {
            return dashboards;
        }
        checkCount(list, path, MAX_DASHBOARDS, "dashboards");
        Map<String, Node> ids = new HashMap<>();
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            MappingReader fields = item(items.get(i), itemPath, DASHBOARD_KEYS, "a dashboard (id, title, tiles)");
            if (fields == null) {
                continue;
            }
            ScalarNode id = unique(fields, ids, "dashboard");
            ScalarNode title = fields.requiredText("title");
            fields.optionalText("description");
            SequenceNode tileNodes = fields.sequence("tiles", true, "tiles");
            if (tileNodes != null && tileNodes.getValue().isEmpty()) {
                errors.at(tileNodes, fields.path("tiles"), "a dashboard needs at least one tile");
            }
            List<Tile> tiles = tiles(tileNodes, fields.path("tiles"));
            dashboards.add(new Dashboard(text(id), text(title), tiles, Nodes.line(fields.node())));
        }
        return dashboards;
    }

    private List<Tile> tiles(SequenceNode list, String path) {
        List<Tile> tiles = new ArrayList<>();
        if (list == null) {
            return tiles;
        }
        checkCount(list, path, MAX_TILES_PER_DASHBOARD, "tiles in one dashboard");
        Map<String, Node> ids = new HashMap<>();
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            MappingReader fields = item(items.get(i), itemPath, TILE_KEYS, "a tile (id, title, sql)");
            if (fields == null) {
                continue;
            }
            ScalarNode id = unique(fields, ids, "tile");
            ScalarNode title = fields.requiredText("title");
            fields.optionalText("description");
            fields.optionalText("viz");
            ScalarNode sql = sql(fields);
            tiles.add(new Tile(text(id), text(title), text(sql), contentLine(sql), Nodes.line(fields.node())));
        }
        return tiles;
    }

    private List<Kpi> kpis(SequenceNode list, String path) {
        List<Kpi> kpis = new ArrayList<>();
        if (list == null) {
            return kpis;
        }
        checkCount(list, path, MAX_KPIS, "KPIs");
        Map<String, Node> ids = new HashMap<>();
        List<Node> items = list.getValue();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            MappingReader fields = item(items.get(i), itemPath, KPI_KEYS, "a KPI (id, title, sql, narrative)");
            if (fields == null) {
                continue;
            }
            ScalarNode id = unique(fields, ids, "KPI");
            ScalarNode title = fields.requiredText("title");
            fields.optionalText("description");
            fields.optionalText("format");
            ScalarNode sql = sql(fields);
            ScalarNode narrative = fields.requiredText("narrative");
            kpis.add(new Kpi(text(id), text(title), text(sql), text(narrative), contentLine(sql),
                    contentLine(narrative), Nodes.line(fields.node())));
        }
        return kpis;
    }

    /** A list item that must be a mapping; {@code null} (after an error) when it is not. */
    private MappingReader item(Node item, String path, List<String> keys, String what) {
        String tagProblem = Nodes.tagProblem(item);
        if (tagProblem != null) {
            errors.at(item, path, tagProblem);
            return null;
        }
        if (!(item instanceof MappingNode mapping)) {
            errors.at(item, path, "expected " + what + ", found " + Nodes.describe(item));
            return null;
        }
        return new MappingReader(mapping, path, keys, errors);
    }

    /** The item's slug id, reported when another item of the same list already uses it. */
    private ScalarNode unique(MappingReader fields, Map<String, Node> seen, String what) {
        ScalarNode id = fields.requiredSlug("id");
        if (id == null) {
            return null;
        }
        Node first = seen.putIfAbsent(id.getValue(), id);
        if (first != null) {
            errors.at(id, fields.path("id"), "duplicate " + what + " id " + Texts.quote(id.getValue())
                    + " (first used at line " + Nodes.line(first) + ")");
        }
        return id;
    }

    private ScalarNode sql(MappingReader fields) {
        ScalarNode sql = fields.requiredText("sql");
        if (sql != null && sql.getValue().length() > MAX_SQL_CHARS) {
            errors.at(sql, fields.path("sql"), "the SQL is too long: " + sql.getValue().length()
                    + " characters, at most " + MAX_SQL_CHARS + " are allowed");
        }
        if (++queries == MAX_QUERIES + 1) {
            errors.at(fields.node(), fields.path(), "too many queries: a pack may have at most " + MAX_QUERIES
                    + " tiles and KPIs in all");
        }
        long before = totalSqlChars;
        totalSqlChars += sql == null || sql.getValue().length() > MAX_SQL_CHARS ? 0 : sql.getValue().length();
        if (before <= MAX_TOTAL_SQL_CHARS && totalSqlChars > MAX_TOTAL_SQL_CHARS) {
            errors.at(sql, fields.path("sql"), "the pack's SQL is too long in all: over " + MAX_TOTAL_SQL_CHARS
                    + " characters of SQL by this query; split the pack");
        }
        return sql;
    }

    private void checkCount(SequenceNode list, String path, int max, String what) {
        int size = list.getValue().size();
        if (size > max) {
            errors.at(list, path, "too many " + what + ": " + size + ", at most " + max + " are allowed");
        }
    }

    private static int size(SequenceNode list) {
        return list == null ? 0 : list.getValue().size();
    }

    private static String text(ScalarNode node) {
        return node == null ? null : node.getValue();
    }

    private static int contentLine(ScalarNode node) {
        return node == null ? 0 : Nodes.contentLine(node);
    }
}
