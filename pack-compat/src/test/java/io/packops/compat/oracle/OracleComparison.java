package io.packops.compat.oracle;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.problem.Severity;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.dialect.DialectRules;
import io.packops.compat.sql.dialect.UsageScanner;
import io.packops.compat.sql.resolve.QueryResolver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One query judged by both PostgreSQL and pack-compat against the same schema. PostgreSQL stops at
 * the first error while pack-compat reports every error, so they agree when both accept the query,
 * or when both reject it and PostgreSQL's first error is one of the kinds pack-compat reports.
 */
public record OracleComparison(String subject, String sql, PostgresOracle.Verdict pg, List<Finding> findings) {

    /**
     * PostgreSQL's error kinds and the pack-compat codes that name the same failure: PostgreSQL reports an unknown
     * function (or one called with the wrong arguments) as 42883, an unknown type as 42704, unknown syntax as 42601.
     */
    private static final Map<String, Set<String>> SAME_KIND = Map.of(
            ProblemCode.TYPE_MISMATCH, Set.of(ProblemCode.TYPE_MISMATCH, ProblemCode.UNSUPPORTED_FUNCTION,
                    ProblemCode.FUNCTION_SIGNATURE),
            ProblemCode.SQL_PARSE_ERROR, Set.of(ProblemCode.SQL_PARSE_ERROR, ProblemCode.UNSUPPORTED_SYNTAX),
            "PG_42704", Set.of(ProblemCode.UNSUPPORTED_TYPE));

    public OracleComparison {
        findings = List.copyOf(findings);
    }

    /** Compiles nothing: {@code query} is resolved by pack-compat and explained by PostgreSQL against the oracle's schema. */
    public static OracleComparison of(String subject, ParsedQuery query, PostgresOracle oracle) throws SQLException {
        return of(subject, query, oracle.schema(), oracle);
    }

    static OracleComparison of(String subject, ParsedQuery query, WarehouseSchema schema, PostgresOracle oracle)
            throws SQLException {
        // pack-compat's whole PostgreSQL verdict: resolution, and what PostgreSQL's dialect lacks
        List<Finding> findings = new ArrayList<>(QueryResolver.resolve(query, schema).findings());
        findings.addAll(DialectRules.check(UsageScanner.scan(query), Dialect.POSTGRES));
        return new OracleComparison(subject, query.sql(), oracle.explain(query), findings);
    }

    public List<Finding> errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }

    public boolean packCompatOk() {
        return errors().isEmpty();
    }

    /** Both accept, or both reject. */
    public boolean verdictsAgree() {
        return pg.ok() == packCompatOk();
    }

    /** When both reject: PostgreSQL's (first) error is among pack-compat's error codes. */
    public boolean categoriesAgree() {
        if (pg.ok() || packCompatOk()) {
            return true;
        }
        Set<String> same = SAME_KIND.getOrDefault(pg.category(), Set.of(pg.category()));
        return errors().stream().anyMatch(f -> same.contains(f.code()));
    }

    public boolean agrees() {
        return verdictsAgree() && categoriesAgree();
    }

    /** A short label of the disagreement, e.g. {@code pg=MISSING_COLUMN pack-compat=ok}. */
    public String kind() {
        String ours = packCompatOk() ? "ok" : errors().stream().map(Finding::code).distinct().sorted()
                .collect(Collectors.joining("+"));
        return "pg=" + (pg.ok() ? "ok" : pg.category()) + " pack-compat=" + ours;
    }

    /** Everything needed to judge a disagreement: subject, SQL, PostgreSQL's error, pack-compat's findings. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(subject).append(": ").append(agrees() ? "agree" : "DISAGREE").append(" (").append(kind()).append(")\n");
        b.append("  SQL:\n");
        for (String line : sql.strip().split("\\R")) {
            b.append("    | ").append(line).append('\n');
        }
        b.append("  PostgreSQL: ").append(pg.describe()).append('\n');
        if (findings.isEmpty()) {
            b.append("  pack-compat: ok\n");
        } else {
            b.append("  pack-compat:\n");
            for (Finding f : findings) {
                b.append("    ").append(f.severity()).append(' ').append(f.code())
                        .append(f.relation() == null ? "" : " relation=" + f.relation())
                        .append(f.column() == null ? "" : " column=" + f.column())
                        .append(" line=").append(f.line()).append(": ").append(f.detail()).append('\n');
            }
        }
        return b.toString();
    }
}
