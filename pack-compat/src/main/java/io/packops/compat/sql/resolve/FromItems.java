package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.sql.Identifiers;
import io.packops.compat.sql.RelationRef;
import io.packops.compat.sql.resolve.Ctx.Clause;
import io.packops.compat.sql.resolve.Scope.Binding;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * FROM items and relations: refs and sources against the schema, CTEs, derived tables, VALUES,
 * table functions, lateral views and joins ({@code using} and natural joins merge columns).
 */
final class FromItems {

    private static final Set<String> VALUE_TABLE_FUNCTIONS = Set.of(
            "unnest", "generate_series", "generate_array", "generate_date_array", "generate_timestamp_array",
            "json_array_elements", "json_array_elements_text", "jsonb_array_elements", "jsonb_array_elements_text",
            "regexp_split_to_table", "string_to_table", "explode", "explode_outer", "posexplode", "inline",
            "jsonb_object_keys", "json_object_keys");

    private static final List<String> FLATTEN_COLUMNS = List.of("seq", "key", "path", "index", "value", "this");

    private final Run run;

    FromItems(Run run) {
        this.run = run;
    }

    void addFromItem(FromItem item, Scope scope, CteEnv env) {
        if (item instanceof Table t) {
            addTable(t, scope, env);
        } else if (item instanceof LateralSubSelect lateral) {
            Shape s = run.select(lateral, scope, env);
            bindDerived(lateral.getAlias(), s, scope);
        } else if (item instanceof ParenthesedSelect ps) {
            Shape s = ps.getSelect() instanceof Values v
                    ? run.queries.values(v, null, scope.outer, env)
                    : run.select(ps, scope.outer, env); // a derived table does not see its FROM siblings
            bindDerived(ps.getAlias(), s, scope);
        } else if (item instanceof ParenthesedFromItem pfi && pfi.getAlias() != null) {
            // (values ...) as v(a, b) or (x join y) as j: the alias hides the inner names
            Scope inner = new Scope(scope.outer);
            addFromItem(pfi.getFromItem(), inner, env);
            addJoins(pfi.getJoins(), inner, env);
            List<OutputColumn> cols = new ArrayList<>();
            boolean open = false;
            for (Binding b : inner.bindings) {
                cols.addAll(b.shape().columns);
                open |= b.shape().open;
            }
            bindDerived(pfi.getAlias(), new Shape(null, cols, open), scope);
        } else if (item instanceof ParenthesedFromItem pfi) {
            addFromItem(pfi.getFromItem(), scope, env);
            addJoins(pfi.getJoins(), scope, env);
        } else if (item instanceof TableFunction tf) {
            addTableFunction(tf, scope, env);
        } else if (item instanceof Values v) {
            Shape s = run.queries.values(v, v.getAlias(), scope.outer, env);
            scope.bindings.add(new Binding(v.getAlias() == null ? null : v.getAlias().getName(),
                    v.getAlias() != null, s, false));
        } else {
            run.unchecked(null, "FROM item " + item + " is not checked");
            scope.bindings.add(new Binding(item.getAlias() == null ? null : item.getAlias().getName(),
                    item.getAlias() != null, Shape.open(String.valueOf(item)), false));
        }
    }

    void addJoins(List<Join> joins, Scope scope, CteEnv env) {
        if (joins != null) {
            for (Join j : joins) {
                addJoin(j, scope, env);
            }
        }
    }

    void addLateralViews(List<LateralView> views, Scope scope, CteEnv env) {
        if (views != null) {
            for (LateralView lv : views) {
                addLateralView(lv, scope, env);
            }
        }
    }

    private static void bindDerived(Alias alias, Shape s, Scope scope) {
        if (alias == null) {
            scope.bindings.add(new Binding(null, false, s, false));
            return;
        }
        String name = alias.getName();
        scope.bindings.add(new Binding(name, true,
                s.renamed(Identifiers.unquote(name), Positions.aliasColumns(alias)), false));
    }

