package io.packops.ingest.rollouts;

import io.packops.ingest.rollouts.RolloutViews.StartRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.system.IngestApi;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.packops.ingest.system.RequestChecks;
import com.fasterxml.jackson.databind.JsonNode;
import io.packops.compat.manifest.SemVer;
import io.packops.ingest.rollouts.RolloutViews.ActionRequest;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/**
 * A pack version's staged rollout: start it, read it, and pause, resume, promote or abort it by hand (each
 * recorded on the rollout's timeline with the caller and the reason).
 */
@Tag(name = "rollouts")
@Path("/v1/packs/{pack}/versions/{version}/rollout")
@Produces(MediaType.APPLICATION_JSON)
public class PackRolloutResource {

    private static final String REASON = "a JSON body {\"reason\": \"...\"} is required";

    @Inject
    RolloutService rollouts;

    /** 201 with the rollout; 400 with every field error; 404 unknown version; 409 another rollout runs. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "startRollout", summary = "Start a staged rollout of a pack version")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StartRequest.class)))
    @APIResponse(responseCode = "201", description = "Started", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "409", ref = IngestApi.CONFLICT)
    public Response start(@PathParam("pack") String pack, @PathParam("version") String version, JsonNode body) {
        String p = RequestChecks.slug("pack", pack);
        SemVer v = RequestChecks.semver("version", version);
        RolloutView view = rollouts.start(p, v, RolloutSpecReader.read(body));
        return Response.status(Response.Status.CREATED).entity(view)
                .header("Location", "/v1/rollouts/" + view.id()).build();
    }

    /** The version's latest rollout, with its timeline. */
    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(operationId = "getLatestRollout", summary = "The latest rollout of a pack version, with its timeline")
    @APIResponse(responseCode = "200", description = "The rollout")
    public RolloutView latest(@PathParam("pack") String pack, @PathParam("version") String version) {
        return rollouts.latest(RequestChecks.slug("pack", pack), RequestChecks.semver("version", version));
    }

    /** pause, resume, promote or abort, with the reason on the timeline (the caller is the bearer token's role). */
    @POST
    @Path("/{action: pause|resume|promote|abort}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "actOnRollout", summary = "Pause, resume, promote or abort a rollout by hand")
    @APIResponse(responseCode = "409", ref = IngestApi.CONFLICT)
    @APIResponse(responseCode = "200", description = "The rollout after the action")
    public RolloutView act(@PathParam("pack") String pack, @PathParam("version") String version,
                           @PathParam("action") String action,
                           @Valid @NotNull(message = REASON) ActionRequest body) {
        return rollouts.act(RequestChecks.slug("pack", pack), RequestChecks.semver("version", version),
                RolloutService.Action.valueOf(action.toUpperCase(Locale.ROOT)), body.reason());
    }
}
