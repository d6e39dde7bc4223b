package io.packops.alerting.compat;

import io.packops.servicekit.problem.Problem.FieldError;

import java.util.List;

/** The schema is not a valid native schema or dbt catalog; each error points into what the caller sent (422). */
public class InvalidSchema extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidSchema(String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
