package io.packops.compat.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads a warehouse schema in any of the accepted forms:
 * <ol>
 *   <li>the native envelope
 *       {@code {"accountId", "connector", "warehouse", "capturedAt", "relations": [{"name", "kind", "source"?, "columns": [{"name", "type"}]}]}};
 *       a source may also be named {@code "stripe.charge"} instead of giving {@code "source": "stripe"};</li>
 *   <li>the same envelope with {@code "dbtCatalog": {...}} (a dbt {@code catalog.json}) in place of
 *       {@code relations};</li>
 *   <li>a bare dbt {@code catalog.json} (schema v1), recognised by {@code metadata.dbt_schema_version}
 *       or by having {@code nodes} or {@code sources}: each {@code sources} entry is a source named by
 *       its unique id {@code source.<package>.<source>.<table>}; each model, seed and snapshot in
 *       {@code nodes} is a model named by the third segment of its unique id; other nodes are skipped.</li>
 * </ol>
 * Envelope fields are optional (null when absent) but checked when present. Every error is collected
 * and thrown together in one {@link SchemaFormatException}, each with its JSON pointer and position.
 * Input size is the caller's to limit; relation and column counts are limited here.
 */
public final class SchemaReader {

    public static final int MAX_RELATIONS = 20_000;
    public static final int MAX_COLUMNS_PER_RELATION = 5_000;
    public static final int MAX_ACCOUNT_ID_LENGTH = 200;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // last-wins would silently drop a column
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
    private static final Pattern JACKSON_LOCATION = Pattern.compile(
            "\\[Source: [^]]*?; line: (\\d+), column: (\\d+)]");

    private record Envelope(String accountId, String connector, String warehouse, String capturedAt) {
        static final Envelope NONE = new Envelope(null, null, null, null);
    }

    private SchemaReader() {
    }

