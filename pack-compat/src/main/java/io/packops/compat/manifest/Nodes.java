package io.packops.compat.manifest;

import java.util.Set;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small facts about composed YAML nodes: where they are, what they are, how to name them in a message. */
final class Nodes {

    /** Tags plain YAML resolves to; anything else ({@code !foo}, {@code !!binary}) has no place in a manifest. */
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private Nodes() {
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /**
     * The 1-based file line of the first line of a scalar's text. A block scalar's start mark sits on
     * its {@code |} or {@code >} indicator and the text begins on the next line; any other scalar
     * starts where its text does.
     */
    static int contentLine(ScalarNode node) {
        ScalarStyle style = node.getScalarStyle();
        boolean block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
        return line(node) + (block ? 1 : 0);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** Why the node's tag is not allowed, or {@code null} for the tags plain YAML resolves to. */
    static String tagProblem(Node node) {
        Tag tag = node.getTag();
        boolean allowed = switch (node.getNodeId()) {
            case scalar -> SCALAR_TAGS.contains(tag);
            case sequence -> tag.equals(Tag.SEQ);
            case mapping -> tag.equals(Tag.MAP);
            default -> false;
        };
        return allowed ? null : tagNotAllowed(tag.getValue());
    }

    /** Spells standard-namespace tags as authors write them: {@code !!binary}, not {@code tag:yaml.org,2002:binary}. */
    static String tagNotAllowed(String tag) {
        String written = tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
        return "the YAML tag " + Texts.quote(written) + " is not allowed; a manifest is plain YAML";
    }

    /** The node as an author would name it: "a list", "a mapping", "an empty value", "the text 'x'". */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "an empty value";
        }
        return "the value " + Texts.quote(((ScalarNode) node).getValue());
    }
}
