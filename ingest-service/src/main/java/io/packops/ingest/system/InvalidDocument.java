package io.packops.ingest.system;

import io.packops.servicekit.problem.Problem.FieldError;

import java.util.List;

/** A pack manifest or schema snapshot that reads but is not valid; each error says where (422). */
public class InvalidDocument extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidDocument(String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
