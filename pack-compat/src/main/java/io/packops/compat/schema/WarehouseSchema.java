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
 *
 * <p>The relations, their lookup maps and the fingerprint live in a shared body: schemas made with
 * {@link #withEnvelope} from one parsed schema share it, as accounts of one fingerprint share one stored
 * body, so a fleet of thousands of accounts costs one index and one fingerprint per distinct schema.
 */
public final class WarehouseSchema {
    private final String accountId;
    private final String connector;
    private final String warehouse;
    private final String capturedAt;
    private final Body body;

    /** What does not depend on the envelope; immutable once the fingerprint is computed. */
    private static final class Body {
        final List<Relation> relations;
        final Map<String, Relation> byKey = new HashMap<>();
        final Map<String, List<Relation>> byName = new HashMap<>();
        volatile String fingerprint;

        Body(List<Relation> relations, String knownFingerprint) {
            this.relations = List.copyOf(relations);
            this.fingerprint = knownFingerprint;
            for (Relation r : this.relations) {
                byKey.putIfAbsent(r.key(), r);
                byName.computeIfAbsent(r.kind().wireName() + ":" + r.name().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(r);
            }
        }
    }

    public WarehouseSchema(String accountId, String connector, String warehouse, String capturedAt,
                           List<Relation> relations) {
        this(accountId, connector, warehouse, capturedAt, new Body(relations, null));
    }

    /**
     * A schema whose fingerprint is already known (stored with its snapshot); it is trusted, not
     * recomputed. Pass null to have it computed on first use.
     */
    public WarehouseSchema(String accountId, String connector, String warehouse, String capturedAt,
                           List<Relation> relations, String fingerprint) {
        this(accountId, connector, warehouse, capturedAt, new Body(relations, fingerprint));
    }

    private WarehouseSchema(String accountId, String connector, String warehouse, String capturedAt, Body body) {
        this.accountId = accountId;
        this.connector = connector;
        this.warehouse = warehouse;
        this.capturedAt = capturedAt;
        this.body = body;
    }

    public static WarehouseSchema of(List<Relation> relations) {
        return new WarehouseSchema(null, null, null, null, relations);
    }

    public String accountId() { return accountId; }
    public String connector() { return connector; }
    public String warehouse() { return warehouse; }
    public String capturedAt() { return capturedAt; }
    public List<Relation> relations() { return body.relations; }

    /** The model named {@code name} (case-insensitive), or null. */
    public Relation model(String name) {
        List<Relation> found = body.byName.get("model:" + name.toLowerCase(Locale.ROOT));
        return found == null ? null : found.get(0);
    }

    /**
     * The raw table {@code table} of source {@code source}. A source relation recorded without its
     * source name (the native form may omit it) matches any source when it is the only one of its name.
     */
    public Relation source(String source, String table) {
        Relation exact = body.byKey.get(Relation.key(RelationKind.SOURCE, source, table));
        if (exact != null) {
            return exact;
        }
        List<Relation> named = body.byName.getOrDefault("source:" + table.toLowerCase(Locale.ROOT), List.of());
        List<Relation> unnamed = named.stream().filter(r -> r.sourceName() == null).toList();
        return unnamed.size() == 1 ? unnamed.get(0) : null;
    }

    /** All relations with this name of either kind (for plain table names in SQL). */
    public List<Relation> relationsNamed(String name) {
        List<Relation> all = new ArrayList<>();
        all.addAll(body.byName.getOrDefault("model:" + name.toLowerCase(Locale.ROOT), List.of()));
        all.addAll(body.byName.getOrDefault("source:" + name.toLowerCase(Locale.ROOT), List.of()));
        return Collections.unmodifiableList(all);
    }

    /** See {@link SchemaFingerprint}: stable across relation/column order, name case and input format. */
    public String fingerprint() {
        String f = body.fingerprint;
        if (f == null) {
            f = SchemaFingerprint.of(body.relations);
            body.fingerprint = f;
        }
        return f;
    }

    /** A copy with another envelope, sharing this schema's relations, lookups and fingerprint. */
    public WarehouseSchema withEnvelope(String accountId, String connector, String warehouse, String capturedAt) {
        return new WarehouseSchema(accountId, connector, warehouse, capturedAt, body);
    }
}
