package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.dialect.Dialect;
import io.packops.compat.sql.Identifiers;
import io.packops.compat.sql.resolve.Ctx.Clause;
import io.packops.compat.sql.resolve.Scope.Binding;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Query shapes: what a SELECT, a set operation, VALUES or a WITH list outputs, with select-list
 * expansion ({@code *}, {@code t.*}, {@code * except}), aliases, GROUP BY / ORDER BY and ordinals.
 */
final class Queries {
    private final Run run;

    Queries(Run run) {
        this.run = run;
    }

    Shape select(Select s, Scope outer, CteEnv env) {
        if (s.getWithItemsList() != null && !(s instanceof ParenthesedSelect)) {
            env = withItems(s.getWithItemsList(), outer, env);
        }
        if (s instanceof PlainSelect ps) {
            return plain(ps, outer, env);
        }
        if (s instanceof SetOperationList so) {
            return setOperation(so, outer, env);
        }
        if (s instanceof ParenthesedSelect p) {
            CteEnv inner = p.getWithItemsList() != null ? withItems(p.getWithItemsList(), outer, env) : env;
            Shape shape = select(p.getSelect(), outer, inner);
            orderByOutputs(p.getOrderByElements(), shape, outer, inner);
            return shape;
        }
        if (s instanceof Values v) {
            return values(v, null, outer, env);
        }
        run.unchecked(null, "query form " + s.getClass().getSimpleName() + " is not checked");
        return Shape.open(null);
    }

    private CteEnv withItems(List<WithItem<?>> items, Scope outer, CteEnv env) {
        for (WithItem<?> w : items) {
            if (w.getSelect() == null) {
                continue; // data-modifying CTE: not allowed in packs anyway, nothing to resolve
            }
            String name = w.getAlias() != null ? w.getAlias().getName() : null;
            List<String> cols = withColumns(w);
            Select body = w.getSelect().getSelect() != null ? w.getSelect().getSelect() : w.getSelect();
            Shape shape;
            boolean recursive = w.isRecursive() || run.dialect == Dialect.SNOWFLAKE;
            if (!w.isRecursive() && body instanceof SetOperationList so0 && name != null && references(so0, name)) {
                run.dialectSensitive = true; // only Snowflake makes RECURSIVE optional
            }
            if (recursive && body instanceof SetOperationList so && name != null && references(so, name)) {
                // Recursive CTE: the anchor branch fixes the columns, later branches may use the CTE.
                Shape anchor = select(so.getSelects().get(0), outer, env).renamed(Identifiers.unquote(name), cols);
                CteEnv self = env.with(name, anchor);
                for (int i = 1; i < so.getSelects().size(); i++) {
                    select(so.getSelects().get(i), outer, self);
                }
                shape = anchor;
            } else {
                shape = select(w.getSelect(), outer, env);
                shape = shape.renamed(name == null ? null : Identifiers.unquote(name), cols);
            }
            if (name != null) {
                env = env.with(name, shape);
            }
        }
        return env;
    }

    private static boolean references(SetOperationList so, String name) {
        String k = Identifiers.key(name);
        String text = so.toString().toLowerCase(Locale.ROOT);
        return text.matches("(?s).*\\b" + Pattern.quote(k) + "\\b.*");
    }

    private static List<String> withColumns(WithItem<?> w) {
        List<String> cols = new ArrayList<>();
        if (w.getWithItemList() != null) {
            for (SelectItem<?> si : w.getWithItemList()) {
                cols.add(si.getExpression() instanceof Column c ? c.getColumnName() : si.toString());
            }
        }
        if (cols.isEmpty() && w.getAlias() != null) {
            cols.addAll(Positions.aliasColumns(w.getAlias()));
        }
        return cols;
    }

    private Shape setOperation(SetOperationList so, Scope outer, CteEnv env) {
        List<Shape> shapes = new ArrayList<>();
        boolean open = false;
        for (Select branch : so.getSelects()) {
            Shape s = select(branch, outer, env);
            shapes.add(s);
            open |= s.open;
        }
        Shape first = shapes.get(0);
        List<OutputColumn> cols = new ArrayList<>(first.columns);
        for (int b = 1; b < shapes.size(); b++) {
            Shape s = shapes.get(b);
            if (!open && s.columns.size() != first.columns.size()) {
                run.error(ProblemCode.TYPE_MISMATCH, null, null, run.line,
                        "each branch of a " + so.getOperations().get(b - 1).toString().toLowerCase(Locale.ROOT)
                                + " must return the same number of columns (" + first.columns.size() + " vs "
                                + s.columns.size() + ")");
            }
            for (int i = 0; i < cols.size() && i < s.columns.size(); i++) {
                OutputColumn c = cols.get(i);
                if (c.family() == TypeFamily.UNKNOWN && s.columns.get(i).family() != TypeFamily.UNKNOWN) {
                    cols.set(i, new OutputColumn(c.name(), c.caseSensitive(), s.columns.get(i).family()));
                }
            }
        }
        Shape shape = new Shape(null, cols, open);
        orderByOutputs(so.getOrderByElements(), shape, outer, env);
        return shape;
    }

