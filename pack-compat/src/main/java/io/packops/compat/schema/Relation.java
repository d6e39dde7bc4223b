package io.packops.compat.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A table or view. {@code sourceName} is the dbt source a raw table belongs to ({@code stripe} in
 * {@code source('stripe', 'charge')}); null for models and for native schemas that do not say.
 */
public record Relation(String name, RelationKind kind, String sourceName, List<Column> columns) {

    public Relation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }

    /** Columns keyed by lower-cased name, in declaration order (first wins on a case-only clash). */
    public Map<String, Column> columnIndex() {
        Map<String, Column> index = new LinkedHashMap<>();
        for (Column c : columns) {
            index.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
        }
        return Collections.unmodifiableMap(index);
    }

    public String key() {
        return key(kind, sourceName, name);
    }

    public static String key(RelationKind kind, String sourceName, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return kind == RelationKind.SOURCE && sourceName != null
                ? "source:" + sourceName.toLowerCase(Locale.ROOT) + "." + n
                : kind.wireName() + ":" + n;
    }
}
