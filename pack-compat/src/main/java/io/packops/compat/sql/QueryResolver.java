package io.packops.compat.sql;

import io.packops.compat.check.ProblemCode;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamilies;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.LambdaExpression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.LateralView;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a parsed query against one schema with SQL's scoping rules and reports what would not
 * compile there: missing relations and columns, ambiguous columns, and type mismatches that
 * warehouses reject. The parsed tree is only read, so resolution is safe from many threads.
 */
public final class QueryResolver {

    /** What one query resolves to: its findings, and its output columns (for KPI narratives). */
    /**
     * {@code dialectSensitive} tells whether the warehouse's dialect decided anything (an alias seen
     * where only some warehouses allow it); when false, the result holds for every warehouse.
     */
    public record Resolution(List<Finding> findings, List<OutputColumn> outputs, boolean openOutputs,
                             boolean dialectSensitive) {
        public Resolution {
            findings = List.copyOf(findings);
            outputs = List.copyOf(outputs);
        }

        public boolean hasOutput(String name) {
            return outputs.stream().anyMatch(c -> c.isNamed(name));
        }
    }

    private QueryResolver() {
    }

    public static Resolution resolve(ParsedQuery query, WarehouseSchema schema) {
        if (!query.parsed()) {
            return new Resolution(query.findings(), List.of(), true, false);
        }
        Run run = new Run(query.expanded(), schema);
        try {
            Shape out = run.select(query.select(), null, CteEnv.EMPTY);
            return new Resolution(new ArrayList<>(run.findings), out.columns, out.open, run.dialectSensitive);
        } catch (RuntimeException | StackOverflowError e) {
            // A construct this resolver does not model must not take the whole check down.
            List<Finding> findings = new ArrayList<>(run.findings);
            findings.add(Finding.warning(ProblemCode.UNCHECKED_REFERENCE, null, null, run.line,
                    "query could not be fully checked (" + (e instanceof StackOverflowError
                            ? "it is nested too deeply" : "internal error of the resolver on a construct in it") + ")"));
            return new Resolution(findings, List.of(), true, run.dialectSensitive);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Scopes

    /** The CTEs visible at a point of the query, innermost first. */
    private record CteEnv(CteEnv parent, String key, Shape shape) {
        static final CteEnv EMPTY = new CteEnv(null, null, null);

        CteEnv with(String rawName, Shape s) {
            return new CteEnv(this, Identifiers.key(rawName), s);
        }

        Shape lookup(String rawName) {
            String k = Identifiers.key(rawName);
            for (CteEnv e = this; e != null && e.key != null; e = e.parent) {
                if (e.key.equals(k)) {
                    return e.shape;
                }
            }
            return null;
        }
    }

    /**
     * Something in FROM, as the query can qualify it: an explicit alias, or for a table without
     * alias its own name. A value binding (BigQuery {@code unnest(x) as item}) is also a column.
     */
    private record Binding(String alias, boolean explicitAlias, Shape shape, boolean value) {
        boolean answersTo(List<String> qualifier) {
            if (alias == null || qualifier.isEmpty()) {
                return false;
            }
            String last = qualifier.get(qualifier.size() - 1);
            if (explicitAlias && qualifier.size() > 1) {
                return false;
            }
            return explicitAlias ? Identifiers.sameName(last, alias) : Identifiers.matches(last, alias);
        }
    }

    /**
     * Where an expression sits. GROUP_BY / ORDER_BY are bare names there; inside a larger expression
     * (order by a + 1) they are the _EXPR variants, where PostgreSQL no longer sees select-list aliases.
     */
    private enum Clause { SELECT, WHERE, JOIN, GROUP_BY, GROUP_BY_EXPR, HAVING, QUALIFY, ORDER_BY, ORDER_BY_EXPR, OTHER }

    private static final class Scope {
        final Scope outer;
        final List<Binding> bindings = new ArrayList<>();
        /** Columns merged by {@code join ... using} / natural joins: unqualified use is not ambiguous. */
        final Set<String> merged = new HashSet<>();
        /** Select-list aliases defined so far (for group by / order by and dialects that allow more). */
        final List<OutputColumn> aliases = new ArrayList<>();

        Scope(Scope outer) {
            this.outer = outer;
        }

        boolean anyOpen() {
            for (Binding b : bindings) {
                if (b.shape.open) {
                    return true;
                }
            }
            return false;
        }

        Binding find(List<String> qualifier) {
            Binding found = null;
            for (Binding b : bindings) {
                if (b.answersTo(qualifier)) {
                    if (found == null || b.explicitAlias && !found.explicitAlias) {
                        found = b;
                    }
                }
            }
            return found;
        }
    }

    private record Ctx(Scope scope, CteEnv env, Clause clause) {
        Ctx in(Clause c) {
            return new Ctx(scope, env, c);
        }
    }

    private static final Map<String, TypeFamily> NILADIC = Map.ofEntries(
            Map.entry("current_date", TypeFamily.DATE),
            Map.entry("current_timestamp", TypeFamily.TIMESTAMP),
            Map.entry("localtimestamp", TypeFamily.TIMESTAMP),
            Map.entry("sysdate", TypeFamily.TIMESTAMP),
            Map.entry("systimestamp", TypeFamily.TIMESTAMP),
            Map.entry("getdate", TypeFamily.TIMESTAMP),
            Map.entry("current_time", TypeFamily.UNKNOWN),
            Map.entry("localtime", TypeFamily.UNKNOWN),
            Map.entry("current_user", TypeFamily.STRING),
            Map.entry("session_user", TypeFamily.STRING),
            Map.entry("user", TypeFamily.STRING),
            Map.entry("current_role", TypeFamily.STRING),
            Map.entry("current_schema", TypeFamily.STRING),
            Map.entry("current_database", TypeFamily.STRING),
            Map.entry("current_catalog", TypeFamily.STRING),
            Map.entry("current_region", TypeFamily.STRING),
            Map.entry("current_warehouse", TypeFamily.STRING),
            Map.entry("true", TypeFamily.BOOLEAN),
            Map.entry("false", TypeFamily.BOOLEAN),
            Map.entry("null", TypeFamily.UNKNOWN));

    private static final Set<String> VALUE_TABLE_FUNCTIONS = Set.of(
            "unnest", "generate_series", "generate_array", "generate_date_array", "generate_timestamp_array",
            "json_array_elements", "json_array_elements_text", "jsonb_array_elements", "jsonb_array_elements_text",
            "regexp_split_to_table", "string_to_table", "explode", "explode_outer", "posexplode", "inline",
            "jsonb_object_keys", "json_object_keys");

    private static final List<String> FLATTEN_COLUMNS = List.of("seq", "key", "path", "index", "value", "this");

    // ---------------------------------------------------------------------------------------------
    // One resolution

    private static final class Run extends ExpressionVisitorAdapter<TypeFamily> {
        final TemplateExpander.Expanded expanded;
        final WarehouseSchema schema;
        final Dialect dialect;
        final Set<Finding> findings = new LinkedHashSet<>();
        int line = 1;
        boolean dialectSensitive;

        Run(TemplateExpander.Expanded expanded, WarehouseSchema schema) {
            this.expanded = expanded;
            this.schema = schema;
            this.dialect = Dialect.of(schema.warehouse());
        }

        // ---- queries --------------------------------------------------------------------------

        Shape select(Select s, Scope outer, CteEnv env) {
            if (s.getWithItemsList() != null && !(s instanceof ParenthesedSelect)) {
                env = withItems(s.getWithItemsList(), outer, env);
            }
            Shape shape;
            if (s instanceof PlainSelect ps) {
                shape = plain(ps, outer, env);
            } else if (s instanceof SetOperationList so) {
                shape = setOperation(so, outer, env);
            } else if (s instanceof ParenthesedSelect p) {
                CteEnv inner = p.getWithItemsList() != null ? withItems(p.getWithItemsList(), outer, env) : env;
                shape = select(p.getSelect(), outer, inner);
                orderByOutputs(p.getOrderByElements(), shape, outer, inner);
            } else if (s instanceof Values v) {
                shape = values(v, null, outer, env);
            } else {
                findings.add(Finding.warning(ProblemCode.UNCHECKED_REFERENCE, null, null, line,
                        "query form " + s.getClass().getSimpleName() + " is not checked"));
                shape = Shape.open(null);
            }
            return shape;
        }

        CteEnv withItems(List<WithItem<?>> items, Scope outer, CteEnv env) {
            for (WithItem<?> w : items) {
                if (w.getSelect() == null) {
                    continue; // data-modifying CTE: not allowed in packs anyway, nothing to resolve
                }
                String name = w.getAlias() != null ? w.getAlias().getName() : null;
                List<String> cols = withColumns(w);
                Select body = w.getSelect().getSelect() != null ? w.getSelect().getSelect() : w.getSelect();
                Shape shape;
                boolean recursive = w.isRecursive() || dialect == Dialect.SNOWFLAKE;
                if (!w.isRecursive() && body instanceof SetOperationList so0 && name != null && references(so0, name)) {
                    dialectSensitive = true; // only Snowflake makes RECURSIVE optional
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
            return text.matches("(?s).*\\b" + java.util.regex.Pattern.quote(k) + "\\b.*");
        }

        private static List<String> withColumns(WithItem<?> w) {
            List<String> cols = new ArrayList<>();
            if (w.getWithItemList() != null) {
                for (SelectItem<?> si : w.getWithItemList()) {
                    cols.add(si.getExpression() instanceof Column c ? c.getColumnName() : si.toString());
                }
            }
            if (cols.isEmpty() && w.getAlias() != null && w.getAlias().getAliasColumns() != null) {
                for (Alias.AliasColumn ac : w.getAlias().getAliasColumns()) {
                    cols.add(ac.name);
                }
            }
            return cols;
        }

        Shape setOperation(SetOperationList so, Scope outer, CteEnv env) {
            List<Shape> shapes = new ArrayList<>();
            for (Select branch : so.getSelects()) {
                shapes.add(select(branch, outer, env));
            }
            Shape first = shapes.get(0);
            List<OutputColumn> cols = new ArrayList<>(first.columns);
            boolean open = false;
            for (Shape s : shapes) {
                open |= s.open;
            }
            for (int b = 1; b < shapes.size(); b++) {
                Shape s = shapes.get(b);
                if (!open && s.columns.size() != first.columns.size()) {
                    findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, null, line,
                            "each branch of a " + so.getOperations().get(b - 1).toString().toLowerCase(Locale.ROOT)
                                    + " must return the same number of columns (" + first.columns.size() + " vs "
                                    + s.columns.size() + ")"));
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
        void orderByOutputs(List<OrderByElement> order, Shape shape, Scope outer, CteEnv env) {
            if (order == null) {
                return;
            }
            Scope scope = new Scope(outer);
            scope.bindings.add(new Binding(null, false, shape, false));
            for (OrderByElement o : order) {
                Expression e = o.getExpression();
                if (e instanceof LongValue lv) {
                    checkOrdinal(lv, shape, "order by");
                } else {
                    typeOf(e, new Ctx(scope, env, e instanceof Column ? Clause.ORDER_BY : Clause.ORDER_BY_EXPR));
                }
            }
        }

        Shape values(Values v, Alias alias, Scope outer, CteEnv env) {
            int width = 0;
            ExpressionList<?> rows = v.getExpressions();
            if (rows != null) {
                for (Expression row : rows) {
                    int w = row instanceof ExpressionList<?> el ? el.size() : 1;
                    width = Math.max(width, w);
                    typeOf(row, new Ctx(new Scope(outer), env, Clause.OTHER));
                }
            }
            List<OutputColumn> cols = new ArrayList<>();
            for (int i = 1; i <= width; i++) {
                cols.add(new OutputColumn("column" + i, false, TypeFamily.UNKNOWN));
            }
            Shape shape = new Shape("values", cols, false);
            return alias == null ? shape : shape.renamed(Identifiers.unquote(alias.getName()), aliasColumns(alias));
        }

        Shape plain(PlainSelect ps, Scope outer, CteEnv env) {
            Scope scope = new Scope(outer);
            if (ps.getFromItem() != null) {
                addFromItem(ps.getFromItem(), scope, env);
            }
            if (ps.getJoins() != null) {
                for (Join j : ps.getJoins()) {
                    addJoin(j, scope, env);
                }
            }
            if (ps.getLateralViews() != null) {
                for (LateralView lv : ps.getLateralViews()) {
                    addLateralView(lv, scope, env);
                }
            }
            List<OutputColumn> outputs = new ArrayList<>();
            boolean open = false;
            for (SelectItem<?> item : ps.getSelectItems()) {
                Expression e = item.getExpression();
                if (e instanceof AllTableColumns atc) {
                    open |= expandTableStar(atc, scope, outputs);
                } else if (e instanceof AllColumns ac) {
                    open |= expandStar(ac, scope, env, outputs);
                } else {
                    TypeFamily f = typeOf(e, new Ctx(scope, env, Clause.SELECT));
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
                    typeOf(on1, ctx.in(on1 instanceof Column ? Clause.ORDER_BY : Clause.ORDER_BY_EXPR));
                }
            }
            typeOf(ps.getWhere(), ctx);
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
            typeOf(ps.getHaving(), ctx.in(Clause.HAVING));
            typeOf(ps.getQualify(), ctx.in(Clause.QUALIFY));
            if (ps.getWindowDefinitions() != null) {
                for (WindowDefinition w : ps.getWindowDefinitions()) {
                    window(w, ctx.in(Clause.OTHER));
                }
            }
            if (ps.getOrderByElements() != null) {
                for (OrderByElement o : ps.getOrderByElements()) {
                    if (o.getExpression() instanceof LongValue lv) {
                        checkOrdinal(lv, shape, "order by");
                    } else {
                        typeOf(o.getExpression(), ctx.in(o.getExpression() instanceof Column ? Clause.ORDER_BY : Clause.ORDER_BY_EXPR));
                    }
                }
            }
            return shape;
        }

        void groupBy(ExpressionList<?> list, Shape shape, Ctx ctx) {
            if (list == null) {
                return;
            }
            for (Expression e : list) {
                if (e instanceof LongValue lv) {
                    checkOrdinal(lv, shape, "group by");
                } else if (e instanceof ExpressionList<?> nested) {
                    groupBy(nested, shape, ctx);
                } else {
                    typeOf(e, ctx.in(e instanceof Column ? Clause.GROUP_BY : Clause.GROUP_BY_EXPR));
                }
            }
        }

        void checkOrdinal(LongValue lv, Shape shape, String clause) {
            long n = lv.getValue();
            if (n < 1 || (!shape.open && n > shape.columns.size())) {
                findings.add(Finding.error(ProblemCode.MISSING_COLUMN, null, String.valueOf(n), line,
                        clause + " position " + n + " is not in the select list (" + shape.columns.size()
                                + " columns)"));
            }
        }

        OutputColumn outputColumn(SelectItem<?> item, TypeFamily family) {
            if (item.getAlias() != null) {
                String a = item.getAlias().getName();
                return new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a), family);
            }
            Expression e = item.getExpression();
            if (e instanceof CastExpression ce && !ce.isImplicitCast() && ce.getLeftExpression() instanceof Column c) {
                e = c; // PostgreSQL names cast(x as t) after x
            } else if (e instanceof CastExpression ce && ce.getLeftExpression() instanceof Column c) {
                e = c;
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

        boolean expandStar(AllColumns star, Scope scope, CteEnv env, List<OutputColumn> outputs) {
            boolean open = false;
            List<OutputColumn> expanded = new ArrayList<>();
            Set<String> seenMerged = new HashSet<>();
            for (Binding b : scope.bindings) {
                open |= b.shape.open;
                if (b.value && b.shape.columns.isEmpty()) {
                    expanded.add(new OutputColumn(Identifiers.unquote(b.alias), false, TypeFamily.UNKNOWN));
                }
                for (OutputColumn c : b.shape.columns) {
                    String k = c.name().toLowerCase(Locale.ROOT);
                    if (scope.merged.contains(k) && !seenMerged.add(k)) {
                        continue; // a using-column appears once in select *
                    }
                    expanded.add(c);
                }
            }
            if (scope.bindings.isEmpty()) {
                findings.add(Finding.error(ProblemCode.MISSING_RELATION, null, null, line,
                        "select * with no FROM clause"));
            }
            if (star.getExceptColumns() != null) {
                for (Column c : star.getExceptColumns()) {
                    markLine(c);
                    String n = c.getColumnName();
                    boolean removed = expanded.removeIf(o -> o.isNamed(n));
                    if (!removed && !open) {
                        findings.add(Finding.error(ProblemCode.MISSING_COLUMN, single(scope), Identifiers.unquote(n),
                                lineOf(c), "column " + Identifiers.unquote(n) + " in * except (...) does not exist"));
                    }
                }
            }
            if (star.getReplaceExpressions() != null) {
                for (SelectItem<?> r : star.getReplaceExpressions()) {
                    typeOf(r.getExpression(), new Ctx(scope, env, Clause.SELECT));
                }
            }
            outputs.addAll(expanded);
            return open;
        }

        boolean expandTableStar(AllTableColumns atc, Scope scope, List<OutputColumn> outputs) {
            Table t = atc.getTable();
            markLine(t);
            List<String> q = columnQualifier(t);
            for (Scope s = scope; s != null; s = s.outer) {
                Binding b = s.find(q);
                if (b != null) {
                    outputs.addAll(b.shape.columns);
                    return b.shape.open;
                }
            }
            String name = String.join(".", q.stream().map(Identifiers::unquote).toList());
            findings.add(Finding.error(ProblemCode.MISSING_RELATION, name, null, lineOf(t),
                    name + " is not a table or alias in this query (in " + name + ".*)"));
            return true;
        }

        // ---- FROM -----------------------------------------------------------------------------

        void addFromItem(FromItem item, Scope scope, CteEnv env) {
            if (item instanceof Table t) {
                addTable(t, scope, env);
            } else if (item instanceof LateralSubSelect lateral) {
                Shape s = select(lateral, scope, env);
                bindDerived(lateral.getAlias(), s, scope);
            } else if (item instanceof ParenthesedSelect ps) {
                Shape s = ps.getSelect() instanceof Values v
                        ? values(v, null, scope.outer, env)
                        : select(ps, scope.outer, env); // a derived table does not see its FROM siblings
                bindDerived(ps.getAlias(), s, scope);
            } else if (item instanceof ParenthesedFromItem pfi && pfi.getAlias() != null) {
                // (values ...) as v(a, b) or (x join y) as j: the alias hides the inner names
                Scope inner = new Scope(scope.outer);
                addFromItem(pfi.getFromItem(), inner, env);
                if (pfi.getJoins() != null) {
                    for (Join j : pfi.getJoins()) {
                        addJoin(j, inner, env);
                    }
                }
                List<OutputColumn> cols = new ArrayList<>();
                boolean open = false;
                for (Binding b : inner.bindings) {
                    cols.addAll(b.shape.columns);
                    open |= b.shape.open;
                }
                bindDerived(pfi.getAlias(), new Shape(null, cols, open), scope);
            } else if (item instanceof ParenthesedFromItem pfi) {
                addFromItem(pfi.getFromItem(), scope, env);
                if (pfi.getJoins() != null) {
                    for (Join j : pfi.getJoins()) {
                        addJoin(j, scope, env);
                    }
                }
            } else if (item instanceof TableFunction tf) {
                addTableFunction(tf, scope, env);
            } else if (item instanceof Values v) {
                Shape s = values(v, v.getAlias(), scope.outer, env);
                scope.bindings.add(new Binding(v.getAlias() == null ? null : v.getAlias().getName(),
                        v.getAlias() != null, s, false));
            } else {
                findings.add(Finding.warning(ProblemCode.UNCHECKED_REFERENCE, null, null, line,
                        "FROM item " + item + " is not checked"));
                scope.bindings.add(new Binding(item.getAlias() == null ? null : item.getAlias().getName(),
                        item.getAlias() != null, Shape.open(String.valueOf(item)), false));
            }
        }

        void bindDerived(Alias alias, Shape s, Scope scope) {
            if (alias == null) {
                scope.bindings.add(new Binding(null, false, s, false));
                return;
            }
            String name = alias.getName();
            scope.bindings.add(new Binding(name, true, s.renamed(Identifiers.unquote(name), aliasColumns(alias)), false));
        }

        void addTable(Table t, Scope scope, CteEnv env) {
            markLine(t);
            List<String> parts = qualifierParts(t);
            String name = parts.get(parts.size() - 1);
            RelationRef ref = parts.size() == 1 ? expanded.refFor(name) : null;
            Shape shape;
            String implicitAlias;
            if (ref != null) {
                Relation r = ref.kind() == RelationRef.Kind.MODEL
                        ? schema.model(ref.name())
                        : schema.source(ref.sourceName(), ref.name());
                if (r == null) {
                    String what = ref.kind() == RelationRef.Kind.MODEL
                            ? "model " + ref.name() + " (" + ref.jinja() + ") does not exist in this schema"
                            : "source table " + ref.displayName() + " (" + ref.jinja() + ") does not exist in this schema";
                    findings.add(Finding.error(ProblemCode.MISSING_RELATION, ref.displayName(), null, ref.line(), what));
                    shape = Shape.open(ref.displayName());
                } else {
                    shape = Shape.of(r, ref.displayName());
                }
                implicitAlias = ref.name();
            } else if (parts.size() == 1 && env.lookup(name) != null) {
                shape = env.lookup(name);
                implicitAlias = name;
            } else {
                String bare = Identifiers.unquote(name);
                List<Relation> candidates = schema.relationsNamed(bare);
                if (candidates.isEmpty()) {
                    String full = String.join(".", parts.stream().map(Identifiers::unquote).toList());
                    findings.add(Finding.error(ProblemCode.MISSING_RELATION, full, null, lineOf(t),
                            "relation " + full + " does not exist in this schema (name dbt relations with "
                                    + "{{ ref('model') }} or {{ source('source', 'table') }})"));
                    shape = Shape.open(full);
                } else {
                    shape = Shape.of(candidates.get(0), candidates.get(0).name());
                }
                implicitAlias = name;
            }
            if (t.getPivot() != null || t.getUnPivot() != null) {
                shape = Shape.open(shape.displayName); // pivoted columns come from data values
            }
            Alias alias = t.getAlias();
            if (alias != null) {
                String a = alias.getName();
                scope.bindings.add(new Binding(a, true, shape.renamed(shape.displayName, aliasColumns(alias)), false));
            } else {
                scope.bindings.add(new Binding(implicitAlias, false, shape, false));
            }
        }

        void addTableFunction(TableFunction tf, Scope scope, CteEnv env) {
            Function fn = tf.getFunction();
            // Table functions see earlier FROM items (they are implicitly lateral in every dialect we serve).
            visitFunctionArgs(fn, new Ctx(scope, env, Clause.OTHER));
            String name = FunctionRules.normalise(fn.getName());
            Alias alias = tf.getAlias();
            String a = alias == null ? name : alias.getName();
            List<String> cols = alias == null ? List.of() : aliasColumns(alias);
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
                    oc.add(new OutputColumn(c, false, c.equals("value") || c.equals("this") ? TypeFamily.JSON : TypeFamily.UNKNOWN));
                }
                shape = new Shape(Identifiers.unquote(a), oc, false);
            } else if (VALUE_TABLE_FUNCTIONS.contains(name)) {
                shape = new Shape(Identifiers.unquote(a),
                        List.of(new OutputColumn(Identifiers.unquote(a), Identifiers.isCaseSensitive(a), TypeFamily.UNKNOWN)),
                        false);
                value = true;
            } else {
                findings.add(Finding.warning(ProblemCode.UNCHECKED_REFERENCE, Identifiers.unquote(a), null, line,
                        "columns of table function " + name + "() are not checked"));
                shape = Shape.open(Identifiers.unquote(a));
            }
            scope.bindings.add(new Binding(a, true, shape, value));
        }

        void addLateralView(LateralView lv, Scope scope, CteEnv env) {
            visitFunctionArgs(lv.getGeneratorFunction(), new Ctx(scope, env, Clause.OTHER));
            String table = lv.getTableAlias() != null ? lv.getTableAlias().getName() : null;
            List<OutputColumn> cols = new ArrayList<>();
            if (lv.getColumnAlias() != null) {
                cols.add(new OutputColumn(Identifiers.unquote(lv.getColumnAlias().getName()), false, TypeFamily.UNKNOWN));
                for (String extra : aliasColumns(lv.getColumnAlias())) {
                    cols.add(new OutputColumn(Identifiers.unquote(extra), false, TypeFamily.UNKNOWN));
                }
            }
            Shape shape = cols.isEmpty() ? Shape.open(table) : new Shape(table, cols, false);
            scope.bindings.add(new Binding(table, table != null, shape, false));
        }

        void addJoin(Join j, Scope scope, CteEnv env) {
            int before = scope.bindings.size();
            addFromItem(j.getRightItem(), scope, env);
            if (scope.bindings.size() == before) {
                return;
            }
            Binding right = scope.bindings.get(scope.bindings.size() - 1);
            if (j.getUsingColumns() != null) {
                for (Column c : j.getUsingColumns()) {
                    markLine(c);
                    String n = c.getColumnName();
                    boolean inLeft = false;
                    boolean leftOpen = false;
                    TypeFamily leftFamily = TypeFamily.UNKNOWN;
                    for (int i = 0; i < before; i++) {
                        Binding b = scope.bindings.get(i);
                        List<OutputColumn> found = b.shape.lookup(n);
                        if (!found.isEmpty() && !inLeft) {
                            leftFamily = found.get(0).family();
                        }
                        inLeft |= !found.isEmpty();
                        leftOpen |= b.shape.open;
                    }
                    List<OutputColumn> onRight = right.shape.lookup(n);
                    if (inLeft && !onRight.isEmpty()) {
                        checkComparable(leftFamily, onRight.get(0).family(), c, c, "using", lineOf(c));
                    }
                    if (!inLeft && !leftOpen) {
                        String left = before == 1 ? scope.bindings.get(0).shape.displayName : null;
                        findings.add(Finding.error(ProblemCode.MISSING_COLUMN, left, Identifiers.unquote(n), lineOf(c),
                                "column " + Identifiers.unquote(n) + " in using (...) does not exist in the left side of the join"
                                        + (left != null ? " (" + left + ")" : "")));
                    }
                    if (right.shape.lookup(n).isEmpty() && !right.shape.open) {
                        findings.add(Finding.error(ProblemCode.MISSING_COLUMN, right.shape.displayName,
                                Identifiers.unquote(n), lineOf(c), "column " + Identifiers.unquote(n)
                                        + " in using (...) does not exist in " + right.shape.displayName));
                    }
                    scope.merged.add(Identifiers.key(n));
                }
            }
            if (j.isNatural()) {
                for (OutputColumn c : right.shape.columns) {
                    for (int i = 0; i < before; i++) {
                        if (!scope.bindings.get(i).shape.lookup(c.name()).isEmpty()) {
                            scope.merged.add(c.name().toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
            if (j.getOnExpressions() != null) {
                for (Expression on : j.getOnExpressions()) {
                    typeOf(on, new Ctx(scope, env, Clause.JOIN));
                }
            }
        }

        // ---- columns --------------------------------------------------------------------------

        TypeFamily resolveColumn(Column c, Ctx ctx) {
            markLine(c);
            int at = lineOf(c);
            String name = c.getColumnName();
            List<String> qualifier = c.getTable() == null || c.getTable().getName() == null
                    ? List.of() : columnQualifier(c.getTable());
            if (qualifier.isEmpty()) {
                return unqualified(name, ctx, at);
            }
            // t.col, schema.t.col; failing that, struct/json field access: col.field, t.col.field
            for (Scope s = ctx.scope; s != null; s = s.outer) {
                Binding b = s.find(qualifier);
                if (b != null) {
                    return columnOf(b, name, at);
                }
                for (int k = 1; k < qualifier.size(); k++) {
                    Binding head = s.find(qualifier.subList(0, k));
                    if (head != null && !head.shape.lookup(qualifier.get(k)).isEmpty()) {
                        return TypeFamily.UNKNOWN; // t.struct_col.field
                    }
                }
            }
            Ctx probe = ctx;
            if (findUnqualified(qualifier.get(0), probe) != null) {
                return TypeFamily.UNKNOWN; // struct_col.field (BigQuery) / variant.path
            }
            String q = String.join(".", qualifier.stream().map(Identifiers::unquote).toList());
            findings.add(Finding.error(ProblemCode.MISSING_RELATION, q, Identifiers.unquote(name), at,
                    q + " is not a table or alias in this query (in " + q + "." + Identifiers.unquote(name) + ")"));
            return TypeFamily.UNKNOWN;
        }

        TypeFamily columnOf(Binding b, String name, int at) {
            List<OutputColumn> found = b.shape.lookup(name);
            if (found.size() == 1) {
                return found.get(0).family();
            }
            if (found.size() > 1) {
                findings.add(Finding.error(ProblemCode.AMBIGUOUS_COLUMN, b.shape.displayName, Identifiers.unquote(name), at,
                        "column reference " + Identifiers.unquote(name) + " is ambiguous: " + b.shape.displayName
                                + " has " + found.size() + " columns of that name"));
                return found.get(0).family();
            }
            if (b.value && Identifiers.matches(name, b.alias)) {
                return TypeFamily.UNKNOWN;
            }
            if (!b.shape.open) {
                findings.add(Finding.error(ProblemCode.MISSING_COLUMN, b.shape.displayName, Identifiers.unquote(name), at,
                        "column " + Identifiers.unquote(name) + " does not exist in " + b.shape.displayName));
            }
            return TypeFamily.UNKNOWN;
        }

        /** A match for an unqualified name: where it was found, or null when nothing in scope has it. */
        private record Match(TypeFamily family, int count, List<String> where) {
        }

        Match findUnqualified(String name, Ctx ctx) {
            boolean first = true;
            for (Scope s = ctx.scope; s != null; s = s.outer, first = false) {
                if (first && ctx.clause == Clause.ORDER_BY) {
                    OutputColumn alias = alias(s, name);
                    if (alias != null) {
                        return new Match(alias.family(), 1, List.of());
                    }
                }
                List<String> where = new ArrayList<>();
                TypeFamily family = null;
                int count = 0;
                for (Binding b : s.bindings) {
                    List<OutputColumn> found = b.shape.lookup(name);
                    if (!found.isEmpty()) {
                        count += found.size();
                        where.add(b.shape.displayName == null ? String.valueOf(b.alias) : b.shape.displayName);
                        family = family == null ? found.get(0).family() : family;
                    } else if (b.value && b.shape.columns.isEmpty() && Identifiers.matches(name, b.alias)) {
                        count++;
                        family = TypeFamily.UNKNOWN;
                    }
                }
                if (count > 0) {
                    if (count > 1 && s.merged.contains(Identifiers.key(name))) {
                        count = 1;
                    }
                    return new Match(family, count, where);
                }
                if (s.find(List.of(name)) != null) {
                    return new Match(TypeFamily.JSON, 1, List.of()); // whole-row reference: row_to_json(o), count(o)
                }
                if (first) {
                    OutputColumn alias = alias(s, name);
                    if (alias != null) {
                        dialectSensitive |= dialectDependent(ctx.clause);
                        if (aliasVisible(ctx.clause)) {
                            return new Match(alias.family(), 1, List.of());
                        }
                    }
                }
                if (s.anyOpen()) {
                    return new Match(TypeFamily.UNKNOWN, 1, List.of());
                }
            }
            return null;
        }

        private static OutputColumn alias(Scope s, String name) {
            for (OutputColumn a : s.aliases) {
                if (a.isNamed(name)) {
                    return a;
                }
            }
            return null;
        }

        private static boolean dialectDependent(Clause clause) {
            return clause == Clause.HAVING || clause == Clause.WHERE || clause == Clause.SELECT
                    || clause == Clause.GROUP_BY_EXPR || clause == Clause.ORDER_BY_EXPR;
        }

        boolean aliasVisible(Clause clause) {
            return switch (clause) {
                case GROUP_BY, ORDER_BY, QUALIFY -> true;
                case GROUP_BY_EXPR, ORDER_BY_EXPR -> dialect.aliasesInExpressions();
                case HAVING -> dialect.aliasesInHaving();
                case WHERE -> dialect.aliasesInWhere();
                case SELECT -> dialect.lateralAliases();
                default -> false;
            };
        }

        TypeFamily unqualified(String name, Ctx ctx, int at) {
            Match m = findUnqualified(name, ctx);
            if (m != null) {
                if (m.count > 1) {
                    findings.add(Finding.error(ProblemCode.AMBIGUOUS_COLUMN, String.join(", ", m.where),
                            Identifiers.unquote(name), at, "column reference " + Identifiers.unquote(name)
                                    + " is ambiguous: it exists in " + String.join(" and ", m.where)
                                    + "; qualify it with a table alias"));
                }
                return m.family;
            }
            String bare = Identifiers.unquote(name).toLowerCase(Locale.ROOT);
            if (!Identifiers.isCaseSensitive(name) && NILADIC.containsKey(bare)) {
                return NILADIC.get(bare);
            }
            String relation = single(ctx.scope);
            String detail = relation != null
                    ? "column " + Identifiers.unquote(name) + " does not exist in " + relation
                    : ctx.scope.bindings.isEmpty()
                    ? "column " + Identifiers.unquote(name) + " does not exist (the query has no FROM clause)"
                    : "column " + Identifiers.unquote(name) + " does not exist in any of " + names(ctx.scope);
            findings.add(Finding.error(ProblemCode.MISSING_COLUMN, relation, Identifiers.unquote(name), at, detail));
            return TypeFamily.UNKNOWN;
        }

        private static String single(Scope s) {
            return s.bindings.size() == 1 ? s.bindings.get(0).shape.displayName : null;
        }

        private static String names(Scope s) {
            List<String> n = new ArrayList<>();
            for (Binding b : s.bindings) {
                n.add(b.shape.displayName != null ? b.shape.displayName : String.valueOf(b.alias));
            }
            return String.join(", ", n);
        }

        // ---- expressions ----------------------------------------------------------------------

        TypeFamily typeOf(Expression e, Ctx ctx) {
            if (e == null) {
                return TypeFamily.UNKNOWN;
            }
            TypeFamily f = e.accept(this, ctx);
            return f == null ? TypeFamily.UNKNOWN : f;
        }

        @Override
        public <S> TypeFamily visit(Column column, S context) {
            return resolveColumn(column, (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(ParenthesedSelect select, S context) {
            Ctx ctx = (Ctx) context;
            Shape s = select(select, ctx.scope, ctx.env);
            return s.columns.isEmpty() ? TypeFamily.UNKNOWN : s.columns.get(0).family();
        }

        @Override
        public <S> TypeFamily visit(Select select, S context) {
            Ctx ctx = (Ctx) context;
            Shape s = select(select, ctx.scope, ctx.env);
            return s.columns.isEmpty() ? TypeFamily.UNKNOWN : s.columns.get(0).family();
        }

        @Override
        public <S> TypeFamily visit(AnyComparisonExpression any, S context) {
            Ctx ctx = (Ctx) context;
            if (any.getSelect() != null) {
                Shape s = select(any.getSelect(), ctx.scope, ctx.env);
                return s.columns.isEmpty() ? TypeFamily.UNKNOWN : s.columns.get(0).family();
            }
            return TypeFamily.UNKNOWN;
        }

        @Override
        public <S> TypeFamily visit(AllTableColumns all, S context) {
            expandTableStar(all, ((Ctx) context).scope, new ArrayList<>());
            return TypeFamily.UNKNOWN;
        }

        @Override
        public <S> TypeFamily visit(AllColumns all, S context) {
            return TypeFamily.UNKNOWN;
        }

        @Override
        public <S> TypeFamily visit(LambdaExpression lambda, S context) {
            Ctx ctx = (Ctx) context;
            Scope inner = new Scope(ctx.scope);
            for (String id : lambda.getIdentifiers()) {
                inner.bindings.add(new Binding(id, true, new Shape(id, List.of(), false), true));
            }
            typeOf(lambda.getExpression(), new Ctx(inner, ctx.env, ctx.clause));
            return TypeFamily.UNKNOWN;
        }

        // literals
        @Override
        public <S> TypeFamily visit(LongValue v, S context) {
            return TypeFamily.INTEGER;
        }

        @Override
        public <S> TypeFamily visit(DoubleValue v, S context) {
            return TypeFamily.NUMERIC;
        }

        @Override
        public <S> TypeFamily visit(StringValue v, S context) {
            return TypeFamily.UNKNOWN; // an untyped literal: warehouses cast it to whatever it meets
        }

        @Override
        public <S> TypeFamily visit(BooleanValue v, S context) {
            return TypeFamily.BOOLEAN;
        }

        @Override
        public <S> TypeFamily visit(NullValue v, S context) {
            return TypeFamily.UNKNOWN;
        }

        @Override
        public <S> TypeFamily visit(DateValue v, S context) {
            return TypeFamily.DATE;
        }

        @Override
        public <S> TypeFamily visit(TimestampValue v, S context) {
            return TypeFamily.TIMESTAMP;
        }

        @Override
        public <S> TypeFamily visit(DateTimeLiteralExpression v, S context) {
            String type = String.valueOf(v.getType()).toLowerCase(Locale.ROOT);
            return type.startsWith("date") && !type.startsWith("datetime") ? TypeFamily.DATE
                    : type.startsWith("time") && !type.startsWith("timestamp") ? TypeFamily.UNKNOWN
                    : TypeFamily.TIMESTAMP;
        }

        @Override
        public <S> TypeFamily visit(net.sf.jsqlparser.expression.TimeKeyExpression e, S context) {
            String key = String.valueOf(e.getStringValue()).toLowerCase(Locale.ROOT).replace("()", "").strip();
            return NILADIC.getOrDefault(key, TypeFamily.UNKNOWN);
        }

        @Override
        public <S> TypeFamily visit(SignedExpression e, S context) {
            return typeOf(e.getExpression(), (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(CastExpression cast, S context) {
            typeOf(cast.getLeftExpression(), (Ctx) context);
            return cast.getColDataType() == null ? TypeFamily.UNKNOWN
                    : TypeFamilies.familyOf(cast.getColDataType().toString());
        }

        @Override
        public <S> TypeFamily visit(TimezoneExpression e, S context) {
            typeOf(e.getLeftExpression(), (Ctx) context);
            return TypeFamily.TIMESTAMP;
        }

        @Override
        public <S> TypeFamily visit(JsonExpression e, S context) {
            typeOf(e.getExpression(), (Ctx) context);
            List<String> idents = new ArrayList<>();
            if (e.getIdentList() != null) {
                for (Map.Entry<Expression, String> entry : e.getIdentList()) {
                    idents.add(String.valueOf(entry.getKey()));
                }
            }
            if (!idents.isEmpty()) {
                String last = idents.get(idents.size() - 1);
                int cast = last.lastIndexOf("::");
                if (cast >= 0) {
                    return TypeFamilies.familyOf(last.substring(cast + 2));
                }
            }
            return TypeFamily.JSON;
        }

        @Override
        public <S> TypeFamily visit(CaseExpression e, S context) {
            Ctx ctx = (Ctx) context;
            typeOf(e.getSwitchExpression(), ctx);
            TypeFamily result = TypeFamily.UNKNOWN;
            if (e.getWhenClauses() != null) {
                for (WhenClause w : e.getWhenClauses()) {
                    typeOf(w.getWhenExpression(), ctx);
                    TypeFamily t = typeOf(w.getThenExpression(), ctx);
                    if (result == TypeFamily.UNKNOWN) {
                        result = t;
                    }
                }
            }
            TypeFamily otherwise = typeOf(e.getElseExpression(), ctx);
            return result == TypeFamily.UNKNOWN ? otherwise : result;
        }

        @Override
        public <S> TypeFamily visit(AndExpression e, S context) {
            typeOf(e.getLeftExpression(), (Ctx) context);
            typeOf(e.getRightExpression(), (Ctx) context);
            return TypeFamily.BOOLEAN;
        }

        @Override
        public <S> TypeFamily visit(OrExpression e, S context) {
            typeOf(e.getLeftExpression(), (Ctx) context);
            typeOf(e.getRightExpression(), (Ctx) context);
            return TypeFamily.BOOLEAN;
        }

        @Override
        public <S> TypeFamily visit(Concat e, S context) {
            typeOf(e.getLeftExpression(), (Ctx) context);
            typeOf(e.getRightExpression(), (Ctx) context);
            return TypeFamily.STRING;
        }

        // comparisons: a date or timestamp never equals a number in any of the warehouses we serve
        @Override
        public <S> TypeFamily visit(EqualsTo e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), "=", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(NotEqualsTo e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), "<>", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(GreaterThan e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), ">", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(GreaterThanEquals e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), ">=", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(MinorThan e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), "<", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(MinorThanEquals e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), "<=", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(IsDistinctExpression e, S context) {
            return compare(e.getLeftExpression(), e.getRightExpression(), "is distinct from", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(Between e, S context) {
            Ctx ctx = (Ctx) context;
            int at = line;
            TypeFamily l = typeOf(e.getLeftExpression(), ctx);
            at = line;
            TypeFamily a = typeOf(e.getBetweenExpressionStart(), ctx);
            TypeFamily b = typeOf(e.getBetweenExpressionEnd(), ctx);
            if (!checkComparable(l, a, e.getLeftExpression(), e.getBetweenExpressionStart(), "between", at)) {
                checkComparable(l, b, e.getLeftExpression(), e.getBetweenExpressionEnd(), "between", at);
            }
            return TypeFamily.BOOLEAN;
        }

        @Override
        public <S> TypeFamily visit(InExpression e, S context) {
            Ctx ctx = (Ctx) context;
            TypeFamily l = typeOf(e.getLeftExpression(), ctx);
            int at = line;
            Expression right = e.getRightExpression();
            if (right instanceof ExpressionList<?> list && !(right instanceof ParenthesedSelect)) {
                boolean reported = false;
                for (Expression item : list) {
                    TypeFamily r = typeOf(item, ctx);
                    reported = reported || checkComparable(l, r, e.getLeftExpression(), item, "in", at);
                }
            } else {
                TypeFamily r = typeOf(right, ctx);
                checkComparable(l, r, e.getLeftExpression(), right, "in", at);
            }
            return TypeFamily.BOOLEAN;
        }

        TypeFamily compare(Expression left, Expression right, String op, Ctx ctx) {
            TypeFamily l = typeOf(left, ctx);
            int at = line;
            TypeFamily r = typeOf(right, ctx);
            checkComparable(l, r, left, right, op, at);
            return TypeFamily.BOOLEAN;
        }

        /** Reports a date/timestamp compared with a number; true when it did. */
        boolean checkComparable(TypeFamily l, TypeFamily r, Expression left, Expression right, String op, int at) {
            if (l.isTemporal() && r.isNumber() || r.isTemporal() && l.isNumber()) {
                Expression temporal = l.isTemporal() ? left : right;
                Expression number = l.isTemporal() ? right : left;
                TypeFamily tf = l.isTemporal() ? l : r;
                TypeFamily nf = l.isTemporal() ? r : l;
                findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, columnName(temporal), at,
                        "cannot compare " + tf.wireName() + " " + describe(temporal) + " with " + nf.wireName() + " "
                                + describe(number) + " (" + op + ")"));
                return true;
            }
            return false;
        }

        // arithmetic
        @Override
        public <S> TypeFamily visit(Addition e, S context) {
            return plusMinus(e.getLeftExpression(), e.getRightExpression(), (Ctx) context, false);
        }

        @Override
        public <S> TypeFamily visit(Subtraction e, S context) {
            return plusMinus(e.getLeftExpression(), e.getRightExpression(), (Ctx) context, true);
        }

        TypeFamily plusMinus(Expression left, Expression right, Ctx ctx, boolean minus) {
            TypeFamily l = typeOf(left, ctx);
            TypeFamily r = typeOf(right, ctx);
            if (l.isTemporal() && r.isTemporal()) {
                return minus ? TypeFamily.UNKNOWN : TypeFamily.UNKNOWN; // an interval or a day count
            }
            if (l.isTemporal()) {
                return l;
            }
            if (r.isTemporal()) {
                return r;
            }
            return wider(l, r);
        }

        @Override
        public <S> TypeFamily visit(Multiplication e, S context) {
            return multiplicative(e.getLeftExpression(), e.getRightExpression(), "*", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(Division e, S context) {
            return multiplicative(e.getLeftExpression(), e.getRightExpression(), "/", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(IntegerDivision e, S context) {
            return multiplicative(e.getLeftExpression(), e.getRightExpression(), "div", (Ctx) context);
        }

        @Override
        public <S> TypeFamily visit(Modulo e, S context) {
            return multiplicative(e.getLeftExpression(), e.getRightExpression(), "%", (Ctx) context);
        }

        TypeFamily multiplicative(Expression left, Expression right, String op, Ctx ctx) {
            TypeFamily l = typeOf(left, ctx);
            int at = line;
            TypeFamily r = typeOf(right, ctx);
            for (int i = 0; i < 2; i++) {
                TypeFamily f = i == 0 ? l : r;
                Expression x = i == 0 ? left : right;
                if (f.isTemporal() || f == TypeFamily.BOOLEAN) {
                    findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, columnName(x), at,
                            "arithmetic '" + op + "' on " + f.wireName() + " " + describe(x)));
                }
            }
            return wider(l, r);
        }

        private static TypeFamily wider(TypeFamily l, TypeFamily r) {
            if (!l.isNumber() || !r.isNumber()) {
                return TypeFamily.UNKNOWN;
            }
            if (l == TypeFamily.FLOAT || r == TypeFamily.FLOAT) {
                return TypeFamily.FLOAT;
            }
            if (l == TypeFamily.NUMERIC || r == TypeFamily.NUMERIC) {
                return TypeFamily.NUMERIC;
            }
            return TypeFamily.INTEGER;
        }

        // functions
        @Override
        public <S> TypeFamily visit(ExtractExpression e, S context) {
            int at = line;
            TypeFamily f = typeOf(e.getExpression(), (Ctx) context);
            at = Math.max(at, line);
            if (isNonTemporal(f)) {
                findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, columnName(e.getExpression()), at,
                        "extract(" + e.getName() + " from ...) needs a date or timestamp, got " + f.wireName() + " "
                                + describe(e.getExpression())));
            }
            return TypeFamily.INTEGER;
        }

        @Override
        public <S> TypeFamily visit(Function f, S context) {
            Ctx ctx = (Ctx) context;
            String name = FunctionRules.normalise(f.getName());
            List<Expression> args = f.getParameters() == null ? List.of() : new ArrayList<>(f.getParameters());
            TypeFamily result = call(name, args, ctx, f.isAllColumns());
            if (f.getNamedParameters() != null) {
                for (Expression e : f.getNamedParameters()) {
                    typeOf(e, ctx);
                }
            }
            if (f.getOrderByElements() != null) {
                for (OrderByElement o : f.getOrderByElements()) {
                    typeOf(o.getExpression(), ctx);
                }
            }
            if (f.getHavingClause() != null) {
                typeOf(f.getHavingClause().getExpression(), ctx);
            }
            if (f.getKeep() != null && f.getKeep().getOrderByElements() != null) {
                for (OrderByElement o : f.getKeep().getOrderByElements()) {
                    typeOf(o.getExpression(), ctx);
                }
            }
            return f.getAttribute() != null ? TypeFamily.UNKNOWN : result;
        }

        @Override
        public <S> TypeFamily visit(AnalyticExpression a, S context) {
            Ctx ctx = (Ctx) context;
            String name = FunctionRules.normalise(a.getName());
            List<Expression> args = new ArrayList<>();
            if (a.getExpression() != null) {
                if (a.getExpression() instanceof ExpressionList<?> list && !(a.getExpression() instanceof ParenthesedSelect)) {
                    args.addAll(list);
                } else {
                    args.add(a.getExpression());
                }
            }
            if (a.getOffset() != null) {
                args.add(a.getOffset());
            }
            if (a.getDefaultValue() != null) {
                args.add(a.getDefaultValue());
            }
            TypeFamily result = call(name, args, ctx, a.isAllColumns());
            if (a.getPartitionExpressionList() != null) {
                for (Expression e : a.getPartitionExpressionList()) {
                    typeOf(e, ctx);
                }
            }
            if (a.getOrderByElements() != null) {
                for (OrderByElement o : a.getOrderByElements()) {
                    typeOf(o.getExpression(), ctx);
                }
            }
            if (a.getFuncOrderBy() != null) {
                for (OrderByElement o : a.getFuncOrderBy()) {
                    typeOf(o.getExpression(), ctx);
                }
            }
            typeOf(a.getFilterExpression(), ctx);
            if (a.getWindowDefinition() != null) {
                window(a.getWindowDefinition(), ctx);
            }
            return result;
        }

        void window(WindowDefinition w, Ctx ctx) {
            if (w.getPartitionExpressionList() != null) {
                for (Object e : w.getPartitionExpressionList()) {
                    typeOf((Expression) e, ctx);
                }
            }
            if (w.getOrderByElements() != null) {
                for (OrderByElement o : w.getOrderByElements()) {
                    typeOf(o.getExpression(), ctx);
                }
            }
        }

        void visitFunctionArgs(Function f, Ctx ctx) {
            if (f == null) {
                return;
            }
            if (f.getParameters() != null) {
                for (Expression e : f.getParameters()) {
                    typeOf(e, ctx);
                }
            }
            if (f.getNamedParameters() != null) {
                for (Expression e : f.getNamedParameters()) {
                    typeOf(e, ctx);
                }
            }
        }

        /** Resolves a call's arguments and applies the function's type rules. */
        TypeFamily call(String name, List<Expression> args, Ctx ctx, boolean star) {
            boolean takesPart = FunctionRules.takesDatePart(name);
            boolean[] part = new boolean[args.size()];
            List<TypeFamily> families = new ArrayList<>(args.size());
            int[] lines = new int[args.size()];
            int firstValue = -1;
            for (int i = 0; i < args.size(); i++) {
                Expression arg = args.get(i);
                if (takesPart && isDatePartWord(arg)) {
                    part[i] = true;
                    families.add(TypeFamily.UNKNOWN);
                    lines[i] = line;
                    continue;
                }
                int before = line;
                families.add(typeOf(arg, ctx));
                lines[i] = line == before ? before : line;
                if (firstValue < 0) {
                    firstValue = i;
                }
            }
            if (FunctionRules.isNumericAggregate(name) && !star) {
                for (int i = 0; i < args.size(); i++) {
                    TypeFamily f = families.get(i);
                    if (!part[i] && f != TypeFamily.UNKNOWN && !f.isNumber()) {
                        findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, columnName(args.get(i)), lines[i],
                                name + "() needs a numeric argument, got " + f.wireName() + " " + describe(args.get(i))));
                    }
                    if (!name.startsWith("corr") && !name.startsWith("covar") && !name.startsWith("regr")) {
                        break; // only the first argument is aggregated
                    }
                }
            }
            for (int i : FunctionRules.temporalArgs(name, part)) {
                TypeFamily f = families.get(i);
                if (isNonTemporal(f)) {
                    findings.add(Finding.error(ProblemCode.TYPE_MISMATCH, null, columnName(args.get(i)), lines[i],
                            name + "() needs a date or timestamp, got " + f.wireName() + " " + describe(args.get(i))));
                }
            }
            int valueArg = firstValue;
            if (name.equals("date_trunc") || name.equals("dateadd") || name.equals("timestampadd")) {
                int[] t = FunctionRules.temporalArgs(name, part);
                valueArg = t.length > 0 ? t[0] : firstValue;
            }
            return FunctionRules.result(name, families, valueArg);
        }

        private static boolean isNonTemporal(TypeFamily f) {
            return f != TypeFamily.UNKNOWN && !f.isTemporal();
        }

        private static boolean isDatePartWord(Expression arg) {
            if (arg instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)) {
                return FunctionRules.isDatePart(c.getColumnName());
            }
            if (arg instanceof StringValue s) {
                return FunctionRules.isDatePart(s.getValue());
            }
            return false;
        }

        private static String columnName(Expression e) {
            if (e instanceof Column c) {
                return Identifiers.unquote(c.getColumnName());
            }
            if (e instanceof CastExpression ce) {
                return columnName(ce.getLeftExpression());
            }
            return null;
        }

        private static String describe(Expression e) {
            if (e instanceof Column c) {
                return "column " + Identifiers.unquote(c.getColumnName());
            }
            String s = String.valueOf(e);
            return "expression " + (s.length() > 60 ? s.substring(0, 60) + "…" : s);
        }

        // ---- positions ------------------------------------------------------------------------

        void markLine(ASTNodeAccess node) {
            int l = astLine(node);
            if (l > 0) {
                line = l;
            }
        }

        int lineOf(ASTNodeAccess node) {
            int l = astLine(node);
            return l > 0 ? l : line;
        }

        private static int astLine(ASTNodeAccess node) {
            if (node == null) {
                return -1;
            }
            SimpleNode n = node.getASTNode();
            if (n == null || n.jjtGetFirstToken() == null) {
                return -1;
            }
            return n.jjtGetFirstToken().beginLine;
        }

        private static List<String> qualifierParts(Table t) {
            List<String> parts = new ArrayList<>(t.getNameParts());
            java.util.Collections.reverse(parts); // JSqlParser keeps them innermost first
            parts.removeIf(p -> p == null || p.isEmpty());
            if (parts.isEmpty() && t.getName() != null) {
                parts.add(t.getName());
            }
            return parts;
        }

        /** Qualifier parts with a ref placeholder ({{ ref('x') }}.col) read as the relation's name. */
        private List<String> columnQualifier(Table t) {
            List<String> parts = qualifierParts(t);
            if (parts.size() == 1) {
                RelationRef ref = expanded.refFor(parts.get(0));
                if (ref != null) {
                    return List.of(ref.name());
                }
            }
            return parts;
        }

        private static List<String> aliasColumns(Alias alias) {
            List<String> cols = new ArrayList<>();
            if (alias != null && alias.getAliasColumns() != null) {
                for (Alias.AliasColumn c : alias.getAliasColumns()) {
                    cols.add(c.name);
                }
            }
            return cols;
        }
    }
}
