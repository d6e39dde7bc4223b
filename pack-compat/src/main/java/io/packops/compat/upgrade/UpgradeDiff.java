package io.packops.compat.upgrade;

import io.packops.compat.upgrade.rename.ColumnRename;
import io.packops.compat.upgrade.rename.ModelRename;
import io.packops.compat.upgrade.rename.Renames;

import io.packops.compat.check.Problem;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.WarehouseSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a release of a dbt package does to the models a pack reads: from the package's old and new {@code catalog.json}
 * (or any two {@link WarehouseSchema}s), per model, the columns removed, added and retyped by type family (a new
 * spelling within a family, {@code VARCHAR(256)} to {@code TEXT}, is no change: the fingerprint's rule), the models
 * removed and added, and the likely renames among them ({@link Renames}): suggestions only, never applied.
 *
 * <p>Only relations of kind {@code model} (dbt models, seeds and snapshots) are compared. Sources are the connector's
 * raw tables, which a package release does not change (whether a catalog lists them depends on how it was generated),
 * so the diff leaves them out and {@link #applyTo} keeps the account's own.
 *
 * <p>{@link #applyTo} projects an account's schema under the old release to its schema after the upgrade, and
 * {@link #applyToFleet} does that once per distinct fingerprint of a fleet. Immutable and thread-safe.
 */
public final class UpgradeDiff {

    private final List<Relation> modelsRemoved;
    private final List<Relation> modelsAdded;
    private final List<ModelChange> modelsChanged;
    private final List<ModelRename> modelRenames;
    private final int typeSpellingsChanged;
    private final Map<String, Relation> removedByName = new HashMap<>();
    private final Map<String, Relation> addedByName = new HashMap<>();
    private final Map<String, ModelChange> changedByName = new HashMap<>();

    private UpgradeDiff(List<Relation> modelsRemoved, List<Relation> modelsAdded, List<ModelChange> modelsChanged,
                        List<ModelRename> modelRenames, int typeSpellingsChanged) {
        this.modelsRemoved = List.copyOf(modelsRemoved);
        this.modelsAdded = List.copyOf(modelsAdded);
        this.modelsChanged = List.copyOf(modelsChanged);
        this.modelRenames = List.copyOf(modelRenames);
        this.typeSpellingsChanged = typeSpellingsChanged;
        modelsRemoved.forEach(r -> removedByName.put(key(r.name()), r));
        modelsAdded.forEach(r -> addedByName.put(key(r.name()), r));
        modelsChanged.forEach(c -> changedByName.put(key(c.model()), c));
    }

    /** The diff from {@code from} (the release accounts run now) to {@code to} (the coming one). */
    public static UpgradeDiff between(WarehouseSchema from, WarehouseSchema to) {
        Map<String, Relation> before = models(from);
        Map<String, Relation> after = models(to);
        List<Relation> removed = new ArrayList<>();
        List<Relation> added = new ArrayList<>();
        List<ModelChange> changed = new ArrayList<>();
        int spellings = 0;
        for (Map.Entry<String, Relation> e : before.entrySet()) {
            Relation next = after.get(e.getKey());
            if (next == null) {
                removed.add(e.getValue());
                continue;
            }
            Relation old = e.getValue();
            Map<String, Column> oldColumns = old.columnIndex();
            Map<String, Column> newColumns = next.columnIndex();
            List<Column> gone = new ArrayList<>();
            List<Retype> retyped = new ArrayList<>();
            for (Map.Entry<String, Column> c : oldColumns.entrySet()) {
                Column now = newColumns.get(c.getKey());
                if (now == null) {
                    gone.add(c.getValue());
                } else if (now.family() != c.getValue().family()) {
                    retyped.add(new Retype(now.name(), c.getValue(), now));
                } else if (!now.type().strip().equalsIgnoreCase(c.getValue().type().strip())) {
                    spellings++;
                }
            }
            List<Column> arrived = newColumns.entrySet().stream()
                    .filter(c -> !oldColumns.containsKey(c.getKey())).map(Map.Entry::getValue).toList();
            if (!gone.isEmpty() || !arrived.isEmpty() || !retyped.isEmpty()) {
                changed.add(new ModelChange(next.name(), gone, arrived, retyped,
                        Renames.columns(next.name(), gone, arrived)));
            }
        }
        for (Map.Entry<String, Relation> e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                added.add(e.getValue());
            }
        }
        return new UpgradeDiff(removed, added, changed, Renames.models(removed, added), spellings);
    }

    /** The models of a schema by lower-cased name, sorted by name; the first of a name wins, as in lookups. */
    private static Map<String, Relation> models(WarehouseSchema schema) {
        Map<String, Relation> models = new LinkedHashMap<>();
        schema.relations().stream().filter(r -> r.kind() == RelationKind.MODEL)
                .sorted(Comparator.comparing(r -> key(r.name())))
                .forEach(r -> models.putIfAbsent(key(r.name()), r));
        return models;
    }

    /** Models of the old release that the new one no longer has, by name. */
    public List<Relation> modelsRemoved() {
        return modelsRemoved;
    }

    /** Models only the new release has, by name, with their columns. */
    public List<Relation> modelsAdded() {
        return modelsAdded;
    }

    /** Models both have whose columns differ, by name. */
    public List<ModelChange> modelsChanged() {
        return modelsChanged;
    }

    public List<ModelRename> modelRenames() {
        return modelRenames;
    }

    /** Every column rename suggested, model by model. */
    public List<ColumnRename> columnRenames() {
        return modelsChanged.stream().flatMap(c -> c.renames().stream()).toList();
    }

    /** Columns of models both releases have whose type is spelled differently within its family: not changes. */
    public int typeSpellingsChanged() {
        return typeSpellingsChanged;
    }

    public int columnsRemoved() {
        return modelsChanged.stream().mapToInt(c -> c.removed().size()).sum();
    }

    public int columnsAdded() {
        return modelsChanged.stream().mapToInt(c -> c.added().size()).sum();
    }

    public int columnsRetyped() {
        return modelsChanged.stream().mapToInt(c -> c.retyped().size()).sum();
    }

    /** True when the releases have the same models with the same columns and type families. */
    public boolean isEmpty() {
        return modelsRemoved.isEmpty() && modelsAdded.isEmpty() && modelsChanged.isEmpty();
    }

    /**
     * {@code schema} (an account's, under the old release) as it will be after the upgrade: models the release
     * removes are gone; in the models it changes, the removed columns are gone, retyped ones take the new type and
     * added ones are appended (an account's own extra columns stay); models it adds are there (replacing an account's
     * relation of that name). Sources and the account's other models stay as they are; a changed model the account
     * does not have (disabled in its project) stays absent. The envelope is kept; the fingerprint is the result's.
     */
    public WarehouseSchema applyTo(WarehouseSchema schema) {
        List<Relation> out = new ArrayList<>();
        for (Relation r : schema.relations()) {
            String name = key(r.name());
            if (r.kind() != RelationKind.MODEL) {
                out.add(r);
            } else if (!removedByName.containsKey(name) && !addedByName.containsKey(name)) {
                ModelChange change = changedByName.get(name);
                out.add(change == null ? r : apply(change, r));
            }
        }
        out.addAll(modelsAdded);
        return new WarehouseSchema(schema.accountId(), schema.connector(), schema.warehouse(), schema.capturedAt(), out);
    }

    private static Relation apply(ModelChange change, Relation model) {
        Map<String, Column> replaced = new HashMap<>();
        change.retyped().forEach(t -> replaced.put(key(t.column()), t.to()));
        change.added().forEach(c -> replaced.put(key(c.name()), c));
        Set<String> removed = new HashSet<>();
        change.removed().forEach(c -> removed.add(key(c.name())));
        List<Column> columns = new ArrayList<>();
        for (Column c : model.columns()) {
            String name = key(c.name());
            if (removed.contains(name)) {
                continue;
            }
            Column next = replaced.remove(name);
            columns.add(next == null ? c : new Column(c.name(), next.type(), next.family()));
        }
        for (Column c : change.added()) {
            if (replaced.containsKey(key(c.name()))) {
                columns.add(c);
            }
        }
        return new Relation(model.name(), model.kind(), model.sourceName(), columns);
    }

    /**
     * Every schema of a fleet after the upgrade, in the same order: the diff is applied once per distinct fingerprint
     * and the accounts of a fingerprint share the result's body (and its fingerprint), each with its own envelope.
     */
    public UpgradedFleet applyToFleet(Collection<WarehouseSchema> schemas) {
        Map<String, WarehouseSchema> byFingerprint = new LinkedHashMap<>();
        List<WarehouseSchema> after = new ArrayList<>(schemas.size());
        for (WarehouseSchema s : schemas) {
            WarehouseSchema upgraded = byFingerprint.computeIfAbsent(s.fingerprint(), f -> applyTo(s));
            after.add(upgraded.withEnvelope(s.accountId(), s.connector(), s.warehouse(), s.capturedAt()));
        }
        Map<String, String> fingerprints = new LinkedHashMap<>();
        byFingerprint.forEach((before, upgraded) -> fingerprints.put(before, upgraded.fingerprint()));
        return new UpgradedFleet(this, List.copyOf(schemas), after, fingerprints);
    }

    /** The rename suggested for column {@code column} of {@code model}, if any. */
    public Optional<ColumnRename> columnRename(String model, String column) {
        ModelChange change = changedByName.get(key(model));
        return change == null ? Optional.empty()
                : change.renames().stream().filter(r -> r.from().equalsIgnoreCase(column)).findFirst();
    }

    /** The rename suggested for removed model {@code model}, if any. */
    public Optional<ModelRename> modelRename(String model) {
        return modelRenames.stream().filter(r -> r.from().equalsIgnoreCase(model)).findFirst();
    }

    /**
     * {@code problem} (found after the upgrade) with what in this diff explains it, when something does, in words
     * that complete the problem's detail: a model or column it removed ({@code removed by the upgrade}, with the
     * rename suggested), a column it retyped (a type error), a column it added (a name now ambiguous). A problem's
     * relation is the one the SQL read, which may be a CTE: then the column is looked up in every changed model.
     */
    public UpgradeProblem explain(Problem problem) {
        String relation = problem.relation();
        String column = problem.column();
        switch (problem.code()) {
            case ProblemCode.MISSING_RELATION -> {
                if (relation != null && removedByName.containsKey(key(relation))) {
                    return new UpgradeProblem(problem, "removed by the upgrade", modelRename(relation).orElse(null));
                }
            }
            case ProblemCode.MISSING_COLUMN -> {
                ModelChange change = changeFor(relation, column, ModelChange::removed);
                if (change != null) {
                    return new UpgradeProblem(problem, "removed" + from(change, relation) + " by the upgrade",
                            columnRename(change.model(), column).orElse(null));
                }
            }
            case ProblemCode.TYPE_MISMATCH -> {
                ModelChange change = changeFor(relation, column, c -> c.retyped().stream().map(Retype::to).toList());
                if (change != null) {
                    Retype t = change.retyped().stream().filter(r -> r.column().equalsIgnoreCase(column)).findFirst()
                            .orElseThrow();
                    return new UpgradeProblem(problem, change.model() + "." + t.column() + " changed type family in the"
                            + " upgrade: " + t.fromFamily().wireName() + " (" + t.from().type() + ") → "
                            + t.toFamily().wireName() + " (" + t.to().type() + ")", null);
                }
            }
            case ProblemCode.AMBIGUOUS_COLUMN -> {
                ModelChange change = changeFor(null, column, ModelChange::added);
                if (change != null) {
                    return new UpgradeProblem(problem, column + " was added to " + change.model() + " by the upgrade",
                            null);
                }
            }
            default -> {
            }
        }
        return new UpgradeProblem(problem, null, null);
    }

    /** {@code " from m"} unless the problem already names model {@code m}. */
    private static String from(ModelChange change, String relation) {
        return change.model().equalsIgnoreCase(relation) ? "" : " from " + change.model();
    }

    /** The changed model whose {@code columns} include {@code column}: {@code relation} when it is one, else the first. */
    private ModelChange changeFor(String relation, String column,
                                  Function<ModelChange, List<Column>> columns) {
        if (column == null) {
            return null;
        }
        ModelChange named = relation == null ? null : changedByName.get(key(relation));
        if (named != null && has(columns.apply(named), column)) {
            return named;
        }
        return modelsChanged.stream().filter(c -> has(columns.apply(c), column)).findFirst().orElse(null);
    }

    private static boolean has(List<Column> columns, String name) {
        return columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
