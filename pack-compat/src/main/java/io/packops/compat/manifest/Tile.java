package io.packops.compat.manifest;

/**
 * A dashboard tile. {@code sqlLine} is the 1-based manifest line on which the SQL text's first line
 * sits (for a block scalar, the line after {@code sql: |}); 0 when unknown.
 */
public record Tile(String id, String title, String sql, int sqlLine, int line) {
}
