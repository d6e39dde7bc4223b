package io.packops.alerting.silences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.system.AlertingApi;
import io.packops.alerting.system.ApiProblems;
import io.packops.alerting.system.ListParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Alertmanager-style silences: create (operator), list (agent+), expire (operator). */
@Path("/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "silences", description = "Alertmanager-style silences: matched alerts are recorded, not paged, while one is active")
public class SilenceResource {

    private static final String LIST = "silences";

    @Inject
    SilenceService silences;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    /** {@code state}: active, pending or expired, now. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Silence", description = "A silence and its state now")
    public record SilenceView(UUID id, @Schema(enumeration = {"active", "pending", "expired"}) String state,
                              List<Silence.Matcher> matchers, Instant startsAt, Instant endsAt,
                              String createdBy, String comment, Instant createdAt, Instant updatedAt) {
        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.state(now), s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(),
                    s.comment(), s.createdAt(), s.updatedAt());
        }
    }

    /** One page of the silence list. */
    @RegisterForReflection
    @Schema(description = "Silences, newest first; pass nextCursor as cursor for the next page (absent on the last)")
    public record SilencePage(List<SilenceView> items, String nextCursor) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "createSilence", summary = "Create a silence")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SilenceView.class)))
    public Response create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SilenceRequest.class))) String body) {
        SilenceRequest request = body == null || body.isBlank() ? null : ListParams.body(json, body, SilenceRequest.class);
        if (request == null) {
            throw ProblemException.badRequest("a JSON body is required", List.of(new Problem.FieldError("body", "required")));
        }
        Silence s = silences.create(request.validate(clock.instant()));
        return Response.created(UriBuilder.fromPath("/v1/silences/{id}").build(s.id()))
                .entity(SilenceView.of(s, clock.instant())).build();
    }

    @GET
    @RolesAllowed(TokenRoles.AGENT)
    @Operation(operationId = "listSilences", summary = "List silences, newest first")
    @APIResponseSchema(value = SilencePage.class, responseDescription = "A page of silences")
    public SilencePage list(
            @Parameter(description = "Only silences in this state now",
                    schema = @Schema(enumeration = {"active", "pending", "expired"})) @QueryParam("state") String state,
            @Parameter(ref = AlertingApi.LIMIT) @QueryParam("limit") String limit,
            @Parameter(ref = AlertingApi.CURSOR) @QueryParam("cursor") String cursor) {
        String s = ListParams.oneOf("state", state, List.of(Silence.ACTIVE, Silence.PENDING, Silence.EXPIRED));
        Instant now = clock.instant();
        return ListParams.page(LIST, limit, cursor, (below, n) -> silences.list(s, below, n), Silence::seq,
                x -> SilenceView.of(x, now), SilencePage::new);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(TokenRoles.AGENT)
    @Operation(operationId = "getSilence", summary = "One silence")
    @APIResponseSchema(value = SilenceView.class, responseDescription = "The silence")
    public SilenceView get(@Parameter(description = "The silence's id (a UUID)") @PathParam("id") String id) {
        UUID uuid = id(id);
        return SilenceView.of(silences.find(uuid).orElseThrow(() -> new SilenceNotFound(uuid)), clock.instant());
    }

    /** Expires the silence now (it stays listed as expired). */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "expireSilence", summary = "Expire a silence now (it stays listed, as expired)")
    @APIResponseSchema(value = SilenceView.class, responseDescription = "The silence, expired")
    @APIResponse(responseCode = "409", ref = AlertingApi.CONFLICT)
    public SilenceView expire(@Parameter(description = "The silence's id (a UUID)") @PathParam("id") String id) {
        return SilenceView.of(silences.expire(id(id)), clock.instant());
    }

    @ServerExceptionMapper
    public Response notFound(SilenceNotFound e) {
        return ApiProblems.of(404, "Not Found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response expired(SilenceExpired e) {
        return ApiProblems.of(409, "Conflict", e.getMessage());
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no silence " + text + ": silence ids are UUIDs");
        }
    }
}