    /** ORDER BY of a set operation or parenthesised query: output names and ordinals only. */
    private void orderByOutputs(List<OrderByElement> order, Shape shape, Scope outer, CteEnv env) {
        if (order == null) {
            return;
        }
        Scope scope = new Scope(outer);
        scope.bindings.add(new Binding(null, false, shape, false));
        orderBy(order, shape, new Ctx(scope, env, Clause.ORDER_BY));
    }

    Shape values(Values v, Alias alias, Scope outer, CteEnv env) {
        int width = 0;
        ExpressionList<?> rows = v.getExpressions();
        if (rows != null) {
            for (Expression row : rows) {
                int w = row instanceof ExpressionList<?> el ? el.size() : 1;
                width = Math.max(width, w);
                run.typeOf(row, new Ctx(new Scope(outer), env, Clause.OTHER));
            }
        }
        List<OutputColumn> cols = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
            cols.add(new OutputColumn("column" + i, false, TypeFamily.UNKNOWN));
        }
        Shape shape = new Shape("values", cols, false);
        return alias == null ? shape : shape.renamed(Identifiers.unquote(alias.getName()), Positions.aliasColumns(alias));
    }

    private Shape plain(PlainSelect ps, Scope outer, CteEnv env) {
        Scope scope = new Scope(outer);
        if (ps.getFromItem() != null) {
            run.from.addFromItem(ps.getFromItem(), scope, env);
        }
        run.from.addJoins(ps.getJoins(), scope, env);
        run.from.addLateralViews(ps.getLateralViews(), scope, env);
        List<OutputColumn> outputs = new ArrayList<>();
        boolean open = false;
        for (SelectItem<?> item : ps.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllTableColumns atc) {
                open |= expandTableStar(atc, scope, outputs);
            } else if (e instanceof AllColumns ac) {
                open |= expandStar(ac, scope, env, outputs);
            } else {
                TypeFamily f = run.typeOf(e, new Ctx(scope, env, Clause.SELECT));
                OutputColumn out = outputColumn(item, f);
                outputs.add(out);
                if (item.getAlias() != null) {
                    scope.aliases.add(out);
                }
            }
        }
        Ctx ctx = new Ctx(scope, env, Clause.WHERE);
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> on : ps.getDistinct().getOnSelectItems()) {
                Expression on1 = on.getExpression(); // DISTINCT ON sees what ORDER BY sees
                run.typeOf(on1, ctx.in(on1 instanceof Column ? Clause.ORDER_BY : Clause.ORDER_BY_EXPR));
            }
        }
        run.typeOf(ps.getWhere(), ctx);
        Shape shape = new Shape(null, outputs, open);
        GroupByElement g = ps.getGroupBy();
        if (g != null) {
            groupBy(g.getGroupByExpressionList(), shape, ctx.in(Clause.GROUP_BY));
            if (g.getGroupingSets() != null) {
                for (ExpressionList<?> set : g.getGroupingSets()) {
                    groupBy(set, shape, ctx.in(Clause.GROUP_BY));
                }
            }
        }
        run.typeOf(ps.getHaving(), ctx.in(Clause.HAVING));
        run.typeOf(ps.getQualify(), ctx.in(Clause.QUALIFY));
        if (ps.getWindowDefinitions() != null) {
            for (WindowDefinition w : ps.getWindowDefinitions()) {
                run.expressions.window(w, ctx.in(Clause.OTHER));
            }
        }
        orderBy(ps.getOrderByElements(), shape, ctx);
        return shape;
    }

    /** ORDER BY items: an ordinal must be in the select list; a bare name is an ORDER_BY, the rest ORDER_BY_EXPR. */
    private void orderBy(List<OrderByElement> order, Shape shape, Ctx ctx) {
        if (order == null) {
            return;
        }
        for (OrderByElement o : order) {
            Expression e = o.getExpression();
            if (e instanceof LongValue lv) {
                checkOrdinal(lv, shape, "order by");
            } else {
                run.typeOf(e, ctx.in(e instanceof Column ? Clause.ORDER_BY : Clause.ORDER_BY_EXPR));
            }
        }
    }

    private void groupBy(ExpressionList<?> list, Shape shape, Ctx ctx) {
        if (list == null) {
            return;
        }
        for (Expression e : list) {
            if (e instanceof LongValue lv) {
                checkOrdinal(lv, shape, "group by");
            } else if (e instanceof ExpressionList<?> nested) {
                groupBy(nested, shape, ctx);
            } else {
                run.typeOf(e, ctx.in(e instanceof Column ? Clause.GROUP_BY : Clause.GROUP_BY_EXPR));
            }
        }
    }

    private void checkOrdinal(LongValue lv, Shape shape, String clause) {
        // a literal past Long.MAX_VALUE (the fuzzer's group by 1, 2222…) is out of range like any other
        java.math.BigInteger n = lv.getBigIntegerValue();
        if (n.signum() < 1 || (!shape.open && n.compareTo(java.math.BigInteger.valueOf(shape.columns.size())) > 0)) {
            run.error(ProblemCode.MISSING_COLUMN, null, n.toString(), run.line,
                    clause + " position " + n + " is not in the select list (" + shape.columns.size() + " columns)");
        }
    }

    private static OutputColumn outputColumn(SelectItem<?> item, TypeFamily family) {
        if (item.getAlias() != null) {
            String a = item.getAlias().getName();
            return new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a), family);
        }
        Expression e = item.getExpression();
        if (e instanceof CastExpression ce && ce.getLeftExpression() instanceof Column c) {
            e = c; // PostgreSQL names cast(x as t) and x::t after x
        }
        if (e instanceof Column c) {
            String n = c.getColumnName();
            return new OutputColumn(Identifiers.unquote(n), Identifiers.isCaseSensitive(n), family);
        }
        if (e instanceof Function f && f.getName() != null) {
            return new OutputColumn(FunctionRules.normalise(f.getName()), false, family);
        }
        if (e instanceof AnalyticExpression a && a.getName() != null) {
            return new OutputColumn(FunctionRules.normalise(a.getName()), false, family);
        }
        return new OutputColumn("?column?", false, family);
    }

    private boolean expandStar(AllColumns star, Scope scope, CteEnv env, List<OutputColumn> outputs) {
        boolean open = false;
        List<OutputColumn> expanded = new ArrayList<>();
        Set<String> seenMerged = new HashSet<>();
        for (Binding b : scope.bindings) {
            open |= b.shape().open;
            if (b.value() && b.shape().columns.isEmpty()) {
                expanded.add(new OutputColumn(Identifiers.unquote(b.alias()), false, TypeFamily.UNKNOWN));
            }
            for (OutputColumn c : b.shape().columns) {
                String k = c.name().toLowerCase(Locale.ROOT);
                if (scope.merged.contains(k) && !seenMerged.add(k)) {
                    continue; // a using-column appears once in select *
                }
                expanded.add(c);
            }
        }
        if (scope.bindings.isEmpty()) {
            run.error(ProblemCode.MISSING_RELATION, null, null, run.line, "select * with no FROM clause");
        }
        if (star.getExceptColumns() != null) {
            for (Column c : star.getExceptColumns()) {
                run.markLine(c);
                String n = c.getColumnName();
                boolean removed = expanded.removeIf(o -> o.isNamed(n));
                if (!removed && !open) {
                    run.error(ProblemCode.MISSING_COLUMN, scope.single(), Identifiers.unquote(n), run.lineOf(c),
                            "column " + Identifiers.unquote(n) + " in * except (...) does not exist");
                }
            }
        }
        if (star.getReplaceExpressions() != null) {
            for (SelectItem<?> r : star.getReplaceExpressions()) {
                run.typeOf(r.getExpression(), new Ctx(scope, env, Clause.SELECT));
            }
        }
        outputs.addAll(expanded);
        return open;
    }

    boolean expandTableStar(AllTableColumns atc, Scope scope, List<OutputColumn> outputs) {
        Table t = atc.getTable();
        run.markLine(t);
        List<String> q = run.columnQualifier(t);
        for (Scope s = scope; s != null; s = s.outer) {
            Binding b = s.find(q);
            if (b != null) {
                outputs.addAll(b.shape().columns);
                return b.shape().open;
            }
        }
        String name = String.join(".", q.stream().map(Identifiers::unquote).toList());
        run.error(ProblemCode.MISSING_RELATION, name, null, run.lineOf(t),
                name + " is not a table or alias in this query (in " + name + ".*)");
        return true;
    }
}
