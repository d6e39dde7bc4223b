package io.packops.ownership.oncall;

import io.packops.servicekit.problem.ProblemException;
import io.packops.servicekit.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A schedule the current document does not have: 404. */
public class ScheduleProblems {

    @ServerExceptionMapper
    public Response unknownSchedule(UnknownSchedule e) {
        return new ProblemMappers().problem(ProblemException.notFound(e.getMessage()));
    }
}
