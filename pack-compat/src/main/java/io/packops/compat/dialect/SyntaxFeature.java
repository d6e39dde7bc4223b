package io.packops.compat.dialect;

/**
 * The syntax that differs between the five warehouses and that pack-compat detects in a parsed query.
 * Where each one exists is data ({@code catalogue.yaml}); how it reads in a message is here.
 */
public enum SyntaxFeature {
    DOUBLE_COLON_CAST("the :: cast"),
    ILIKE("ILIKE"),
    QUALIFY("the QUALIFY clause"),
    AGGREGATE_FILTER("an aggregate's FILTER (WHERE ...) clause"),
    WITHIN_GROUP("WITHIN GROUP (ORDER BY ...)"),
    BACKTICK_IDENTIFIER("a `backtick`-quoted name"),
    DOUBLE_QUOTED_IDENTIFIER("a \"double-quoted\" name"),
    LIMIT_COMMA("LIMIT <skip>, <count>"),
    FETCH_FIRST("FETCH FIRST ... ROWS ONLY"),
    TOP("SELECT TOP n"),
    DISTINCT_ON("DISTINCT ON (...)"),
    INTERVAL_STRING("an interval literal with its unit inside the string (interval '1 day')"),
    INTERVAL_UNQUOTED("an unquoted interval literal (interval 1 day)"),
    REGEX_OPERATOR("the ~ regular-expression operator"),
    SIMILAR_TO("SIMILAR TO"),
    RLIKE("RLIKE / REGEXP"),
    LATERAL_VIEW("LATERAL VIEW"),
    LATERAL_SUBQUERY("a LATERAL subquery"),
    NATURAL_JOIN("NATURAL JOIN"),
    STAR_EXCEPT("SELECT * EXCEPT (...)"),
    STAR_EXCLUDE("SELECT * EXCLUDE (...)"),
    STAR_REPLACE("SELECT * REPLACE (...)"),
    JSON_COLON_PATH("the column:path JSON accessor"),
    JSON_ARROW("the -> / ->> JSON operators");

    private final String text;

    SyntaxFeature(String text) {
        this.text = text;
    }

    /** How the feature reads in a sentence. */
    public String text() {
        return text;
    }
}
