package io.packops.ownership.backstage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.packops.ownership.document.DocumentParser;
import io.packops.ownership.document.validation.Violation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a Backstage catalog into entities: a {@code catalog-info.yaml} (any number of {@code ---} documents),
 * a JSON array of entities, or the catalog API's {@code {"items": [...]}} response (in either syntax).
 * Malformed input is a 400 with line and column; entities without {@code kind} or {@code metadata.name}
 * are a 422 listing every one. YAML is composed into nodes, never into Java objects, so tags cannot
 * instantiate anything; aliases, nesting and size are bounded.
 */
public final class BackstageCatalogReader {

    /** The syntax of the body, from its content type. */
    public enum Format { YAML, JSON }

    /**
     * One entity as found in the input.
     *
     * @param path where it is, in the error-path style ({@code documents[2]}, {@code items[0]}, {@code [3]})
     * @param line its first line in the input (YAML only; 0 when unknown)
     */
    public record Entity(String path, int line, String kind, String namespace, String name, JsonNode node) {

        /** The entity reference as Backstage prints it: {@code component:default/stripe-revenue}. */
        public String ref() {
            return kind.toLowerCase(Locale.ROOT) + ":" + namespace + "/" + name;
        }

        public boolean is(String otherKind) {
            return kind.equalsIgnoreCase(otherKind);
        }

        public JsonNode spec() {
            return node.path("spec");
        }

        public JsonNode metadata() {
            return node.path("metadata");
        }

        /** An annotation's value, trimmed; null when absent, blank or not a plain value. */
        public String annotation(String key) {
            return BackstageCatalogReader.text(metadata().path("annotations").path(key));
        }

        /** A spec field given as a path ({@code profile}, {@code displayName}), trimmed; null when absent. */
        public String specText(String... path) {
            JsonNode n = spec();
            for (String p : path) {
                n = n.path(p);
            }
            return BackstageCatalogReader.text(n);
        }

        public List<String> tags() {
            List<String> tags = new ArrayList<>();
            JsonNode list = metadata().path("tags");
            for (JsonNode t : list.isArray() ? list : NODES.arrayNode()) {
                String s = BackstageCatalogReader.text(t);
                if (s != null) {
                    tags.add(s);
                }
            }
            return tags;
        }

        /** The values of a spec field that holds one reference or a list of them ({@code memberOf}, {@code members}). */
        public List<String> specRefs(String field) {
            JsonNode n = spec().path(field);
            List<String> refs = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(item -> {
                    String s = BackstageCatalogReader.text(item);
                    if (s != null) {
                        refs.add(s);
                    }
                });
            } else if (text(n) != null) {
                refs.add(text(n));
            }
            return refs;
        }

