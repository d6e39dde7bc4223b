package io.packops.ingest.rollouts;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.system.IngestApi;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.PathIds;
import io.packops.servicekit.problem.ProblemException;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.rollouts.RolloutViews.AnalysisDecision;
import io.packops.ingest.rollouts.RolloutViews.RolloutView;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Rollouts by id: the list alerting's canary analysis reads, one rollout with its timeline, and its decisions. */
@Tag(name = "rollouts")
@Path("/v1/rollouts")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    @Inject
    RolloutService rollouts;

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "listRollouts", summary = "List rollouts, newest first")
    @APIResponse(responseCode = "200", description = "One page of rollouts")
    public Page<RolloutView> list(@QueryParam("pack") String pack, @QueryParam("state") String state,
                                  @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String s = state == null || state.isEmpty() ? null : state;
        if (s != null && !Rollout.STATES.contains(s)) {
            throw ProblemException.badRequest("invalid state: must be one of " + String.join(", ", Rollout.STATES),
                    List.of(new Problem.FieldError("state", "must be one of " + String.join(", ", Rollout.STATES) + ", found \"" + state + "\"")));
        }
        return rollouts.list(RequestChecks.optionalSlug("pack", pack), s, RequestChecks.limit(limit), cursor);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(operationId = "getRollout", summary = "One rollout with its timeline")
    @APIResponse(responseCode = "200", description = "The rollout")
    public RolloutView get(@PathParam("id") String id) {
        return rollouts.get(id(id));
    }

    /** The canary analysis (alerting-service, with its operator peer token) advances, holds or aborts. */
    @POST
    @Path("/{id}/analysis")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AUTOMATION})
    @Operation(operationId = "decideRollout", summary = "Apply a canary analysis decision: advance, hold or abort")
    @APIResponse(responseCode = "409", ref = IngestApi.CONFLICT)
    @APIResponse(responseCode = "200", description = "The rollout after the decision")
    public RolloutView decide(@PathParam("id") String id,
                              @Valid @NotNull(message = "a JSON body {decision, fromStep, check, reason, metrics} is required") AnalysisDecision body) {
        return rollouts.decide(id(id), body);
    }

    private static long id(String text) {
        return PathIds.positive(text).orElseThrow(() -> ProblemException.badRequest("invalid id: a rollout id is a positive number",
                List.of(new Problem.FieldError("id", "a rollout id is a positive number, found \"" + text + "\""))));
    }
}
