package io.packops.compat.sql;

import io.packops.compat.problem.Severity;

/** A problem in one query, before it is placed in a pack (dashboard, tile or KPI). Line is in the SQL. */
public record Finding(Severity severity, String code, String relation, String column, int line, String detail) {

    public static Finding error(String code, String relation, String column, int line, String detail) {
        return new Finding(Severity.ERROR, code, relation, column, line, detail);
    }

    public static Finding warning(String code, String relation, String column, int line, String detail) {
        return new Finding(Severity.WARNING, code, relation, column, line, detail);
    }
}
