package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.sql.Identifiers;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.StringValue;
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
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The type rules warehouses enforce, on type families (never on unknown types): a date or timestamp
 * compared with a number, arithmetic on dates and booleans, numeric aggregates and date functions over
 * the wrong family. Each returns the family of its result.
 */
final class TypeChecks {

    /** Comparisons: a date or timestamp never equals a number in any of the warehouses we serve. */
    private static final Map<Class<?>, String> COMPARISONS = Map.of(
            EqualsTo.class, "=", NotEqualsTo.class, "<>", GreaterThan.class, ">", GreaterThanEquals.class, ">=",
            MinorThan.class, "<", MinorThanEquals.class, "<=", IsDistinctExpression.class, "is distinct from");
    private static final Map<Class<?>, String> MULTIPLICATIVE = Map.of(
            Multiplication.class, "*", Division.class, "/", IntegerDivision.class, "div", Modulo.class, "%");

    private final Run run;

    TypeChecks(Run run) {
        this.run = run;
    }

    /** The family of a binary operator's result, or null when it is not one these rules know. */
    TypeFamily binary(BinaryExpression e, Ctx ctx) {
        Class<?> kind = e.getClass();
        Expression left = e.getLeftExpression();
        Expression right = e.getRightExpression();
        String op = COMPARISONS.get(kind);
        if (op != null) {
            return compare(left, right, op, ctx);
        }
        op = MULTIPLICATIVE.get(kind);
        if (op != null) {
            return multiplicative(left, right, op, ctx);
        }
        if (kind == Addition.class || kind == Subtraction.class) {
            return plusMinus(left, right, ctx);
        }
        if (kind == AndExpression.class || kind == OrExpression.class || kind == Concat.class) {
            run.typeOf(left, ctx);
            run.typeOf(right, ctx);
            return kind == Concat.class ? TypeFamily.STRING : TypeFamily.BOOLEAN;
        }
        return null;
    }

    TypeFamily between(Between e, Ctx ctx) {
        TypeFamily l = run.typeOf(e.getLeftExpression(), ctx);
        int at = run.line;
        TypeFamily a = run.typeOf(e.getBetweenExpressionStart(), ctx);
        TypeFamily b = run.typeOf(e.getBetweenExpressionEnd(), ctx);
        if (!checkComparable(l, a, e.getLeftExpression(), e.getBetweenExpressionStart(), "between", at)) {
            checkComparable(l, b, e.getLeftExpression(), e.getBetweenExpressionEnd(), "between", at);
        }
        return TypeFamily.BOOLEAN;
    }

    TypeFamily in(InExpression e, Ctx ctx) {
        TypeFamily l = run.typeOf(e.getLeftExpression(), ctx);
        int at = run.line;
        Expression right = e.getRightExpression();
        if (right instanceof ExpressionList<?> list && !(right instanceof ParenthesedSelect)) {
            boolean reported = false;
            for (Expression item : list) {
                TypeFamily r = run.typeOf(item, ctx);
                reported = reported || checkComparable(l, r, e.getLeftExpression(), item, "in", at);
            }
        } else {
            TypeFamily r = run.typeOf(right, ctx);
            checkComparable(l, r, e.getLeftExpression(), right, "in", at);
        }
        return TypeFamily.BOOLEAN;
    }

    private TypeFamily compare(Expression left, Expression right, String op, Ctx ctx) {
        TypeFamily l = run.typeOf(left, ctx);
        int at = run.line;
        TypeFamily r = run.typeOf(right, ctx);
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
            run.error(ProblemCode.TYPE_MISMATCH, null, columnName(temporal), at,
                    "cannot compare " + tf.wireName() + " " + describe(temporal) + " with " + nf.wireName() + " "
                            + describe(number) + " (" + op + ")");
            return true;
        }
        return false;
    }

    private TypeFamily plusMinus(Expression left, Expression right, Ctx ctx) {
        TypeFamily l = run.typeOf(left, ctx);
        TypeFamily r = run.typeOf(right, ctx);
        if (l.isTemporal() && r.isTemporal()) {
            return TypeFamily.UNKNOWN; // an interval or a day count
        }
        if (l.isTemporal()) {
            return l;
        }
        if (r.isTemporal()) {
            return r;
        }
        return wider(l, r);
    }

    private TypeFamily multiplicative(Expression left, Expression right, String op, Ctx ctx) {
        TypeFamily l = run.typeOf(left, ctx);
        int at = run.line;
        TypeFamily r = run.typeOf(right, ctx);
        for (int i = 0; i < 2; i++) {
            TypeFamily f = i == 0 ? l : r;
            Expression x = i == 0 ? left : right;
            if (f.isTemporal() || f == TypeFamily.BOOLEAN) {
                run.error(ProblemCode.TYPE_MISMATCH, null, columnName(x), at,
                        "arithmetic '" + op + "' on " + f.wireName() + " " + describe(x));
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

    TypeFamily extract(ExtractExpression e, Ctx ctx) {
        int at = run.line;
        TypeFamily f = run.typeOf(e.getExpression(), ctx);
        at = Math.max(at, run.line);
        if (isNonTemporal(f)) {
            run.error(ProblemCode.TYPE_MISMATCH, null, columnName(e.getExpression()), at,
                    "extract(" + e.getName() + " from ...) needs a date or timestamp, got " + f.wireName() + " "
                            + describe(e.getExpression()));
        }
        return TypeFamily.INTEGER;
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
                lines[i] = run.line;
                continue;
            }
            families.add(run.typeOf(arg, ctx));
            lines[i] = run.line;
            if (firstValue < 0) {
                firstValue = i;
            }
        }
        if (FunctionRules.isNumericAggregate(name) && !star) {
            for (int i = 0; i < args.size(); i++) {
                TypeFamily f = families.get(i);
                if (!part[i] && f != TypeFamily.UNKNOWN && !f.isNumber()) {
                    run.error(ProblemCode.TYPE_MISMATCH, null, columnName(args.get(i)), lines[i],
                            name + "() needs a numeric argument, got " + f.wireName() + " " + describe(args.get(i)));
                }
                if (!name.startsWith("corr") && !name.startsWith("covar") && !name.startsWith("regr")) {
                    break; // only the first argument is aggregated
                }
            }
        }
        int[] temporal = FunctionRules.temporalArgs(name, part);
        for (int i : temporal) {
            TypeFamily f = families.get(i);
            if (isNonTemporal(f)) {
                run.error(ProblemCode.TYPE_MISMATCH, null, columnName(args.get(i)), lines[i],
                        name + "() needs a date or timestamp, got " + f.wireName() + " " + describe(args.get(i)));
            }
        }
        int valueArg = firstValue;
        if (name.equals("date_trunc") || name.equals("dateadd") || name.equals("timestampadd")) {
            valueArg = temporal.length > 0 ? temporal[0] : firstValue;
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
}
