package io.packops.alerting.compat;

import io.packops.servicekit.problem.Problem.FieldError;

import java.util.List;

/** The manifest is not a valid packops/v1 DashboardPack; each error has its line and column (422). */
public class InvalidManifest extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidManifest(String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
