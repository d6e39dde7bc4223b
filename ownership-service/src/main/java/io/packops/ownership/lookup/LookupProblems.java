package io.packops.ownership.lookup;

import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Lookup's failures as problems: for the API, and for the support page, which shows the same problem in HTML. */
public class LookupProblems {

    private static final ProblemMappers PROBLEMS = new ProblemMappers();

    @ServerExceptionMapper
    public Response malformedSlug(MalformedSlug e) {
        return PROBLEMS.problem(problem(e));
    }

    @ServerExceptionMapper
    public Response unavailable(LookupUnavailable e) {
        return PROBLEMS.problem(problem(e));
    }

    /** The problem a failed lookup answers: 404 for a malformed slug, 503 when there is no owner to name yet. */
    public static ProblemException problem(RuntimeException e) {
        if (e instanceof MalformedSlug) {
            return ProblemException.notFound(e.getMessage());
        }
        if (e instanceof LookupUnavailable) {
            return ProblemException.unavailable(e.getMessage());
        }
        if (e instanceof ProblemException p) {
            return p;
        }
        throw e;
    }
}
