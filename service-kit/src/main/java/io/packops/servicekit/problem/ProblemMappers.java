package io.packops.servicekit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * One mapper per kind of failure, each answering {@code application/problem+json}. Nothing here
 * ever returns a stack trace; the database being unreachable is a 503 with {@code Retry-After}, other unexpected
 * failures are logged and answered with a generic 500.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        if (e.status() == 413) {
            // the client may still be sending the rest of a chunked body: don't read it as the next request
            return Response.fromResponse(respond(e.toProblem())).header("Connection", "close").build();
        }
        return respond(e.toProblem());
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer realm=\"packops\"")
                .entity(Problem.of(401, "Unauthorized", "a valid 'Authorization: Bearer <token>' header is required")).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response authenticationFailed(AuthenticationFailedException e) {
        String why = e.getMessage() == null ? "invalid bearer token" : e.getMessage();
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer realm=\"packops\"")
                .entity(Problem.of(401, "Unauthorized", why)).build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "Forbidden", "this token's role may not call this endpoint"));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(Problem.of(400, "Bad Request", "request parameters are invalid", errors));
    }

    /** Ours, not quarkus-rest-jackson's built-in one for this type (plain JSON naming the Java class, no problem). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String detail = "malformed JSON";
        if (e instanceof InvalidFormatException ife) {
            detail = "invalid value " + ife.getValue() + " at " + path(ife);
        } else if (e instanceof MismatchedInputException mie) {
            detail = "unexpected JSON shape at " + path(mie);
        }
        if (e.getLocation() != null) {
            detail += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return respond(Problem.of(400, "Bad Request", detail));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (status == 400 && cause instanceof JsonProcessingException json) {
                return json(json); // the body reader's own 400 says only "Bad Request": say where the JSON is wrong
            }
        }
        if (status >= 500) {
            Log.error("request failed", e);
            return respond(Problem.of(status, "Internal Server Error", "the request could not be completed"));
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error" : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? title : e.getMessage();
        return respond(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            // PostgreSQL down or restarting: the request may succeed in a moment (a retried request is safe), so 503
            Log.warnf("database unavailable, answered 503: %s", rootCause(e));
            return Response.fromResponse(respond(Problem.of(503, "Service Unavailable",
                            "the database is unavailable; retry in " + DatabaseUnavailable.RETRY_AFTER_SECONDS + " s")))
                    .header("Retry-After", DatabaseUnavailable.RETRY_AFTER_SECONDS).build();
        }
        Log.error("unexpected failure", e);
        return respond(Problem.of(500, "Internal Server Error", "the request could not be completed; see the service log"));
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String field(String propertyPath) {
        int dot = propertyPath.indexOf('.');
        // "list.arg0" -> "arg0"; method parameter names are kept with -parameters
        return dot >= 0 ? propertyPath.substring(propertyPath.lastIndexOf('.') + 1) : propertyPath;
    }

    private static String path(MismatchedInputException e) {
        StringBuilder sb = new StringBuilder("$");
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
