package io.packops.compat.sql.resolve;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a parsed query against one schema with SQL's scoping rules and reports what would not
 * compile there: missing relations and columns, ambiguous columns, and type mismatches that
 * warehouses reject. The parsed tree is only read, so resolution is safe from many threads.
 */
public final class QueryResolver {

    /**
     * What one query resolves to: its findings, and its output columns (for KPI narratives).
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
}
