package io.packops.compat.check;

import io.packops.compat.problem.Severity;

/**
 * One finding of the compatibility check, shaped as DESIGN's report entry. {@code line} is the line
 * inside the tile's or KPI's SQL (1-based); {@code fileLine} the line in the manifest file when known.
 * Exactly one of {@code tile} and {@code kpi} is set for SQL findings; {@code dashboard} is set for tiles.
 * {@code warehouse} is set when the problem holds on that warehouse only (its dialect: a function, type or
 * syntax it lacks), null when it holds on every warehouse.
 */
public record Problem(
        Severity severity,
        String code,
        String dashboard,
        String tile,
        String kpi,
        String relation,
        String column,
        Integer line,
        Integer fileLine,
        String detail,
        String warehouse) {

    /** A problem of every warehouse. */
    public Problem(Severity severity, String code, String dashboard, String tile, String kpi, String relation,
                   String column, Integer line, Integer fileLine, String detail) {
        this(severity, code, dashboard, tile, kpi, relation, column, line, fileLine, detail, null);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
