package io.packops.ingest.system;

import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The REST layer's answer to the services' domain exceptions: the same problem+json a {@link ProblemException} of that
 * status gets from service-kit's mappers (413 closes the connection there too), so services never speak HTTP.
 */
public class DomainProblems {

    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return PROBLEMS.problem(ProblemException.notFound(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(Conflict e) {
        return PROBLEMS.problem(ProblemException.conflict(e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidInput(InvalidInput e) {
        return PROBLEMS.problem(ProblemException.badRequest(e.getMessage(), e.errors()));
    }

    @ServerExceptionMapper
    public Response invalidDocument(InvalidDocument e) {
        return PROBLEMS.problem(ProblemException.unprocessable(e.getMessage(), e.errors()));
    }

    @ServerExceptionMapper
    public Response tooLarge(TooLarge e) {
        return PROBLEMS.problem(new ProblemException(413, "Content Too Large", e.getMessage()));
    }
}
