package io.packops.ingest.packs;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.system.IngestApi;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.packops.compat.manifest.SemVer;
import io.packops.ingest.packs.PackViews.PackRelease;
import io.packops.ingest.packs.PackViews.PackSummary;
import io.packops.ingest.packs.PackViews.PackVersionView;
import io.packops.ingest.packs.PackViews.Page;
import io.packops.ingest.packs.PackViews.WithdrawRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Pack release registry: publish manifests, list packs and versions, withdraw and restore versions
 * (the release view installers ask for the version to serve is rollouts' {@code ReleaseResource}).
 */
@Tag(name = "packs")
@Path("/v1/packs")
@Produces(MediaType.APPLICATION_JSON)
public class PackResource {

    @Inject
    PackRegistry registry;
    @Inject
    SecurityIdentity identity;

    /**
     * 201 when new, 200 when this exact content is already published, 409 when other content is. {@code gateOverride}
     * declares a publish past a blocking release gate: its reason is recorded with the publisher on the version.
     * {@code hold=true} keeps the new version from every installer until a staged rollout of it starts.
     */
    @POST
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "publishPack", summary = "Publish a pack manifest (YAML) as a new version")
    @RequestBody(required = true, description = "A packops/v1 DashboardPack manifest", content = @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "201", description = "Published", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackVersionView.class)))
    @APIResponse(responseCode = "200", description = "This exact content was already published", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackVersionView.class)))
    @APIResponse(responseCode = "409", ref = IngestApi.CONFLICT)
    @APIResponse(responseCode = "422", ref = IngestApi.UNPROCESSABLE)
    public Response publish(String manifest,
                            @Parameter(description = "why this version is published although alerting-service's release "
                                    + "gate (POST /v1/compat/gate) blocks it; recorded with the publisher, 1-500 characters")
                            @QueryParam("gateOverride") String gateOverride,
                            @Parameter(description = "true: served to nobody until a staged rollout of it starts "
                                    + "(POST /v1/packs/{pack}/versions/{version}/rollout); default false")
                            @QueryParam("hold") String hold, @Context UriInfo uri) {
        // "?gateOverride" or "?gateOverride=" is an override without a reason: refused, never a plain publish
        boolean declared = gateOverride != null || uri.getQueryParameters().containsKey("gateOverride");
        String override = declared
                ? checkedReason("gateOverride", gateOverride, "say why the release gate is overridden") : null;
        boolean held = switch (hold == null ? "false" : hold) {
            case "true" -> true;
            case "false" -> false;
            default -> throw reasonProblem("hold", "must be true or false, found '" + hold + "'");
        };
        PackRegistry.Published published = registry.publish(manifest, publisher(), override, held);
        return Response.status(published.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(published.view()).build();
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "listPacks", summary = "List published packs, with the version each serves")
    @APIResponse(responseCode = "200", description = "One page of packs")
    public Page<PackSummary> packs(@QueryParam("connector") String connector, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        return registry.packs(RequestChecks.optionalSlug("connector", connector), RequestChecks.limit(limit), cursor);
    }

    @GET
    @Path("/{pack}/versions")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "listPackVersions", summary = "List the versions of a pack, highest first")
    @APIResponse(responseCode = "200", description = "One page of versions")
    public Page<PackVersionView> versions(@PathParam("pack") String pack, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor) {
        return registry.versions(RequestChecks.slug("pack", pack), RequestChecks.limit(limit), cursor);
    }

    @GET
    @Path("/{pack}/versions/{version}")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "getPackVersion", summary = "One version of a pack, with its manifest")
    @APIResponse(responseCode = "200", description = "The version")
    public PackVersionView version(@PathParam("pack") String pack, @PathParam("version") String version) {
        return registry.version(RequestChecks.slug("pack", pack), semver(version));
    }

    /**
     * The body is read as text and checked here: bound to a record, Jackson's failures (a duplicate key, a reason
     * that is not a string) would reach Quarkus' own mappers and answer a 500 or a 400 that is not a problem.
     */
    @POST
    @Path("/{pack}/versions/{version}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AUTOMATION})
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = WithdrawRequest.class)))
    @Operation(operationId = "withdrawPackVersion", summary = "Withdraw a version: installers are served the previous one")
    @APIResponse(responseCode = "200", description = "The pack's release after the withdrawal")
    public PackRelease withdraw(@PathParam("pack") String pack, @PathParam("version") String version, String body) {
        String p = RequestChecks.slug("pack", pack);
        SemVer v = semver(version);
        return registry.withdraw(p, v, withdrawReason(body), publisher());
    }

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    static String withdrawReason(String body) {
        if (body == null || body.isBlank()) {
            throw reasonProblem("body", "a JSON body {\"reason\": \"...\"} is required");
        }
        JsonNode json;
        try {
            json = STRICT_JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw reasonProblem("body", "malformed JSON" + where + ": " + e.getOriginalMessage().split("\n", 2)[0]);
        }
        if (json == null || !json.isObject()) {
            throw reasonProblem("body", "expected a JSON object {\"reason\": \"...\"}");
        }
        JsonNode reason = json.get("reason");
        if (reason != null && !reason.isNull() && !reason.isTextual()) {
            throw reasonProblem("reason", "must be a string");
        }
        return checkedReason("reason", reason == null || reason.isNull() ? null : reason.textValue(),
                "say why the version is withdrawn");
    }

    /** A reason a person gives (withdraw, gate override): required, at most 500 characters, no control characters. */
    static String checkedReason(String field, String text, String whatToSay) {
        if (text == null || text.isBlank()) {
            throw reasonProblem(field, "a reason is required: " + whatToSay);
        }
        if (text.length() > 500) {
            throw reasonProblem(field, "at most 500 characters");
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
            // PostgreSQL text cannot hold NUL; other control characters have no place in a reason either
            throw reasonProblem(field, "must not contain control characters");
        }
        return text;
    }

    /** The authenticated principal: recorded as who published, withdrew or restored a version. */
    private String publisher() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private static ProblemException reasonProblem(String field, String message) {
        return ProblemException.badRequest(field + ": " + message, java.util.List.of(new Problem.FieldError(field, message)));
    }

    @POST
    @Path("/{pack}/versions/{version}/restore")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "restorePackVersion", summary = "Make a withdrawn version active again")
    @APIResponse(responseCode = "200", description = "The pack's release after the restore")
    public PackRelease restore(@PathParam("pack") String pack, @PathParam("version") String version) {
        return registry.restore(RequestChecks.slug("pack", pack), semver(version), publisher());
    }

    private static SemVer semver(String version) {
        return RequestChecks.semver("version", version);
    }
}
