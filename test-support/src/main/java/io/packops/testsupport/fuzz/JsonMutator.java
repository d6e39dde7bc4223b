package io.packops.testsupport.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Structured mutations of valid JSON documents: fields dropped, duplicated, added or retyped, values replaced by
 * edge values (huge and tiny numbers, odd unicode, control characters), strings tweaked, array items repeated
 * (batch sizes), values wrapped or nested deeply, and sometimes the text itself damaged ({@link TextMutations}).
 * Most results stay close to valid, so they reach the validators rather than stop at the parser.
 */
public final class JsonMutator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999",
            "/*", "//", "'", "NaN", ",,", "{}", "[]", "\"a\":", "\\u00", "\\ud800");
    private static final String RAW = "\uE000raw";
    private static final String DUP = "\uE000dup";

    private final List<JsonNode> seeds = new ArrayList<>();
    private final List<String> fieldNames = new ArrayList<>();

    /** {@code seeds}: valid documents to start from (each mutation starts from one of them). */
    public JsonMutator(String... seeds) {
        for (String seed : seeds) {
            try {
                JsonNode node = JSON.readTree(seed);
                this.seeds.add(node);
                collectNames(node);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("seed is not JSON: " + seed, e);
            }
        }
    }

    /** One mutated document: 1-4 structural mutations of a seed, then text damage one time in five. */
    public String next(RandomGenerator r) {
        JsonNode doc = seeds.get(r.nextInt(seeds.size())).deepCopy();
        Map<String, String> raw = new HashMap<>();
        int steps = 1 + r.nextInt(4);
        for (int s = 0; s < steps && doc.toString().length() < 1_000_000; s++) {
            doc = mutate(doc, r, raw);
        }
        String text = render(doc, r, raw);
        return r.nextInt(5) == 0 ? TextMutations.mutate(text, r, TOKENS) : text;
    }

    /** A seed unchanged but rendered differently (for properties that need valid input too). */
    public String seed(RandomGenerator r) {
        return render(seeds.get(r.nextInt(seeds.size())), r, Map.of());
    }

    private JsonNode mutate(JsonNode doc, RandomGenerator r, Map<String, String> raw) {
        List<ContainerNode<?>> containers = new ArrayList<>();
        collectContainers(doc, containers);
        if (containers.isEmpty() || r.nextInt(40) == 0) {
            return valueFor(r, raw, doc); // the whole document replaced
        }
        ContainerNode<?> target = containers.get(r.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            mutateObject(object, r, raw);
        } else {
            mutateArray((ArrayNode) target, r, raw);
        }
        return doc;
    }

    private void mutateObject(ObjectNode object, RandomGenerator r, Map<String, String> raw) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? null : names.get(r.nextInt(names.size()));
        int op = name == null ? 2 : r.nextInt(8);
        switch (op) {
            case 0 -> object.remove(name);
            case 1 -> object.set(name, valueFor(r, raw, object.get(name)));
            case 2 -> object.set(r.nextBoolean() && !fieldNames.isEmpty() ? fieldNames.get(r.nextInt(fieldNames.size()))
                    : FuzzValues.anyString(r), valueFor(r, raw, null));
            case 3 -> { // the same key twice in the text
                String key = DUP + raw.size();
                raw.put(key, name);
                object.set(key, valueFor(r, raw, object.get(name)));
            }
            case 4 -> object.set(name, wrap(object.get(name), r));
            case 5 -> object.set(name, tweak(object.get(name), r, raw));
            case 6 -> object.set(name, nested(r, raw));
            default -> {
                JsonNode value = object.remove(name);
                object.set(FuzzValues.tweak(name, r), value);
            }
        }
    }

    private void mutateArray(ArrayNode array, RandomGenerator r, Map<String, String> raw) {
        int size = array.size();
        int at = size == 0 ? 0 : r.nextInt(size);
        switch (size == 0 ? 1 : r.nextInt(6)) {
            case 0 -> array.remove(at);
            case 1 -> array.insert(at, valueFor(r, raw, null));
            case 2 -> { // an element repeated: up to past any batch limit (once per document: copies of copies would be gigabytes)
                int copies = r.nextInt(4) == 0 && size < 50 && item(array, at).toString().length() < 5_000 ? 900 + r.nextInt(300) : 1 + r.nextInt(5);
                JsonNode item = array.get(at);
                for (int c = 0; c < copies; c++) {
                    array.add(item.deepCopy());
                }
            }
            case 3 -> array.set(at, valueFor(r, raw, array.get(at)));
            case 4 -> array.set(at, tweak(array.get(at), r, raw));
            default -> array.removeAll();
        }
    }

    /** A replacement value: an edge value of another type, or a raw JSON text. */
    private JsonNode valueFor(RandomGenerator r, Map<String, String> raw, JsonNode old) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (r.nextInt(6)) {
            case 0, 1 -> f.textNode(FuzzValues.anyString(r));
            case 2 -> rawValue(FuzzValues.anyRawJson(r), raw);
            case 3 -> old != null ? tweak(old, r, raw) : f.textNode(FuzzValues.anyString(r));
            case 4 -> r.nextBoolean() ? f.numberNode(r.nextLong()) : f.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            default -> r.nextBoolean() ? f.objectNode() : f.arrayNode();
        };
    }

    private JsonNode tweak(JsonNode value, RandomGenerator r, Map<String, String> raw) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value.isTextual()) {
            return f.textNode(FuzzValues.tweak(value.textValue(), r));
        }
        if (value.isNumber()) {
            return switch (r.nextInt(5)) {
                case 0 -> f.numberNode(-value.longValue());
                case 1 -> f.numberNode(value.longValue() * 1_000_000_000L);
                case 2 -> f.numberNode(value.doubleValue() + 0.5);
                case 3 -> f.textNode(value.asText());
                default -> rawValue(value.asText() + "e" + r.nextInt(500), raw);
            };
        }
        if (value.isBoolean()) {
            return f.textNode(value.asText());
        }
        return value.deepCopy();
    }

    private static JsonNode item(ArrayNode array, int at) {
        return array.get(at);
    }

    private static JsonNode wrap(JsonNode value, RandomGenerator r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return r.nextBoolean() ? f.arrayNode().add(value) : f.objectNode().set("value", value);
    }

    /** Arrays or objects nested 10 to 100,000 levels deep (as raw text: a tree that deep cannot be written). */
    private static JsonNode nested(RandomGenerator r, Map<String, String> raw) {
        int[] depths = {10, 100, 600, 1_001, 5_000, 100_000};
        int depth = depths[r.nextInt(r.nextInt(8) == 0 ? depths.length : depths.length - 1)];
        String text = r.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        return rawValue(text, raw);
    }

    private static JsonNode rawValue(String text, Map<String, String> raw) {
        String key = RAW + raw.size() + "\uE001";
        raw.put(key, text);
        return JsonNodeFactory.instance.textNode(key);
    }

    private static String render(JsonNode doc, RandomGenerator r, Map<String, String> raw) {
        String text;
        try {
            text = r.nextBoolean() ? JSON.writeValueAsString(doc) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            if (e.getKey().startsWith(DUP)) {
                text = text.replace("\"" + e.getKey() + "\"", JsonNodeFactory.instance.textNode(e.getValue()).toString());
            } else {
                text = text.replace("\"" + e.getKey() + "\"", e.getValue());
            }
        }
        return text;
    }

    private static void collectContainers(JsonNode node, List<ContainerNode<?>> out) {
        if (node instanceof ContainerNode<?> c) {
            out.add(c);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectContainers(it.next(), out);
            }
        }
    }

    private void collectNames(JsonNode node) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(n -> {
                if (!fieldNames.contains(n)) {
                    fieldNames.add(n);
                }
            });
        }
        node.elements().forEachRemaining(this::collectNames);
    }
}
