package io.packops.ingest.packagereleases;

import io.packops.ingest.system.IngestApi;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Coming releases of connectors' dbt packages, registered by the connector team (or the package's CI, with an
 * operator token) before they ship, so alerting can tell each pack owner what the release will break.
 */
@Tag(name = "package-releases")
@Path("/v1/package-releases")
@Produces(MediaType.APPLICATION_JSON)
public class PackageReleaseResource {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");

    /** GET list: one page is all of a connector's releases (a package has dozens, not thousands). */
    public record ReleaseList(String connector, List<PackageRelease> items) {
    }

    @Inject
    PackageReleaseService releases;
    @Inject
    PackageReleaseRepository repository;
    @Inject
    SecurityIdentity identity;

    /** 201 when new, 200 when the same catalog is already registered under that version, 409 for another catalog. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "registerPackageRelease", summary = "Register a coming release of a connector's dbt package with its catalog")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
            description = "{connector, package, version, catalog}: catalog is the release's dbt catalog.json")))
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageRelease.class)))
    @APIResponse(responseCode = "200", description = "A retry: the same catalog is registered under that version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PackageRelease.class)))
    @APIResponse(responseCode = "409", ref = IngestApi.CONFLICT)
    @APIResponse(responseCode = "422", ref = IngestApi.UNPROCESSABLE)
    public Response register(String body) {
        String by = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        PackageReleaseService.Registered r = releases.register(body, by);
        return Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK).entity(r.release()).build();
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "listPackageReleases", summary = "The registered releases of a connector's dbt packages (without catalogs)")
    @APIResponseSchema(value = ReleaseList.class, responseDescription = "Every release of the connector's packages")
    public ReleaseList list(@QueryParam("connector") String connector, @QueryParam("package") String packageName) {
        String slug = RequestChecks.slug("connector", connector);
        if (packageName != null && !RequestChecks.DBT_PACKAGE.matcher(packageName).matches()) {
            throw ProblemException.badRequest("invalid package: expected a dbt package name such as fivetran/stripe",
                    List.of(new io.packops.servicekit.problem.Problem.FieldError("package", "not a dbt package name")));
        }
        return new ReleaseList(slug, repository.list(slug, packageName));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
    @Operation(operationId = "getPackageRelease", summary = "One registered package release with its catalog")
    @APIResponseSchema(value = PackageRelease.class, responseDescription = "The release, relations included")
    public PackageRelease one(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            throw ProblemException.badRequest("invalid id: expected a positive number, found \"" + id + "\"",
                    List.of(new io.packops.servicekit.problem.Problem.FieldError("id", "expected a positive number")));
        }
        return repository.byId(Long.parseLong(id))
                .orElseThrow(() -> ProblemException.notFound("no package release with id " + id));
    }
}
