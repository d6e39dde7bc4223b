package io.packops.ingest.releases;

import io.packops.ingest.rest.ProblemException;
import io.packops.ingest.rest.RequestChecks;
import io.packops.ingest.security.TokenRoles;
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

import java.util.List;
import java.util.regex.Pattern;

/**
 * Coming releases of connectors' dbt packages, registered by the connector team (or the package's CI, with an
 * operator token) before they ship, so alerting can tell each pack owner what the release will break.
 */
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
    public Response register(String body) {
        String by = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        PackageReleaseService.Registered r = releases.register(body, by);
        return Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK).entity(r.release()).build();
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    public ReleaseList list(@QueryParam("connector") String connector, @QueryParam("package") String packageName) {
        String slug = RequestChecks.slug("connector", connector);
        if (packageName != null && !RequestChecks.DBT_PACKAGE.matcher(packageName).matches()) {
            throw ProblemException.badRequest("invalid package: expected a dbt package name such as fivetran/stripe",
                    List.of(new io.packops.ingest.rest.Problem.FieldError("package", "not a dbt package name")));
        }
        return new ReleaseList(slug, repository.list(slug, packageName));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    public PackageRelease one(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            throw ProblemException.badRequest("invalid id: expected a positive number, found \"" + id + "\"",
                    List.of(new io.packops.ingest.rest.Problem.FieldError("id", "expected a positive number")));
        }
        return repository.byId(Long.parseLong(id))
                .orElseThrow(() -> ProblemException.notFound("no package release with id " + id));
    }
}
