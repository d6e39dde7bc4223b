package io.packops.ownership.backstage;

import io.packops.ownership.document.DocumentProblems;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** A rejected catalog as a problem: 400 for a body that is not a catalog at all, 422 for one with nothing to import. */
public class BackstageProblems {

    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    /** Every violation is a field error of the problem. */
    @ServerExceptionMapper
    public Response rejected(CatalogRejected e) {
        List<Problem.FieldError> errors = DocumentProblems.fieldErrors(e.violations());
        return PROBLEMS.problem(e.malformed() ? ProblemException.badRequest(e.getMessage(), errors)
                : ProblemException.unprocessable(e.getMessage(), errors));
    }
}
