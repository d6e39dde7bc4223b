package io.packops.compat.oracle;

import io.packops.compat.check.CompiledPack;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.RelationRef;
import io.packops.compat.sql.SqlCompiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a real catalog aimed at what a pack's queries use: the schema drift a connector
 * release or a customer's warehouse really shows (a column dropped or renamed, a relation dropped, a
 * column's type changed, a column of the same name appearing in a joined relation). Candidates are
 * collected in a fixed order and drawn with a {@link Random} of the given seed, so a seed always gives
 * the same mutations.
 */
final class CatalogMutations {

    enum Kind {
        /** A column named in a query is dropped from a relation the query reads. */
        DROP_COLUMN,
        /** Such a column is renamed ({@code x} becomes {@code x_renamed}). */
        RENAME_COLUMN,
        /** A relation a query reads is dropped. */
        DROP_RELATION,
        /** A timestamp, date or number column named in a query becomes {@code text}. */
        RETYPE_TO_TEXT,
        /**
         * A timestamp or date column named in a query becomes {@code bigint}, or a number column becomes
         * {@code timestamp}: the date-versus-number confusions pack-compat does check.
         */
        RETYPE_TEMPORAL_NUMBER_SWAP,
        /**
         * A column a query names unqualified in one relation is added (same type) to another relation
         * the same query reads. The sample packs qualify every column where two relations share a
         * scope, so this checks scoping (no ambiguity across scopes) more than it creates ambiguity.
         */
        DUPLICATE_INTO_JOINED_RELATION,
        /**
         * Where a query reads two relations, one qualified reference {@code a.col} to a column only
         * one of them has is written {@code col}, and the column is added (same type) to the other
         * relation: where both relations share the reference's scope it is now ambiguous. The only
         * mutation that also changes a query's SQL (see {@link Mutation#query()}).
         */
        UNQUALIFY_AND_DUPLICATE_INTO_JOINED_RELATION
    }