        /** {@code targetRef}s of the catalog API's {@code relations} of one type (only present in API responses). */
        public List<String> relations(String type) {
            List<String> refs = new ArrayList<>();
            for (JsonNode r : node.path("relations")) {
                String target = BackstageCatalogReader.text(r.path("targetRef"));
                if (type.equalsIgnoreCase(String.valueOf(BackstageCatalogReader.text(r.path("type")))) && target != null) {
                    refs.add(target);
                }
            }
            return refs;
        }
    }

    static final int MAX_ALIASES = 100;
    static final int MAX_DEPTH = 64;
    /** Far more than any real catalog; bounds what aliases can expand to. */
    static final int MAX_NODES = 500_000;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String EXPECTED = "expected Backstage entities: catalog-info.yaml documents, a JSON array of"
            + " entities, or the catalog API response {\"items\": [...]}";

    private BackstageCatalogReader() {
    }

    /** The entities in {@code body}, in input order; throws a 400 or 422 {@link CatalogRejected}. */
    public static List<Entity> read(String body, Format format) {
        if (body == null || body.isBlank()) {
            throw CatalogRejected.malformed("the request body is empty: " + EXPECTED,
                    List.of(new Violation("", "the body is empty")));
        }
        String text = body.charAt(0) == '\uFEFF' ? body.substring(1) : body;
        List<Located> roots = format == Format.JSON ? readJson(text) : readYaml(text);

        List<Located> candidates = new ArrayList<>();
        List<Violation> errors = new ArrayList<>();
        for (Located root : roots) {
            unwrap(root, candidates, errors);
        }
        List<Entity> entities = new ArrayList<>();
        for (Located c : candidates) {
            Entity e = entity(c, errors);
            if (e != null) {
                entities.add(e);
            }
        }
        if (!errors.isEmpty()) {
            throw CatalogRejected.unusable("the catalog cannot be read: " + errors.size()
                    + (errors.size() == 1 ? " error: " : " errors, the first: ") + errors.get(0).field() + ": "
                    + errors.get(0).message(), errors);
        }
        if (entities.isEmpty()) {
            throw CatalogRejected.unusable("the catalog has no entities: " + EXPECTED,
                    List.of(new Violation("", "no entities found")));
        }
        return entities;
    }

    /** A node with its path and line, before it is known to be an entity. */
    private record Located(String path, int line, JsonNode node, List<Located> children) {
    }

    /** A document or array element is an entity, a list of entities, or an {@code items} envelope. */
    private static void unwrap(Located at, List<Located> out, List<Violation> errors) {
        JsonNode n = at.node();
        if (n.isNull() || n.isMissingNode()) {
            return; // an empty YAML document (only comments, or a stray ---)
        }
        if (n.isObject() && !n.has("kind") && n.has("items")) {
            if (!n.get("items").isArray()) {
                errors.add(error(at.path().isEmpty() ? "items" : at.path() + ".items", at.line(),
                        "items must be a list of entities, found " + describe(n.get("items"))));
                return;
            }
            out.addAll(at.children());
            return;
        }
        if (n.isArray()) {
            out.addAll(at.children());
            return;
        }
        out.add(at);
    }

    private static Entity entity(Located at, List<Violation> errors) {
        JsonNode n = at.node();
        String prefix = at.path().isEmpty() ? "" : at.path() + ".";
        if (!n.isObject()) {
            errors.add(error(at.path(), at.line(), "expected an entity (a mapping with apiVersion, kind, metadata and"
                    + " spec), found " + describe(n)));
            return null;
        }
        int before = errors.size();
        String kind = text(n.path("kind"));
        if (kind == null) {
            errors.add(error(prefix + "kind", at.line(), n.has("kind")
                    ? "kind must be a non-empty string, found " + describe(n.get("kind"))
                    : "missing kind (Group, User, Component, ...)"));
        }
        JsonNode metadata = n.path("metadata");
        String name = null;
        String namespace = "default";
        if (!metadata.isObject()) {
            errors.add(error(prefix + "metadata", at.line(), metadata.isMissingNode()
                    ? "missing metadata (with at least metadata.name)"
                    : "metadata must be a mapping, found " + describe(metadata)));
        } else {
            name = text(metadata.path("name"));
            if (name == null) {
                errors.add(error(prefix + "metadata.name", at.line(), metadata.has("name")
                        ? "metadata.name must be a non-empty string, found " + describe(metadata.get("name"))
                        : "missing metadata.name"));
            }
            if (metadata.has("namespace") && !metadata.get("namespace").isNull()) {
                String ns = text(metadata.get("namespace"));
                if (ns == null) {
                    errors.add(error(prefix + "metadata.namespace", at.line(),
                            "metadata.namespace must be a string, found " + describe(metadata.get("namespace"))));
                } else {
                    namespace = ns;
                }
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Entity(at.path(), at.line(), kind, namespace, name, n);
    }

    // ---- JSON ------------------------------------------------------------------------------------------

    private static List<Located> readJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String message = DocumentParser.readable(firstLine(e.getOriginalMessage()));
            if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
                message = "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + message;
            }
            throw CatalogRejected.malformed("the catalog is not valid JSON: " + message, List.of(new Violation("", message)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw CatalogRejected.malformed("the request body is empty: " + EXPECTED, List.of(new Violation("", "the body is empty")));
        }
        if (!root.isArray() && !root.isObject()) {
            throw CatalogRejected.unusable("the catalog is " + describe(root) + ": " + EXPECTED,
                    List.of(new Violation("", "expected an array or an object, found " + describe(root))));
        }
        if (root.isObject() && !root.has("kind") && !root.has("items")) {
            throw CatalogRejected.unusable("the JSON object is neither an entity nor a catalog API response: " + EXPECTED,
                    List.of(new Violation("", "expected \"items\" (a catalog API response) or \"kind\" (one entity)")));
        }
        List<Located> children = new ArrayList<>();
        JsonNode list = root.isArray() ? root : root.path("items");
        String prefix = root.isArray() ? "" : "items";
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            children.add(new Located(prefix + "[" + i + "]", 0, list.get(i), List.of()));
        }
        return List.of(new Located("", 0, root, children));
    }

    // ---- YAML ------------------------------------------------------------------------------------------

    private static List<Located> readYaml(String text) {
        rejectNonPrintable(text);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(Math.max(text.length() + 1, 3 * 1024 * 1024));
        options.setMergeOnCompose(false);
        ParserImpl parser = new ParserImpl(new StreamReader(text), options);
        Composer composer = new Composer(parser, new Resolver(), options);
        List<Located> docs = new ArrayList<>();
        Budget budget = new Budget();
        try {
            for (int i = 0; composer.checkNode(); i++) {
                Node node = composer.getNode();
                String path = "documents[" + i + "]";
                int line = node.getStartMark().getLine() + 1;
                JsonNode json = toJson(node, 0, budget);
                List<Located> children = new ArrayList<>();
                SequenceNode list = node instanceof SequenceNode s ? s
                        : node instanceof MappingNode m && json.isObject() && !json.has("kind") ? items(m) : null;
                if (list != null) {
                    String prefix = node instanceof SequenceNode ? path : path + ".items";
                    for (int j = 0; j < list.getValue().size(); j++) {
                        Node item = list.getValue().get(j);
                        children.add(new Located(prefix + "[" + j + "]", item.getStartMark().getLine() + 1,
                                toJson(item, 0, budget), List.of()));
                    }
                }
                docs.add(new Located(path, line, json, children));
            }
        } catch (MarkedYAMLException e) {
            throw syntaxError(e);
        } catch (YAMLException e) {
            // limits SnakeYAML enforces without a position (aliases, nesting depth, size)
            String message = DocumentParser.readable(String.valueOf(e.getMessage()));
            if (message.startsWith("Number of aliases")) {
                message = "too many aliases: at most " + MAX_ALIASES + " ('*name' references to lists or mappings) are allowed";
            }
            throw CatalogRejected.malformed("the catalog is not valid YAML: " + message, List.of(new Violation("", message)));
        }
        return docs;
    }

    private static SequenceNode items(MappingNode m) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && "items".equals(k.getValue()) && t.getValueNode() instanceof SequenceNode s) {
                return s;
            }
        }
        return null;
    }

    private static final class Budget {
        int nodes;
    }

    /** Scalars become text (YAML 1.1 would read {@code yes} or {@code 010} otherwise); null stays null. */
    private static JsonNode toJson(Node node, int depth, Budget budget) {
        if (++budget.nodes > MAX_NODES) {
            throw positioned(node.getStartMark(), "the catalog is too large once its aliases are expanded (more than "
                    + MAX_NODES + " values)");
        }
        if (depth > MAX_DEPTH) {
            throw positioned(node.getStartMark(), "values are nested more than " + MAX_DEPTH
                    + " levels deep (a recursive alias?)");
        }
        if (node instanceof ScalarNode s) {
            return Tag.NULL.equals(s.getTag()) ? NullNode.getInstance() : TextNode.valueOf(s.getValue());
        }
        if (node instanceof SequenceNode s) {
            ArrayNode array = NODES.arrayNode();
            for (Node item : s.getValue()) {
                array.add(toJson(item, depth + 1, budget));
            }
            return array;
        }
        if (node instanceof MappingNode m) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key)) {
                    throw positioned(t.getKeyNode().getStartMark(), "a mapping key must be a plain value, not a list or mapping");
                }
                if (object.has(key.getValue())) {
                    throw positioned(key.getStartMark(), "duplicate key '" + key.getValue() + "'");
                }
                object.set(key.getValue(), toJson(t.getValueNode(), depth + 1, budget));
            }
            return object;
        }
        throw positioned(node.getStartMark(), "unsupported YAML node");
    }

    private static CatalogRejected syntaxError(MarkedYAMLException e) {
        Mark where = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = DocumentParser.readable(e.getProblem() == null ? "invalid YAML" : e.getProblem().strip());
        if (problem.contains("\\t(TAB)")) {
            problem = "a tab character cannot start a token; indent YAML with spaces, not tabs";
        } else if ("while scanning a quoted scalar".equals(e.getContext()) && e.getContextMark() != null) {
            // SnakeYAML notices at the end of the input; the author needs where the quote opened.
            where = e.getContextMark();
            problem = "unclosed quote: the quoted value that starts here never ends";
        } else if (e.getContext() != null && e.getContextMark() != null && e.getContextMark() != where) {
            problem += " (" + e.getContext().strip() + " at line " + (e.getContextMark().getLine() + 1) + ", column "
                    + (e.getContextMark().getColumn() + 1) + ")";
        }
        return positioned(where, problem);
    }

    private static CatalogRejected positioned(Mark where, String problem) {
        String message = where == null ? problem
                : "line " + (where.getLine() + 1) + ", column " + (where.getColumn() + 1) + ": " + problem;
        return CatalogRejected.malformed("the catalog is not valid YAML: " + message, List.of(new Violation("", message)));
    }

    /** SnakeYAML rejects control characters without a position; find them first to give one. */
    private static void rejectNonPrintable(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                String message = "line " + line + ", column " + column + ": the control character U+"
                        + String.format("%04X", c) + " is not allowed in YAML";
                throw CatalogRejected.malformed("the catalog is not valid YAML: " + message, List.of(new Violation("", message)));
            }
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            line += lineBreak ? 1 : 0;
            column = lineBreak ? 1 : column + 1;
            i += Character.charCount(c);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** A plain value as trimmed text (numbers and booleans too); null for absent, null, blank or structured values. */
    static String text(JsonNode n) {
        if (n == null || !n.isValueNode() || n.isNull()) {
            return null;
        }
        String s = n.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "nothing";
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isTextual()) {
            return n.asText().isBlank() ? "an empty string" : "a plain value";
        }
        return n.isNumber() ? "a number" : n.isBoolean() ? "a boolean" : "a " + n.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static Violation error(String path, int line, String message) {
        return new Violation(path, line > 0 ? "line " + line + ": " + message : message);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed JSON";
        }
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
