package io.packops.compat.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The relations one account really has, with the envelope of DESIGN's snapshot format.
 * Envelope fields may be null when a schema is read from a bare catalog.
 */
public final class WarehouseSchema {
    private final String accountId;
    private final String connector;
    private final String warehouse;
    private final String capturedAt;
    private final List<Relation> relations;
    private final Map<String, Relation> byKey = new HashMap<>();
    private final Map<String, List<Relation>> byName = new HashMap<>();
    private volatile String fingerprint;

    public WarehouseSchema(String accountId, String connector, String warehouse, String capturedAt,
                           List<Relation> relations) {
        this.accountId = accountId;
        this.connector = connector;
        this.warehouse = warehouse;
        this.capturedAt = capturedAt;
        this.relations = List.copyOf(relations);
        for (Relation r : this.relations) {
            byKey.putIfAbsent(r.key(), r);
            byName.computeIfAbsent(r.kind().wireName() + ":" + r.name().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(r);
        }
    }

    public static WarehouseSchema of(List<Relation> relations) {
        return new WarehouseSchema(null, null, null, null, relations);
    }

    public String accountId() { return accountId; }
    public String connector() { return connector; }
    public String warehouse() { return warehouse; }
    public String capturedAt() { return capturedAt; }
    public List<Relation> relations() { return relations; }

    /** The model named {@code name} (case-insensitive), or null. */
    public Relation model(String name) {
        List<Relation> found = byName.get("model:" + name.toLowerCase(Locale.ROOT));
        return found == null ? null : found.get(0);
    }

    /**
     * The raw table {@code table} of source {@code source}. A source relation recorded without its
     * source name (the native form may omit it) matches any source when it is the only one of its name.
     */
    public Relation source(String source, String table) {
        Relation exact = byKey.get(Relation.key(RelationKind.SOURCE, source, table));
        if (exact != null) {
            return exact;
        }
        List<Relation> named = byName.getOrDefault("source:" + table.toLowerCase(Locale.ROOT), List.of());
        List<Relation> unnamed = named.stream().filter(r -> r.sourceName() == null).toList();
        return unnamed.size() == 1 ? unnamed.get(0) : null;
    }

    /** All relations with this name of either kind (for plain table names in SQL). */
    public List<Relation> relationsNamed(String name) {
        List<Relation> all = new ArrayList<>();
        all.addAll(byName.getOrDefault("model:" + name.toLowerCase(Locale.ROOT), List.of()));
        all.addAll(byName.getOrDefault("source:" + name.toLowerCase(Locale.ROOT), List.of()));
        return Collections.unmodifiableList(all);
    }

    /** See {@link SchemaFingerprint}: stable across relation/column order, name case and input format. */
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            f = SchemaFingerprint.of(relations);
            fingerprint = f;
        }
        return f;
    }

    /** A copy with another envelope (same relations, same fingerprint). */
    public WarehouseSchema withEnvelope(String accountId, String connector, String warehouse, String capturedAt) {
        return new WarehouseSchema(accountId, connector, warehouse, capturedAt, relations);
    }
}
