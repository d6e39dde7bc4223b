package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.sql.Identifiers;
import io.packops.compat.sql.resolve.Ctx.Clause;
import io.packops.compat.sql.resolve.Scope.Binding;
import net.sf.jsqlparser.schema.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Column references: qualified by alias or table, unqualified through every FROM item and then the
 * outer queries, select-list aliases where the clause and the warehouse allow them, struct paths,
 * whole-row references and niladic keywords ({@code current_date}).
 */
final class Columns {

    static final Map<String, TypeFamily> NILADIC = Map.ofEntries(
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

    /** A match for an unqualified name: its family, how many FROM items have it, and which. */
    private record Match(TypeFamily family, int count, List<String> where) {
        static Match one(TypeFamily family) {
            return new Match(family, 1, List.of());
        }
    }

    private final Run run;

    Columns(Run run) {
        this.run = run;
    }

    TypeFamily resolve(Column c, Ctx ctx) {
        run.markLine(c);
        int at = run.lineOf(c);
        String name = c.getColumnName();
        List<String> qualifier = c.getTable() == null || c.getTable().getName() == null
                ? List.of() : run.columnQualifier(c.getTable());
        if (qualifier.isEmpty()) {
            return unqualified(name, ctx, at);
        }
        // t.col, schema.t.col; failing that, struct/json field access: col.field, t.col.field
        for (Scope s = ctx.scope(); s != null; s = s.outer) {
            Binding b = s.find(qualifier);
            if (b != null) {
                return columnOf(b, name, at);
            }
            for (int k = 1; k < qualifier.size(); k++) {
                Binding head = s.find(qualifier.subList(0, k));
                if (head != null && !head.shape().lookup(qualifier.get(k)).isEmpty()) {
                    return TypeFamily.UNKNOWN; // t.struct_col.field
                }
            }
        }
        if (find(qualifier.get(0), ctx) != null) {
            return TypeFamily.UNKNOWN; // struct_col.field (BigQuery) / variant.path
        }
        String q = String.join(".", qualifier.stream().map(Identifiers::unquote).toList());
        run.error(ProblemCode.MISSING_RELATION, q, Identifiers.unquote(name), at,
                q + " is not a table or alias in this query (in " + q + "." + Identifiers.unquote(name) + ")");
        return TypeFamily.UNKNOWN;
    }

    private TypeFamily columnOf(Binding b, String name, int at) {
        List<OutputColumn> found = b.shape().lookup(name);
        String relation = b.shape().displayName;
        if (found.size() == 1) {
            return found.get(0).family();
        }
        if (found.size() > 1) {
            run.error(ProblemCode.AMBIGUOUS_COLUMN, relation, Identifiers.unquote(name), at,
                    "column reference " + Identifiers.unquote(name) + " is ambiguous: " + relation
                            + " has " + found.size() + " columns of that name");
            return found.get(0).family();
        }
        if (b.value() && Identifiers.matches(name, b.alias())) {
            return TypeFamily.UNKNOWN;
        }
        if (!b.shape().open) {
            run.error(ProblemCode.MISSING_COLUMN, relation, Identifiers.unquote(name), at,
                    "column " + Identifiers.unquote(name) + " does not exist in " + relation);
        }
        return TypeFamily.UNKNOWN;
    }

    /** The match for an unqualified name, innermost scope first, or null when nothing in scope has it. */
    private Match find(String name, Ctx ctx) {
        boolean first = true;
        for (Scope s = ctx.scope(); s != null; s = s.outer, first = false) {
            if (first && ctx.clause() == Clause.ORDER_BY) {
                OutputColumn alias = s.alias(name);
                if (alias != null) {
                    return Match.one(alias.family());
                }
            }
            Match inFrom = inFromItems(s, name);
            if (inFrom != null) {
                return inFrom;
            }
            if (s.find(List.of(name)) != null) {
                return Match.one(TypeFamily.JSON); // whole-row reference: row_to_json(o), count(o)
            }
            if (first) {
                OutputColumn alias = s.alias(name);
                if (alias != null) {
                    run.dialectSensitive |= dialectDependent(ctx.clause());
                    if (aliasVisible(ctx.clause())) {
                        return Match.one(alias.family());
                    }
                }
            }
            if (s.anyOpen()) {
                return Match.one(TypeFamily.UNKNOWN);
            }
        }
        return null;
    }

    private static Match inFromItems(Scope s, String name) {
        List<String> where = new ArrayList<>();
        TypeFamily family = null;
        int count = 0;
        for (Binding b : s.bindings) {
            List<OutputColumn> found = b.shape().lookup(name);
            if (!found.isEmpty()) {
                count += found.size();
                where.add(b.label());
                family = family == null ? found.get(0).family() : family;
            } else if (b.value() && b.shape().columns.isEmpty() && Identifiers.matches(name, b.alias())) {
                count++;
                family = TypeFamily.UNKNOWN;
            }
        }
        if (count == 0) {
            return null;
        }
        if (count > 1 && s.merged.contains(Identifiers.key(name))) {
            count = 1;
        }
        return new Match(family, count, where);
    }

    private static boolean dialectDependent(Clause clause) {
        return clause == Clause.HAVING || clause == Clause.WHERE || clause == Clause.SELECT
                || clause == Clause.GROUP_BY_EXPR || clause == Clause.ORDER_BY_EXPR;
    }

    private boolean aliasVisible(Clause clause) {
        return switch (clause) {
            case GROUP_BY, ORDER_BY, QUALIFY -> true;
            case GROUP_BY_EXPR, ORDER_BY_EXPR -> run.dialect.aliasesInExpressions();
            case HAVING -> run.dialect.aliasesInHaving();
            case WHERE -> run.dialect.aliasesInWhere();
            case SELECT -> run.dialect.lateralAliases();
            default -> false;
        };
    }

    private TypeFamily unqualified(String name, Ctx ctx, int at) {
        Match m = find(name, ctx);
        if (m != null) {
            if (m.count > 1) {
                run.error(ProblemCode.AMBIGUOUS_COLUMN, String.join(", ", m.where), Identifiers.unquote(name), at,
                        "column reference " + Identifiers.unquote(name) + " is ambiguous: it exists in "
                                + String.join(" and ", m.where) + "; qualify it with a table alias");
            }
            return m.family;
        }
        String bare = Identifiers.unquote(name).toLowerCase(Locale.ROOT);
        if (!Identifiers.isCaseSensitive(name) && NILADIC.containsKey(bare)) {
            return NILADIC.get(bare);
        }
        Scope scope = ctx.scope();
        String relation = scope.single();
        String detail = relation != null
                ? "column " + Identifiers.unquote(name) + " does not exist in " + relation
                : scope.bindings.isEmpty()
                ? "column " + Identifiers.unquote(name) + " does not exist (the query has no FROM clause)"
                : "column " + Identifiers.unquote(name) + " does not exist in any of " + scope.names();
        run.error(ProblemCode.MISSING_COLUMN, relation, Identifiers.unquote(name), at, detail);
        return TypeFamily.UNKNOWN;
    }
}
