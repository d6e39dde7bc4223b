package io.packops.alerting.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.alerting.rest.AlertViews.Page;
import io.packops.alerting.security.TokenRoles;
import io.packops.alerting.service.Silence;
import io.packops.alerting.service.SilenceService;
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

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Alertmanager-style silences: create (operator), list (agent+), expire (operator). */
@Path("/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
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
    public record SilenceView(UUID id, String state, List<Silence.Matcher> matchers, Instant startsAt, Instant endsAt,
                              String createdBy, String comment, Instant createdAt, Instant updatedAt) {
        static SilenceView of(Silence s, Instant now) {
            return new SilenceView(s.id(), s.state(now), s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(),
                    s.comment(), s.createdAt(), s.updatedAt());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    public Response create(String body) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("a JSON body is required", List.of(new Problem.FieldError("body", "required")));
        }
        Silence s = silences.create(ListParams.body(json, body, SilenceService.SilenceInput.class));
        return Response.created(UriBuilder.fromPath("/v1/silences/{id}").build(s.id()))
                .entity(SilenceView.of(s, clock.instant())).build();
    }

    @GET
    @RolesAllowed(TokenRoles.AGENT)
    public Page<SilenceView> list(@QueryParam("state") String state, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        String s = ListParams.oneOf("state", state, List.of(Silence.ACTIVE, Silence.PENDING, Silence.EXPIRED));
        int n = ListParams.limit(limit);
        List<Silence> page = silences.list(s, ListParams.after(LIST, cursor), n + 1);
        Instant now = clock.instant();
        String next = page.size() > n ? ListParams.cursor(LIST, page.get(n - 1).seq()) : null;
        return new Page<>(page.stream().limit(n).map(x -> SilenceView.of(x, now)).toList(), next);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(TokenRoles.AGENT)
    public SilenceView get(@PathParam("id") String id) {
        UUID uuid = id(id);
        return SilenceView.of(silences.find(uuid).orElseThrow(() -> ProblemException.notFound("no silence " + id)), clock.instant());
    }

    /** Expires the silence now (it stays listed as expired). */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(TokenRoles.OPERATOR)
    public SilenceView expire(@PathParam("id") String id) {
        return SilenceView.of(silences.expire(id(id)), clock.instant());
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no silence " + text + ": silence ids are UUIDs");
        }
    }
}