    private void addTable(Table t, Scope scope, CteEnv env) {
        run.markLine(t);
        List<String> parts = Positions.qualifierParts(t);
        String name = parts.get(parts.size() - 1);
        RelationRef ref = parts.size() == 1 ? run.expanded.refFor(name) : null;
        Shape shape;
        String implicitAlias;
        if (ref != null) {
            shape = refShape(ref);
            implicitAlias = ref.name();
        } else if (parts.size() == 1 && env.lookup(name) != null) {
            shape = env.lookup(name);
            implicitAlias = name;
        } else {
            shape = namedShape(t, parts, name);
            implicitAlias = name;
        }
        if (t.getPivot() != null || t.getUnPivot() != null) {
            shape = Shape.open(shape.displayName); // pivoted columns come from data values
        }
        Alias alias = t.getAlias();
        if (alias != null) {
            String a = alias.getName();
            scope.bindings.add(new Binding(a, true,
                    shape.renamed(shape.displayName, Positions.aliasColumns(alias)), false));
        } else {
            scope.bindings.add(new Binding(implicitAlias, false, shape, false));
        }
    }

    /** {{ ref('m') }} / {{ source('s', 't') }}: the relation, or an open shape reported missing once. */
    private Shape refShape(RelationRef ref) {
        boolean model = ref.kind() == RelationRef.Kind.MODEL;
        Relation r = model ? run.schema.model(ref.name()) : run.schema.source(ref.sourceName(), ref.name());
        if (r != null) {
            return Shape.of(r, ref.displayName());
        }
        String what = model
                ? "model " + ref.name() + " (" + ref.jinja() + ") does not exist in this schema"
                : "source table " + ref.displayName() + " (" + ref.jinja() + ") does not exist in this schema";
        run.error(ProblemCode.MISSING_RELATION, ref.displayName(), null, ref.line(), what);
        return Shape.open(ref.displayName());
    }

    /** A relation named in plain SQL rather than by ref/source: found by its bare name, or reported. */
    private Shape namedShape(Table t, List<String> parts, String name) {
        List<Relation> candidates = run.schema.relationsNamed(Identifiers.unquote(name));
        if (!candidates.isEmpty()) {
            return Shape.of(candidates.get(0), candidates.get(0).name());
        }
        String full = String.join(".", parts.stream().map(Identifiers::unquote).toList());
        run.error(ProblemCode.MISSING_RELATION, full, null, run.lineOf(t),
                "relation " + full + " does not exist in this schema (name dbt relations with "
                        + "{{ ref('model') }} or {{ source('source', 'table') }})");
        return Shape.open(full);
    }

