package io.packops.ownership.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.enterprise.context.ApplicationScoped;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.Locale;

/**
 * Reads an ownership document (YAML or JSON) into a tree, nothing more: the shape is the validator's job.
 * Malformed input becomes a {@link SyntaxError} with the line and column of the problem. Duplicate keys
 * and a second YAML document in the same text are syntax errors too (either would silently drop content).
 */
@ApplicationScoped
public class DocumentParser {

    public enum Format { YAML, JSON }

    /** Malformed text: where (1-based line and column) and what. */
    public static final class SyntaxError extends RuntimeException {
        private final Format format;
        private final int line;
        private final int column;
        private final String problem;

        SyntaxError(Format format, int line, int column, String problem) {
            super("malformed " + format + (line > 0 ? " at line " + line + ", column " + column : "") + ": " + problem,
                    null, false, false);
            this.format = format;
            this.line = line;
            this.column = column;
            this.problem = problem;
        }

        public Format format() {
            return format;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }

        public String problem() {
            return problem;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML;

    static {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(8 * 1024 * 1024); // above quarkus.http.limits.max-body-size
        YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** The format a request's media type stands for: JSON for {@code application/json} and {@code +json}, else YAML. */
    public static Format formatOf(String mediaType) {
        String m = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
        return m.startsWith("application/json") || m.contains("+json") ? Format.JSON : Format.YAML;
    }

    /** The format of a file by its name: {@code .json} is JSON, anything else YAML. */
    public static Format formatOfFile(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? Format.JSON : Format.YAML;
    }

    /** The tree of {@code text}; null when the text holds no value at all (empty, only comments, {@code ---}). */
    public JsonNode parse(String text, Format format) {
        String body = text == null ? "" : text.startsWith("\uFEFF") ? text.substring(1) : text;
        ObjectMapper mapper = format == Format.JSON ? JSON : YAML;
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() == null) {
                return null;
            }
            JsonNode tree = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new SyntaxError(format, at.getLineNr(), at.getColumnNr(), format == Format.YAML
                        ? "more than one YAML document; send the whole ownership document as one"
                        : "unexpected content after the end of the JSON value");
            }
            return tree == null || tree.isMissingNode() || tree.isNull() ? null : tree;
        } catch (SyntaxError e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw syntaxError(format, e);
        } catch (IOException e) {
            throw new SyntaxError(format, 0, 0, e.getMessage());
        }
    }

    private static SyntaxError syntaxError(Format format, JsonProcessingException e) {
        // SnakeYAML knows exactly where the problem is (Jackson reports where the token started) and says it
        // in two parts: what it was parsing (the context) and what went wrong (the problem).
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                Mark mark = m.getProblemMark();
                String problem = readable(m.getProblem() == null ? "invalid YAML" : m.getProblem());
                if (m.getContext() != null) {
                    Mark ctx = m.getContextMark();
                    problem += " (" + m.getContext()
                            + (ctx == null ? "" : " that starts at line " + (ctx.getLine() + 1) + ", column " + (ctx.getColumn() + 1))
                            + ")";
                }
                return new SyntaxError(format, mark.getLine() + 1, mark.getColumn() + 1, oneLine(problem));
            }
        }
        JsonLocation at = e.getLocation();
        String problem = readable(e.getOriginalMessage() == null ? "invalid " + format : e.getOriginalMessage());
        return new SyntaxError(format, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), oneLine(problem));
    }

    private static final java.util.regex.Pattern SNAKE_EVENT = java.util.regex.Pattern.compile(
            "<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+?)Event(?:\\([^)]*\\))?>?");
    private static final java.util.regex.Pattern GLOBAL_TAG = java.util.regex.Pattern.compile("Global tag is not allowed: (\\S+)");

    /**
     * SnakeYAML's wording without its internals (found by OwnershipFuzzTest): event class names become what they
     * stand for ({@code <org.yaml.snakeyaml.events.MappingStartEvent(…)>} → {@code a mapping start}), and a refused
     * tag is quoted as the author's own text, and Jackson's trailing-token message (which names its classes) is said plainly.
     */
    public static String readable(String snakeYamlText) {
        java.util.regex.Matcher m = SNAKE_EVENT.matcher(snakeYamlText);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String words = m.group(1).replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement("a " + words));
        }
        m.appendTail(sb);
        String text = sb.toString();
        if (text.startsWith("Trailing token")) {
            return "unexpected content after the end of the JSON value";
        }
        return GLOBAL_TAG.matcher(text).replaceAll("the YAML tag '$1' is not allowed; plain YAML only");
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
