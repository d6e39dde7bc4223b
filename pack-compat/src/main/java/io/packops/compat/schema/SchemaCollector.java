package io.packops.compat.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What both input formats feed while they are read: relations, checked for duplicates and limits,
 * and every error found, each with the JSON pointer of the value at fault.
 */
final class SchemaCollector {

    /** Enough to fix a file in a few rounds; beyond this a document is probably not a schema at all. */
    static final int MAX_ERRORS = 500;

    private record PendingError(String pointer, String message) {
    }

    private final List<PendingError> errors = new ArrayList<>();
    private int errorsLeftOut;
    private final List<Relation> relations = new ArrayList<>();
    private final Map<String, String> pointerByKey = new HashMap<>();
    private int relationsSeen;

    void error(String pointer, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new PendingError(pointer, message));
        } else {
            errorsLeftOut++;
        }
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * Counts one more relation entry; false once there are more than {@link SchemaReader#MAX_RELATIONS},
     * after recording one error against {@code containerPointer}. Callers then stop reading entries.
     */
    boolean admitRelation(String containerPointer) {
        if (++relationsSeen <= SchemaReader.MAX_RELATIONS) {
            return true;
        }
        error(containerPointer, "too many relations: the limit is " + SchemaReader.MAX_RELATIONS);
        return false;
    }

    /** False, after recording an error, when a relation has more than {@link SchemaReader#MAX_COLUMNS_PER_RELATION}. */
    boolean admitColumns(String columnsPointer, int count) {
        if (count <= SchemaReader.MAX_COLUMNS_PER_RELATION) {
            return true;
        }
        error(columnsPointer, count + " columns: the limit is " + SchemaReader.MAX_COLUMNS_PER_RELATION
                + " per relation");
        return false;
    }

    /** Adds a relation unless one with the same kind, source and name (ignoring case) is already there. */
    void relation(String pointer, Relation relation) {
        String first = pointerByKey.putIfAbsent(relation.key(), pointer);
        if (first != null) {
            error(pointer, "duplicate relation: " + describe(relation) + " is also defined at " + first
                    + " (names compare case-insensitively)");
        } else {
            relations.add(relation);
        }
    }

    /** Columns of one relation, checked for case-insensitive duplicates. */
    final class Columns {
        private final List<Column> columns = new ArrayList<>();
        private final Map<String, String> pointerByName = new HashMap<>();

        void add(String pointer, Column column) {
            String first = pointerByName.putIfAbsent(column.name().toLowerCase(Locale.ROOT), pointer);
            if (first != null) {
                error(pointer, "duplicate column \"" + column.name() + "\": also defined at " + first
                        + " (names compare case-insensitively)");
            } else {
                columns.add(column);
            }
        }

        List<Column> list() {
            return columns;
        }
    }

    Columns columns() {
        return new Columns();
    }

    List<Relation> relations() {
        return relations;
    }

    /** The errors with line and column looked up in {@code json}, plus a note if some were left out. */
    List<SchemaError> located(JsonFactory factory, String json) {
        Set<String> pointers = new LinkedHashSet<>();
        errors.forEach(e -> pointers.add(e.pointer()));
        Map<String, JsonLocation> locations = JsonLocations.find(factory, json, pointers);
        List<SchemaError> result = new ArrayList<>();
        for (PendingError e : errors) {
            JsonLocation loc = locations.get(e.pointer());
            result.add(loc == null
                    ? new SchemaError(e.pointer(), 0, 0, e.message())
                    : new SchemaError(e.pointer(), loc.getLineNr(), loc.getColumnNr(), e.message()));
        }
        if (errorsLeftOut > 0) {
            result.add(new SchemaError("", 0, 0, errorsLeftOut + " more errors not shown (only the first "
                    + MAX_ERRORS + " are reported)"));
        }
        return result;
    }

    static String describe(Relation r) {
        String name = r.kind() == RelationKind.SOURCE && r.sourceName() != null
                ? r.sourceName() + "." + r.name() : r.name();
        return r.kind().wireName() + " \"" + name + "\"";
    }
}
