package io.packops.compat.manifest;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the fields of one YAML mapping against a fixed set of allowed keys. On construction it reports
 * unknown, duplicate, non-text and merge keys and disallowed tags; each accessor then returns the
 * value's node, or {@code null} after reporting why there is no usable value. Values are always read
 * as the scalar's raw text, so {@code version: 1.4} is the text "1.4", not a float.
 */
final class MappingReader {

    private final MappingNode mapping;
    private final String path;
    private final ErrorCollector errors;
    private final Map<String, Node> values = new HashMap<>();
    /** Allowed keys whose value was already reported as unusable, so no "missing key" error follows. */
    private final Set<String> reported = new HashSet<>();

    MappingReader(MappingNode mapping, String path, List<String> allowedKeys, ErrorCollector errors) {
        this.mapping = mapping;
        this.path = path;
        this.errors = errors;
        Map<String, Node> seenKeys = new HashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            String key = checkedKey(entry.getKeyNode(), allowedKeys, seenKeys);
            if (key == null) {
                continue;
            }
            String tagProblem = Nodes.tagProblem(entry.getValueNode());
            if (tagProblem != null) {
                errors.at(entry.getValueNode(), path(key), tagProblem);
                reported.add(key);
            } else {
                values.put(key, entry.getValueNode());
            }
        }
    }

    /** The path of the mapping itself. */
    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    MappingNode node() {
        return mapping;
    }

    /** Required text that is not blank. */
    ScalarNode requiredText(String key) {
        Node value = values.get(key);
        if (value == null) {
            if (!reported.contains(key)) {
                errors.at(mapping, path(key), "missing required key " + Texts.quote(key));
            }
            return null;
        }
        ScalarNode text = scalar(key, value);
        if (text == null) {
            return null;
        }
        if (Nodes.isNull(text) || text.getValue().isBlank()) {
            errors.at(text, path(key), "must not be empty");
            return null;
        }
        return text;
    }

    /** Optional text: absent and empty ({@code description:}) both read as {@code null}. */
    ScalarNode optionalText(String key) {
        Node value = values.get(key);
        if (value == null || Nodes.isNull(value)) {
            return null;
        }
        return scalar(key, value);
    }

    /** Required text that is a {@link Slugs slug}. */
    ScalarNode requiredSlug(String key) {
        ScalarNode text = requiredText(key);
        if (text == null) {
            return null;
        }
        String problem = Slugs.slugError(text.getValue());
        if (problem != null) {
            errors.at(text, path(key), problem);
            return null;
        }
        return text;
    }

    /**
     * A list. An absent or empty ({@code tiles:}) value is a "missing" error when required and
     * {@code null} otherwise; {@code what} names the items in a type error ("a list of tiles").
     */
    SequenceNode sequence(String key, boolean required, String what) {
        Node value = values.get(key);
        if (value == null || Nodes.isNull(value)) {
            if (required && value == null && !reported.contains(key)) {
                errors.at(mapping, path(key), "missing required key " + Texts.quote(key));
            } else if (required && value != null) {
                errors.at(value, path(key), "must be a non-empty list of " + what);
            }
            return null;
        }
        if (!(value instanceof SequenceNode list)) {
            errors.at(value, path(key), "expected a list of " + what + ", found " + Nodes.describe(value));
            return null;
        }
        return list;
    }

    private ScalarNode scalar(String key, Node value) {
        if (value instanceof ScalarNode text) {
            return text;
        }
        errors.at(value, path(key), "expected text, found " + Nodes.describe(value));
        return null;
    }

    /** The key's text when it is an allowed, first-seen plain key; otherwise reports and returns null. */
    private String checkedKey(Node keyNode, List<String> allowedKeys, Map<String, Node> seenKeys) {
        if (!(keyNode instanceof ScalarNode scalarKey) || Nodes.isNull(keyNode)) {
            errors.at(keyNode, path, "a key must be a plain word, found " + Nodes.describe(keyNode));
            return null;
        }
        if (keyNode.getTag().equals(Tag.MERGE)) {
            errors.at(keyNode, path, "merge keys ('<<') are not supported; write the keys out");
            return null;
        }
        String tagProblem = Nodes.tagProblem(keyNode);
        if (tagProblem != null) {
            errors.at(keyNode, path, tagProblem);
            return null;
        }
        String key = scalarKey.getValue();
        Node first = seenKeys.putIfAbsent(key, keyNode);
        if (first != null) {
            errors.at(keyNode, path(key), "duplicate key " + Texts.quote(key) + " (first defined at line "
                    + Nodes.line(first) + ")");
            return null;
        }
        if (!allowedKeys.contains(key)) {
            errors.at(keyNode, path(key), unknownKey(key, allowedKeys));
            return null;
        }
        return key;
    }

    private static String unknownKey(String key, List<String> allowedKeys) {
        String suggestion = Typos.closest(key, allowedKeys)
                .map(allowed -> "; did you mean " + Texts.quote(allowed) + "?")
                .orElse("");
        return "unknown key " + Texts.quote(key) + suggestion + " (allowed keys: " + String.join(", ", allowedKeys) + ")";
    }
}
