package io.packops.compat.manifest;

/** A KPI: a one-row query and a narrative whose {@code {{ placeholders }}} are its output columns. */
public record Kpi(String id, String title, String sql, String narrative, int sqlLine, int narrativeLine, int line) {
}
