package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.dialect.Dialect;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.RelationRef;
import io.packops.compat.sql.TemplateExpander;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.Select;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state of one resolution (one query against one schema): what it found, the line it is at, and
 * whether the warehouse's dialect decided anything. Its parts each own one concern: query shapes
 * ({@link Queries}), FROM items ({@link FromItems}), column lookup ({@link Columns}), expression types
 * ({@link Expressions}) and the type rules ({@link TypeChecks}). Not thread-safe; one per resolution.
 */
final class Run {
    final TemplateExpander.Expanded expanded;
    final WarehouseSchema schema;
    final Dialect dialect;
    final Set<Finding> findings = new LinkedHashSet<>();
    /** The line of the last positioned node seen: where a finding without a node of its own is reported. */
    int line = 1;
    boolean dialectSensitive;

    final Queries queries = new Queries(this);
    final FromItems from = new FromItems(this);
    final Columns columns = new Columns(this);
    final TypeChecks types = new TypeChecks(this);
    final Expressions expressions = new Expressions(this);

    Run(TemplateExpander.Expanded expanded, WarehouseSchema schema) {
        this.expanded = expanded;
        this.schema = schema;
        this.dialect = Dialect.of(schema.warehouse());
    }

    Shape select(Select s, Scope outer, CteEnv env) {
        return queries.select(s, outer, env);
    }

    TypeFamily typeOf(Expression e, Ctx ctx) {
        return expressions.typeOf(e, ctx);
    }

    void error(String code, String relation, String column, int at, String detail) {
        findings.add(Finding.error(code, relation, column, at, detail));
    }

    void unchecked(String relation, String detail) {
        findings.add(Finding.warning(ProblemCode.UNCHECKED_REFERENCE, relation, null, line, detail));
    }

    void markLine(ASTNodeAccess node) {
        int l = Positions.astLine(node);
        if (l > 0) {
            line = l;
        }
    }

    int lineOf(ASTNodeAccess node) {
        int l = Positions.astLine(node);
        return l > 0 ? l : line;
    }

    /** Qualifier parts with a ref placeholder ({{ ref('x') }}.col) read as the relation's name. */
    List<String> columnQualifier(Table t) {
        List<String> parts = Positions.qualifierParts(t);
        if (parts.size() == 1) {
            RelationRef ref = expanded.refFor(parts.get(0));
            if (ref != null) {
                return List.of(ref.name());
            }
        }
        return parts;
    }
}