    /** @throws SchemaFormatException with every error found, when the document is not a valid schema */
    public static WarehouseSchema read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SchemaFormatException(List.of(syntaxError(e)));
        }
        if (root == null || root.isMissingNode()) {
            throw new SchemaFormatException(List.of(new SchemaError("", 0, 0, "empty document: expected a JSON object")));
        }
        SchemaCollector out = new SchemaCollector();
        Envelope envelope = document(root, out);
        if (out.hasErrors()) {
            throw new SchemaFormatException(out.located(MAPPER.getFactory(), json));
        }
        return new WarehouseSchema(envelope.accountId(), envelope.connector(), envelope.warehouse(),
                envelope.capturedAt(), out.relations());
    }

    /**
     * Reads the whole of {@code reader} (positions in errors need the text twice) and does not close it.
     *
     * @throws SchemaFormatException with every error found, when the document is not a valid schema
     * @throws UncheckedIOException  when the reader fails
     */
    public static WarehouseSchema read(Reader reader) {
        StringWriter text = new StringWriter();
        try {
            reader.transferTo(text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read schema: " + e.getMessage(), e);
        }
        return read(text.toString());
    }

    /**
     * The native form of {@code schema}: envelope fields that are set, then every relation with its
     * columns' raw types. Reading it back gives the same relations and the same fingerprint.
     */
    public static String toNativeJson(WarehouseSchema schema) {
        ObjectNode root = MAPPER.createObjectNode();
        putIfSet(root, "accountId", schema.accountId());
        putIfSet(root, "connector", schema.connector());
        putIfSet(root, "warehouse", schema.warehouse());
        putIfSet(root, "capturedAt", schema.capturedAt());
        ArrayNode relations = root.putArray("relations");
        for (Relation r : schema.relations()) {
            ObjectNode relation = relations.addObject().put("name", r.name()).put("kind", r.kind().wireName());
            if (r.kind() == RelationKind.SOURCE) {
                putIfSet(relation, "source", r.sourceName());
            }
            ArrayNode columns = relation.putArray("columns");
            for (Column c : r.columns()) {
                columns.addObject().put("name", c.name()).put("type", c.type());
            }
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static Envelope document(JsonNode root, SchemaCollector out) {
        if (!root.isObject()) {
            out.error("", "expected a JSON object, found " + kindOf(root));
            return Envelope.NONE;
        }
        boolean hasRelations = root.has("relations");
        boolean hasCatalog = root.has("dbtCatalog");
        boolean hasEnvelope = hasRelations || hasCatalog
                || root.has("accountId") || root.has("connector") || root.has("warehouse") || root.has("capturedAt");
        if (!hasEnvelope && DbtCatalog.looksLikeCatalog(root)) {
            DbtCatalog.read(root, "", out);
            return Envelope.NONE;
        }
        if (!hasEnvelope) {
            out.error("", "not a schema: expected an object with \"relations\" (native form), with"
                    + " \"dbtCatalog\", or a dbt catalog.json with \"nodes\" and \"sources\"");
            return Envelope.NONE;
        }
        Envelope envelope = envelope(root, out);
        if (hasRelations && hasCatalog) {
            out.error("", "give either \"relations\" or \"dbtCatalog\", not both");
        } else if (hasRelations) {
            relations(root.get("relations"), "/relations", out);
        } else if (hasCatalog) {
            DbtCatalog.read(root.get("dbtCatalog"), "/dbtCatalog", out);
        } else {
            out.error("", "missing \"relations\" (or \"dbtCatalog\")");
        }
        return envelope;
    }

    private static Envelope envelope(JsonNode root, SchemaCollector out) {
        String accountId = optionalText(root, "accountId", "", out);
        if (accountId != null && (accountId.isBlank() || accountId.length() > MAX_ACCOUNT_ID_LENGTH)) {
            out.error("/accountId", "must be non-blank and at most " + MAX_ACCOUNT_ID_LENGTH + " characters");
        }
        String connector = slug(root, "connector", out);
        String warehouse = slug(root, "warehouse", out);
        String capturedAt = optionalText(root, "capturedAt", "", out);
        if (capturedAt != null && !isRfc3339(capturedAt)) {
            out.error("/capturedAt", "\"" + capturedAt + "\" is not an RFC 3339 timestamp such as"
                    + " \"2026-11-25T10:00:00Z\"");
        }
        return new Envelope(accountId, connector, warehouse, capturedAt);
    }

    private static String slug(JsonNode root, String field, SchemaCollector out) {
        String value = optionalText(root, field, "", out);
        if (value != null && !SLUG.matcher(value).matches()) {
            out.error("/" + field, "\"" + value + "\" is not a slug: lower-case letters, digits, '_' and '-',"
                    + " starting with a letter or digit, at most 63 characters");
        }
        return value;
    }

    private static boolean isRfc3339(String value) {
        if (!RFC_3339.matcher(value).matches()) {
            return false;
        }
        try {
            OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)); // rejects month 13, February 30, ...
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void relations(JsonNode relations, String pointer, SchemaCollector out) {
        if (!relations.isArray()) {
            out.error(pointer, "must be a list of relations, found " + kindOf(relations));
            return;
        }
        for (int i = 0; i < relations.size(); i++) {
            if (!out.admitRelation(pointer)) {
                return;
            }
            relation(relations.get(i), JsonLocations.child(pointer, i), out);
        }
    }

    private static void relation(JsonNode node, String pointer, SchemaCollector out) {
        if (!node.isObject()) {
            out.error(pointer, "a relation must be an object with \"name\", \"kind\" and \"columns\"");
            return;
        }
        String name = requiredText(node, "name", pointer, out);
        RelationKind kind = kind(node, pointer, out);
        String source = optionalText(node, "source", pointer, out);
        if (source != null && source.isBlank()) {
            out.error(pointer + "/source", "must not be blank");
        }
        if (kind == RelationKind.MODEL && source != null) {
            out.error(pointer + "/source", "only relations of kind \"source\" belong to a source");
        }
        if (kind == RelationKind.SOURCE && source == null && name != null && name.contains(".")) {
            int dot = name.indexOf('.');
            source = name.substring(0, dot);
            name = name.substring(dot + 1);
            if (source.isBlank() || name.isBlank()) {
                out.error(pointer + "/name", "\"" + node.get("name").asText() + "\" is not of the form <source>.<table>");
                return;
            }
        }
        List<Column> columns = columns(node.get("columns"), pointer, out);
        if (name != null && kind != null && columns != null) {
            out.relation(pointer, new Relation(name, kind, source, columns));
        }
    }

    private static RelationKind kind(JsonNode relation, String pointer, SchemaCollector out) {
        String kind = requiredText(relation, "kind", pointer, out);
        if (kind == null) {
            return null;
        }
        for (RelationKind k : RelationKind.values()) {
            if (k.wireName().equalsIgnoreCase(kind.strip())) {
                return k;
            }
        }
        out.error(pointer + "/kind", "unknown kind \"" + kind + "\": expected \"source\" (a raw connector table)"
                + " or \"model\" (a dbt model, seed or snapshot)");
        return null;
    }

    /** The columns, or null when they are missing or unusable (reported). */
    private static List<Column> columns(JsonNode columns, String relationPointer, SchemaCollector out) {
        String pointer = relationPointer + "/columns";
        if (columns == null) {
            out.error(relationPointer, "missing \"columns\" (use [] for a relation without columns)");
            return null;
        }
        if (!columns.isArray()) {
            out.error(pointer, "must be a list of {\"name\", \"type\"} objects, found " + kindOf(columns));
            return null;
        }
        if (!out.admitColumns(pointer, columns.size())) {
            return null;
        }
        SchemaCollector.Columns collected = out.columns();
        for (int i = 0; i < columns.size(); i++) {
            JsonNode column = columns.get(i);
            String columnPointer = JsonLocations.child(pointer, i);
            if (!column.isObject()) {
                out.error(columnPointer, "a column must be an object with \"name\" and \"type\"");
                continue;
            }
            String name = requiredText(column, "name", columnPointer, out);
            String type = optionalText(column, "type", columnPointer, out);
            if (name != null) {
                collected.add(columnPointer, Column.of(name, type));
            }
        }
        return collected.list();
    }

    /** A non-blank string member, or null after reporting it missing, blank or not a string. */
    private static String requiredText(JsonNode object, String field, String pointer, SchemaCollector out) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            out.error(pointer, "missing \"" + field + "\"");
            return null;
        }
        String text = optionalText(object, field, pointer, out);
        if (text != null && text.isBlank()) {
            out.error(pointer + "/" + field, "must not be blank");
            return null;
        }
        return text;
    }

    /** A string member, or null when absent or JSON null; a non-string is reported and gives null. */
    private static String optionalText(JsonNode object, String field, String pointer, SchemaCollector out) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            out.error(pointer + "/" + field, "must be a string, found " + kindOf(value));
            return null;
        }
        return value.asText();
    }

    private static String kindOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** Jackson's message without its location suffix, and the pointer where parsing stopped. */
    private static SchemaError syntaxError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            message = "unexpected content after the end of the JSON document";
        }
        message = JACKSON_LOCATION.matcher(message).replaceAll("line $1, column $2");
        String pointer = "";
        if (e.getProcessor() instanceof JsonParser parser && parser.getParsingContext() != null) {
            pointer = parser.getParsingContext().pathAsPointer().toString();
        }
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
        return new SchemaError(pointer, line, column, "malformed JSON: " + message);
    }
}