    private void addTableFunction(TableFunction tf, Scope scope, CteEnv env) {
        Function fn = tf.getFunction();
        // Table functions see earlier FROM items (they are implicitly lateral in every dialect we serve).
        run.expressions.functionArgs(fn, new Ctx(scope, env, Clause.OTHER));
        String name = FunctionRules.normalise(fn.getName());
        Alias alias = tf.getAlias();
        String a = alias == null ? name : alias.getName();
        List<String> cols = alias == null ? List.of() : Positions.aliasColumns(alias);
        Shape shape;
        boolean value = false;
        if (!cols.isEmpty()) {
            List<OutputColumn> oc = new ArrayList<>();
            for (String c : cols) {
                oc.add(new OutputColumn(Identifiers.unquote(c), Identifiers.isCaseSensitive(c), TypeFamily.UNKNOWN));
            }
            shape = new Shape(Identifiers.unquote(a), oc, false);
        } else if (name.equals("flatten")) {
            List<OutputColumn> oc = new ArrayList<>();
            for (String c : FLATTEN_COLUMNS) {
                oc.add(new OutputColumn(c, false,
                        c.equals("value") || c.equals("this") ? TypeFamily.JSON : TypeFamily.UNKNOWN));
            }
            shape = new Shape(Identifiers.unquote(a), oc, false);
        } else if (VALUE_TABLE_FUNCTIONS.contains(name)) {
            shape = new Shape(Identifiers.unquote(a),
                    List.of(new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a), TypeFamily.UNKNOWN)),
                    false);
            value = true;
        } else {
            run.unchecked(Identifiers.unquote(a), "columns of table function " + name + "() are not checked");
            shape = Shape.open(Identifiers.unquote(a));
        }
        scope.bindings.add(new Binding(a, true, shape, value));
    }

    private void addLateralView(LateralView lv, Scope scope, CteEnv env) {
        run.expressions.functionArgs(lv.getGeneratorFunction(), new Ctx(scope, env, Clause.OTHER));
        String table = lv.getTableAlias() != null ? lv.getTableAlias().getName() : null;
        List<OutputColumn> cols = new ArrayList<>();
        if (lv.getColumnAlias() != null) {
            cols.add(new OutputColumn(Identifiers.unquote(lv.getColumnAlias().getName()), false, TypeFamily.UNKNOWN));
            for (String extra : Positions.aliasColumns(lv.getColumnAlias())) {
                cols.add(new OutputColumn(Identifiers.unquote(extra), false, TypeFamily.UNKNOWN));
            }
        }
        Shape shape = cols.isEmpty() ? Shape.open(table) : new Shape(table, cols, false);
        scope.bindings.add(new Binding(table, table != null, shape, false));
    }

    private void addJoin(Join j, Scope scope, CteEnv env) {
        int before = scope.bindings.size();
        addFromItem(j.getRightItem(), scope, env);
        if (scope.bindings.size() == before) {
            return;
        }
        Binding right = scope.bindings.get(scope.bindings.size() - 1);
        if (j.getUsingColumns() != null) {
            for (Column c : j.getUsingColumns()) {
                usingColumn(c, scope, before, right);
            }
        }
        if (j.isNatural()) {
            for (OutputColumn c : right.shape().columns) {
                for (int i = 0; i < before; i++) {
                    if (!scope.bindings.get(i).shape().lookup(c.name()).isEmpty()) {
                        scope.merged.add(c.name().toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        if (j.getOnExpressions() != null) {
            for (Expression on : j.getOnExpressions()) {
                run.typeOf(on, new Ctx(scope, env, Clause.JOIN));
            }
        }
    }

    /** One column of {@code join ... using (c)}: on both sides, comparable, then merged. */
    private void usingColumn(Column c, Scope scope, int before, Binding right) {
        run.markLine(c);
        String n = c.getColumnName();
        boolean inLeft = false;
        boolean leftOpen = false;
        TypeFamily leftFamily = TypeFamily.UNKNOWN;
        for (int i = 0; i < before; i++) {
            Binding b = scope.bindings.get(i);
            List<OutputColumn> found = b.shape().lookup(n);
            if (!found.isEmpty() && !inLeft) {
                leftFamily = found.get(0).family();
            }
            inLeft |= !found.isEmpty();
            leftOpen |= b.shape().open;
        }
        List<OutputColumn> onRight = right.shape().lookup(n);
        if (inLeft && !onRight.isEmpty()) {
            run.types.checkComparable(leftFamily, onRight.get(0).family(), c, c, "using", run.lineOf(c));
        }
        if (!inLeft && !leftOpen) {
            String left = before == 1 ? scope.bindings.get(0).shape().displayName : null;
            run.error(ProblemCode.MISSING_COLUMN, left, Identifiers.unquote(n), run.lineOf(c),
                    "column " + Identifiers.unquote(n) + " in using (...) does not exist in the left side of the join"
                            + (left != null ? " (" + left + ")" : ""));
        }
        if (onRight.isEmpty() && !right.shape().open) {
            run.error(ProblemCode.MISSING_COLUMN, right.shape().displayName, Identifiers.unquote(n), run.lineOf(c),
                    "column " + Identifiers.unquote(n) + " in using (...) does not exist in " + right.shape().displayName);
        }
        scope.merged.add(Identifiers.key(n));
    }
}
