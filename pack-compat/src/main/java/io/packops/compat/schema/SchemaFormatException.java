package io.packops.compat.schema;

import java.util.List;

/** A schema document that cannot be read, with every error found (not just the first). */
public class SchemaFormatException extends RuntimeException {

    private final transient List<SchemaError> errors;

    public SchemaFormatException(List<SchemaError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public List<SchemaError> errors() {
        return errors;
    }

    private static String summary(List<SchemaError> errors) {
        if (errors.size() == 1) {
            return "invalid schema: " + errors.get(0);
        }
        StringBuilder s = new StringBuilder("invalid schema, ").append(errors.size()).append(" errors:");
        for (SchemaError e : errors) {
            s.append("\n  ").append(e);
        }
        return s.toString();
    }
}
