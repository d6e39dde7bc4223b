package io.packops.ingest.system;

import io.packops.servicekit.problem.Problem.FieldError;

import java.util.List;

/** What the caller sent cannot be read or is out of bounds; each field in error is named (400). */
public class InvalidInput extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInput(String message) {
        this(message, List.of());
    }

    public InvalidInput(String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
