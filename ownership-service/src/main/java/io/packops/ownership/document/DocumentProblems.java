package io.packops.ownership.document;

import io.packops.ownership.document.validation.Violation;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** The document's failures as problems, for every endpoint that reads the document. */
public class DocumentProblems {

    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    /** Violations as a problem's field errors (same path, same message). */
    public static List<Problem.FieldError> fieldErrors(List<Violation> violations) {
        return violations.stream().map(v -> new Problem.FieldError(v.field(), v.message())).toList();
    }

    @ServerExceptionMapper
    public Response noDocumentYet(NoDocumentYet e) {
        return PROBLEMS.problem(ProblemException.notFound(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response revisionConflict(RevisionConflict e) {
        return PROBLEMS.problem(new ProblemException(412, "Precondition Failed", e.getMessage()));
    }
}
