package io.packops.cli.check;

/**
 * The warehouses {@code --warehouse} accepts; each selects pack-compat's SQL dialect of the same name.
 * Lower-case constants because picocli shows them as they are, in help and in its error messages.
 */
public enum Warehouse {
    snowflake, bigquery, redshift, databricks, postgres
}
