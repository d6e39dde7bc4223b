package io.packops.compat.sql.resolve;

import io.packops.compat.schema.TypeFamilies;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.sql.resolve.Scope.Binding;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
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
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type family of every expression, visiting its parts so that each column and subquery in it
 * is resolved; the rules that can fail (comparisons, arithmetic, function arguments) are in {@link TypeChecks}.
 */
final class Expressions extends ExpressionVisitorAdapter<TypeFamily> {
    private final Run run;

    Expressions(Run run) {
        this.run = run;
    }

    TypeFamily typeOf(Expression e, Ctx ctx) {
        if (e == null) {
            return TypeFamily.UNKNOWN;
        }
        TypeFamily f = e.accept(this, ctx);
        return f == null ? TypeFamily.UNKNOWN : f;
    }

    private void all(Iterable<? extends Expression> expressions, Ctx ctx) {
        if (expressions != null) {
            for (Expression e : expressions) {
                typeOf(e, ctx);
            }
        }
    }

    private void orderBy(List<OrderByElement> order, Ctx ctx) {
        if (order != null) {
            for (OrderByElement o : order) {
                typeOf(o.getExpression(), ctx);
            }
        }
    }

    /** A subquery used as a value: the family of its first column. */
    private TypeFamily scalar(Select select, Ctx ctx) {
        Shape s = run.select(select, ctx.scope(), ctx.env());
        return s.columns.isEmpty() ? TypeFamily.UNKNOWN : s.columns.get(0).family();
    }

    @Override
    public <S> TypeFamily visit(Column column, S context) {
        return run.columns.resolve(column, (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(ParenthesedSelect select, S context) {
        return scalar(select, (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(Select select, S context) {
        return scalar(select, (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(AnyComparisonExpression any, S context) {
        return any.getSelect() == null ? TypeFamily.UNKNOWN : scalar(any.getSelect(), (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(AllTableColumns all, S context) {
        run.queries.expandTableStar(all, ((Ctx) context).scope(), new ArrayList<>());
        return TypeFamily.UNKNOWN;
    }

    @Override
    public <S> TypeFamily visit(AllColumns all, S context) {
        return TypeFamily.UNKNOWN;
    }

    @Override
    public <S> TypeFamily visit(LambdaExpression lambda, S context) {
        Ctx ctx = (Ctx) context;
        Scope inner = new Scope(ctx.scope());
        for (String id : lambda.getIdentifiers()) {
            inner.bindings.add(new Binding(id, true, new Shape(id, List.of(), false), true));
        }
        typeOf(lambda.getExpression(), new Ctx(inner, ctx.env(), ctx.clause()));
        return TypeFamily.UNKNOWN;
    }

    // ---- literals -----------------------------------------------------------------------------------

    /** Literals' families; a string literal is untyped (warehouses cast it to whatever it meets), as is null. */
    private static final Map<Class<?>, TypeFamily> LITERALS = Map.of(
            LongValue.class, TypeFamily.INTEGER, DoubleValue.class, TypeFamily.NUMERIC,
            StringValue.class, TypeFamily.UNKNOWN, BooleanValue.class, TypeFamily.BOOLEAN,
            NullValue.class, TypeFamily.UNKNOWN, DateValue.class, TypeFamily.DATE,
            TimestampValue.class, TypeFamily.TIMESTAMP);

    /** Leaf expressions (the literals above among them) all arrive here. */
    @Override
    protected <S> TypeFamily visitExpression(Expression e, S context) {
        TypeFamily literal = LITERALS.get(e.getClass());
        return literal != null ? literal : super.visitExpression(e, context);
    }

    @Override
    public <S> TypeFamily visit(DateTimeLiteralExpression v, S context) {
        String type = String.valueOf(v.getType()).toLowerCase(Locale.ROOT);
        return type.startsWith("date") && !type.startsWith("datetime") ? TypeFamily.DATE
                : type.startsWith("time") && !type.startsWith("timestamp") ? TypeFamily.UNKNOWN
                : TypeFamily.TIMESTAMP;
    }

    @Override
    public <S> TypeFamily visit(TimeKeyExpression e, S context) {
        String key = String.valueOf(e.getStringValue()).toLowerCase(Locale.ROOT).replace("()", "").strip();
        return Columns.NILADIC.getOrDefault(key, TypeFamily.UNKNOWN);
    }

    // ---- conversions and conditionals -------------------------------------------------------------------

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
        String last = null;
        if (e.getIdentList() != null) {
            for (Map.Entry<Expression, String> entry : e.getIdentList()) {
                last = String.valueOf(entry.getKey());
            }
        }
        int cast = last == null ? -1 : last.lastIndexOf("::");
        return cast >= 0 ? TypeFamilies.familyOf(last.substring(cast + 2)) : TypeFamily.JSON;
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

    // ---- operators ------------------------------------------------------------------------------------

    /** Comparisons, arithmetic, and/or and || all arrive here; the rest keep the adapter's walk. */
    @Override
    protected <S> TypeFamily visitBinaryExpression(BinaryExpression e, S context) {
        TypeFamily f = run.types.binary(e, (Ctx) context);
        return f != null ? f : super.visitBinaryExpression(e, context);
    }

    @Override
    public <S> TypeFamily visit(Between e, S context) {
        return run.types.between(e, (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(InExpression e, S context) {
        return run.types.in(e, (Ctx) context);
    }

    // ---- functions ------------------------------------------------------------------------------------

    @Override
    public <S> TypeFamily visit(ExtractExpression e, S context) {
        return run.types.extract(e, (Ctx) context);
    }

    @Override
    public <S> TypeFamily visit(Function f, S context) {
        Ctx ctx = (Ctx) context;
        String name = FunctionRules.normalise(f.getName());
        List<Expression> args = f.getParameters() == null ? List.of() : new ArrayList<>(f.getParameters());
        TypeFamily result = run.types.call(name, args, ctx, f.isAllColumns());
        all(f.getNamedParameters(), ctx);
        orderBy(f.getOrderByElements(), ctx);
        if (f.getHavingClause() != null) {
            typeOf(f.getHavingClause().getExpression(), ctx);
        }
        if (f.getKeep() != null) {
            orderBy(f.getKeep().getOrderByElements(), ctx);
        }
        return f.getAttribute() != null ? TypeFamily.UNKNOWN : result;
    }

    @Override
    public <S> TypeFamily visit(AnalyticExpression a, S context) {
        Ctx ctx = (Ctx) context;
        String name = FunctionRules.normalise(a.getName());
        List<Expression> args = new ArrayList<>();
        if (a.getExpression() instanceof ExpressionList<?> list && !(a.getExpression() instanceof ParenthesedSelect)) {
            args.addAll(list);
        } else if (a.getExpression() != null) {
            args.add(a.getExpression());
        }
        if (a.getOffset() != null) {
            args.add(a.getOffset());
        }
        if (a.getDefaultValue() != null) {
            args.add(a.getDefaultValue());
        }
        TypeFamily result = run.types.call(name, args, ctx, a.isAllColumns());
        all(a.getPartitionExpressionList(), ctx);
        orderBy(a.getOrderByElements(), ctx);
        orderBy(a.getFuncOrderBy(), ctx);
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
        orderBy(w.getOrderByElements(), ctx);
    }

    /** The arguments of a table function or generator: resolved, their types not checked. */
    void functionArgs(Function f, Ctx ctx) {
        if (f != null) {
            all(f.getParameters(), ctx);
            all(f.getNamedParameters(), ctx);
        }
    }
}