    /**
     * A mutated schema. {@code newType} is the retyped column's new PostgreSQL type (retype kinds only).
     * For {@link Kind#UNQUALIFY_AND_DUPLICATE_INTO_JOINED_RELATION}, {@code query} is the index of the
     * pack query whose SQL is replaced by {@code sql}; otherwise -1 and null.
     */
    record Mutation(Kind kind, String relation, String column, String target, String newType, WarehouseSchema schema,
                    int query, ParsedQuery sql) {

        String describe() {
            return switch (kind) {
                case DROP_COLUMN -> "drop column " + relation + "." + column;
                case RENAME_COLUMN -> "rename column " + relation + "." + column + " to " + column + "_renamed";
                case DROP_RELATION -> "drop relation " + relation;
                case RETYPE_TO_TEXT -> "retype column " + relation + "." + column + " from " + target + " to text";
                case RETYPE_TEMPORAL_NUMBER_SWAP -> "retype column " + relation + "." + column + " from " + target
                        + " to " + newType;
                case DUPLICATE_INTO_JOINED_RELATION -> "copy column " + relation + "." + column + " into " + target;
                case UNQUALIFY_AND_DUPLICATE_INTO_JOINED_RELATION -> "unqualify a reference to " + relation + "."
                        + column + " in query #" + query + " and copy the column into " + target;
            };
        }

        /** The query to judge at {@code index} of the pack: the mutated SQL there, else the pack's own. */
        ParsedQuery queryAt(int index, CompiledPack.Query original) {
            return index == query ? sql : original.parsed();
        }
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A word not written as {@code x.word} nor {@code word.x}. */
    private static final Pattern UNQUALIFIED = Pattern.compile("(?<![.\\w])([A-Za-z_][A-Za-z0-9_]*)(?!\\s*\\.|\\w)");
    /** {@code qualifier.column}, not part of a longer dotted name nor a function call. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![.\\w])([A-Za-z_][A-Za-z0-9_]*)\\.([A-Za-z_][A-Za-z0-9_]*)(?![.\\w(])");
    private static final Set<TypeFamily> RETYPED = Set.of(TypeFamily.TIMESTAMP, TypeFamily.DATE,
            TypeFamily.INTEGER, TypeFamily.NUMERIC, TypeFamily.FLOAT);

    /** One place to unqualify: query, span of {@code a.col}, the column, its relation and the other relation. */
    private record Unqualify(int query, int start, int end, String column, String from, String to) {
    }

    private CatalogMutations() {
    }

    /** Up to {@code perKind} mutations of each kind, drawn with {@code seed} from what {@code pack} uses. */
    static List<Mutation> generate(WarehouseSchema base, CompiledPack pack, Map<Kind, Integer> perKind, long seed) {
        Random random = new Random(seed);
        Map<String, Relation> relations = new LinkedHashMap<>();        // by key, in order of first use
        Map<String, Set<String>> usedColumns = new LinkedHashMap<>();   // relation key -> columns named by its queries
        List<String[]> duplicates = new ArrayList<>();                  // {from key, column, to key}
        Set<String> seenDuplicates = new LinkedHashSet<>();
        List<Unqualify> unqualifies = new ArrayList<>();
        for (int qi = 0; qi < pack.queries().size(); qi++) {
            String sql = pack.queries().get(qi).parsed().sql();
            Set<String> words = words(sql, WORD, 0);
            Set<String> unqualified = words(sql, UNQUALIFIED, 1);
            List<Relation> read = relationsRead(base, pack.queries().get(qi));
            for (Relation r : read) {
                relations.putIfAbsent(r.key(), r);
                Set<String> used = usedColumns.computeIfAbsent(r.key(), k -> new LinkedHashSet<>());
                for (Column c : r.columns()) {
                    String name = lower(c.name());
                    if (!words.contains(name)) {
                        continue;
                    }
                    used.add(c.name());
                    if (!unqualified.contains(name)) {
                        continue;
                    }
                    for (Relation other : read) {
                        if (other != r && !other.columnIndex().containsKey(name)
                                && seenDuplicates.add(r.key() + "|" + name + "|" + other.key())) {
                            duplicates.add(new String[] {r.key(), c.name(), other.key()});
                        }
                    }
                }
            }
            if (read.size() >= 2) {
                Matcher m = QUALIFIED.matcher(sql);
                while (m.find()) {
                    String name = lower(m.group(2));
                    List<Relation> having = read.stream().filter(r -> r.columnIndex().containsKey(name)).toList();
                    if (having.size() == 1) {
                        for (Relation other : read) {
                            if (other != having.get(0)) {
                                unqualifies.add(new Unqualify(qi, m.start(), m.end(), m.group(2), having.get(0).key(), other.key()));
                            }
                        }
                    }
                }
            }
        }

        List<Mutation> out = new ArrayList<>();
        List<String[]> columnCandidates = new ArrayList<>();
        usedColumns.forEach((key, cols) -> cols.forEach(c -> columnCandidates.add(new String[] {key, c})));

        for (String[] kc : draw(columnCandidates, perKind.getOrDefault(Kind.DROP_COLUMN, 0), random)) {
            Relation r = relations.get(kc[0]);
            out.add(schemaOnly(Kind.DROP_COLUMN, r, kc[1], null,
                    replace(base, r, columns(r, c -> c.name().equals(kc[1]) ? null : c))));
        }
        for (String[] kc : draw(columnCandidates, perKind.getOrDefault(Kind.RENAME_COLUMN, 0), random)) {
            Relation r = relations.get(kc[0]);
            out.add(schemaOnly(Kind.RENAME_COLUMN, r, kc[1], null, replace(base, r,
                    columns(r, c -> c.name().equals(kc[1]) ? new Column(c.name() + "_renamed", c.type(), c.family()) : c))));
        }
        for (String key : draw(new ArrayList<>(relations.keySet()), perKind.getOrDefault(Kind.DROP_RELATION, 0), random)) {
            Relation r = relations.get(key);
            List<Relation> rest = new ArrayList<>(base.relations());
            rest.removeIf(x -> x.key().equals(key));
            out.add(schemaOnly(Kind.DROP_RELATION, r, null, null, with(base, rest)));
        }
        List<String[]> typed = columnCandidates.stream()
                .filter(kc -> RETYPED.contains(relations.get(kc[0]).columnIndex().get(lower(kc[1])).family()))
                .toList();
        for (String[] kc : draw(typed, perKind.getOrDefault(Kind.RETYPE_TO_TEXT, 0), random)) {
            Relation r = relations.get(kc[0]);
            Column old = r.columnIndex().get(lower(kc[1]));
            out.add(new Mutation(Kind.RETYPE_TO_TEXT, display(r), kc[1], old.type() + " (" + old.family().wireName() + ")",
                    "text", replace(base, r, columns(r, c -> c == old ? Column.of(c.name(), "text") : c)), -1, null));
        }
        for (String[] kc : draw(typed, perKind.getOrDefault(Kind.RETYPE_TEMPORAL_NUMBER_SWAP, 0), random)) {
            Relation r = relations.get(kc[0]);
            Column old = r.columnIndex().get(lower(kc[1]));
            String type = old.family().isTemporal() ? "bigint" : "timestamp without time zone";
            out.add(new Mutation(Kind.RETYPE_TEMPORAL_NUMBER_SWAP, display(r), kc[1],
                    old.type() + " (" + old.family().wireName() + ")", type,
                    replace(base, r, columns(r, c -> c == old ? Column.of(c.name(), type) : c)), -1, null));
        }
        for (String[] d : draw(duplicates, perKind.getOrDefault(Kind.DUPLICATE_INTO_JOINED_RELATION, 0), random)) {
            Relation from = relations.get(d[0]);
            Relation to = relations.get(d[2]);
            out.add(schemaOnly(Kind.DUPLICATE_INTO_JOINED_RELATION, from, d[1], display(to),
                    withColumn(base, to, from.columnIndex().get(lower(d[1])))));
        }
        for (Unqualify u : draw(unqualifies, perKind.getOrDefault(Kind.UNQUALIFY_AND_DUPLICATE_INTO_JOINED_RELATION, 0), random)) {
            Relation from = relations.get(u.from());
            Relation to = relations.get(u.to());
            String sql = pack.queries().get(u.query()).parsed().sql();
            String mutated = sql.substring(0, u.start()) + u.column() + sql.substring(u.end());
            out.add(new Mutation(Kind.UNQUALIFY_AND_DUPLICATE_INTO_JOINED_RELATION, display(from), u.column(), display(to),
                    null, withColumn(base, to, from.columnIndex().get(lower(u.column()))), u.query(), SqlCompiler.compile(mutated)));
        }
        return out;
    }

    private static Mutation schemaOnly(Kind kind, Relation r, String column, String target, WarehouseSchema schema) {
        return new Mutation(kind, display(r), column, target, null, schema, -1, null);
    }

    /** The relations a query's ref() and source() calls name that exist in {@code base}, each once. */
    private static List<Relation> relationsRead(WarehouseSchema base, CompiledPack.Query q) {
        List<Relation> read = new ArrayList<>();
        for (RelationRef ref : q.parsed().expanded().refs()) {
            Relation r = ref.kind() == RelationRef.Kind.MODEL ? base.model(ref.name()) : base.source(ref.sourceName(), ref.name());
            if (r != null && read.stream().noneMatch(x -> x.key().equals(r.key()))) {
                read.add(r);
            }
        }
        return read;
    }

    /** Lower-cased matches (of {@code group}) of {@code pattern} in the SQL; words in string literals count too. */
    private static Set<String> words(String sql, Pattern pattern, int group) {
        Set<String> words = new LinkedHashSet<>();
        Matcher m = pattern.matcher(sql);
        while (m.find()) {
            words.add(lower(m.group(group)));
        }
        return words;
    }

    private static <T> List<T> draw(List<T> candidates, int n, Random random) {
        List<T> shuffled = new ArrayList<>(candidates);
        Collections.shuffle(shuffled, random);
        return shuffled.subList(0, Math.min(n, shuffled.size()));
    }

    private static List<Column> columns(Relation r, UnaryOperator<Column> change) {
        List<Column> out = new ArrayList<>();
        for (Column c : r.columns()) {
            Column changed = change.apply(c);
            if (changed != null) {
                out.add(changed);
            }
        }
        return out;
    }

    private static WarehouseSchema withColumn(WarehouseSchema base, Relation to, Column column) {
        List<Column> cols = new ArrayList<>(to.columns());
        cols.add(column);
        return replace(base, to, cols);
    }

    private static WarehouseSchema replace(WarehouseSchema base, Relation old, List<Column> columns) {
        List<Relation> relations = new ArrayList<>();
        for (Relation r : base.relations()) {
            relations.add(r == old ? new Relation(r.name(), r.kind(), r.sourceName(), columns) : r);
        }
        return with(base, relations);
    }

    private static WarehouseSchema with(WarehouseSchema base, List<Relation> relations) {
        return new WarehouseSchema(base.accountId(), base.connector(), base.warehouse(), base.capturedAt(), relations);
    }

    static String display(Relation r) {
        return r.kind() == RelationKind.SOURCE && r.sourceName() != null ? r.sourceName() + "." + r.name() : r.name();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
