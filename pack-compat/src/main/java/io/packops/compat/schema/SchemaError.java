package io.packops.compat.schema;

/**
 * One thing wrong with a schema document: where (a JSON pointer such as {@code /relations/3/kind},
 * empty for the whole document), the 1-based line and column where that value starts (0 when
 * unknown), and what.
 */
public record SchemaError(String pointer, int line, int column, String message) {

    public SchemaError {
        pointer = pointer == null ? "" : pointer;
    }

    public boolean hasLocation() {
        return line > 0;
    }

    /** {@code line 4, column 9: /relations/1/kind: unknown kind "table" ...}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (hasLocation()) {
            s.append("line ").append(line).append(", column ").append(column).append(": ");
        }
        if (!pointer.isEmpty()) {
            s.append(pointer).append(": ");
        }
        return s.append(message).toString();
    }
}
