package io.packops.compat.dialect;

import java.util.List;
import java.util.Locale;

/**
 * The warehouse a schema comes from, as a SQL dialect. It decides where a select-list alias may be
 * referenced, which functions, types and syntax exist ({@link Catalogue}), and how dbt's cross-database
 * macros expand. Unknown warehouses get PostgreSQL's rules, the strictest, so a portable pack passes everywhere.
 */
public enum Dialect {
    POSTGRES("postgres", "PostgreSQL"), SNOWFLAKE("snowflake", "Snowflake"), BIGQUERY("bigquery", "BigQuery"),
    REDSHIFT("redshift", "Redshift"), DATABRICKS("databricks", "Databricks");

    /** In a fixed order, for reports. */
    public static final List<Dialect> ALL = List.of(values());

    private final String wireName;
    private final String title;

    Dialect(String wireName, String title) {
        this.wireName = wireName;
        this.title = title;
    }

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

    /** The name warehouses go by in schemas, reports and the catalogue: {@code snowflake}, {@code bigquery}, … */
    public String wireName() {
        return wireName;
    }

    /** How the warehouse reads in sentences: {@code BigQuery}. */
    public String title() {
        return title;
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
