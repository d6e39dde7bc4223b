package io.packops.alerting.system;

import io.packops.servicekit.problem.Problem;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The answers the REST resources' exception mappers give: an {@code application/problem+json} body. */
public final class ApiProblems {

    private ApiProblems() {
    }

    public static Response of(int status, String title, String detail) {
        return of(status, title, detail, List.of());
    }

    /** With the field errors (each naming where the request is wrong). */
    public static Response of(int status, String title, String detail, List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail, errors)).build();
    }
}
