package io.packops.compat.sql;

import java.util.Locale;

/**
 * The warehouse a schema comes from. Syntax of all five is accepted everywhere; the dialect only
 * decides where a select-list alias may be referenced, which is where warehouses really differ.
 * Unknown warehouses get PostgreSQL's (ANSI) rules, the strictest, so a portable pack passes everywhere.
 */
public enum Dialect {
    POSTGRES, SNOWFLAKE, BIGQUERY, REDSHIFT, DATABRICKS;

    public static Dialect of(String warehouse) {
        if (warehouse == null) {
            return POSTGRES;
        }
        return switch (warehouse.toLowerCase(Locale.ROOT)) {
            case "snowflake" -> SNOWFLAKE;
            case "bigquery", "big_query", "bq" -> BIGQUERY;
            case "redshift" -> REDSHIFT;
            case "databricks", "spark", "spark_sql" -> DATABRICKS;
            default -> POSTGRES;
        };
    }

    /** Snowflake and Redshift resolve select-list aliases in WHERE (and later select items). */
    public boolean aliasesInWhere() {
        return this == SNOWFLAKE || this == REDSHIFT;
    }

    /** Lateral column aliases: a select item may use an alias defined earlier in the same list. */
    public boolean lateralAliases() {
        return this == SNOWFLAKE || this == REDSHIFT || this == DATABRICKS;
    }

    /** Aliases inside GROUP BY / ORDER BY expressions ({@code order by a + 1}); PostgreSQL takes bare names only. */
    public boolean aliasesInExpressions() {
        return this != POSTGRES && this != REDSHIFT;
    }

    /** PostgreSQL alone refuses output-column aliases in HAVING. */
    public boolean aliasesInHaving() {
        return this != POSTGRES;
    }
}
