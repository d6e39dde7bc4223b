package io.packops.ingest.rest;

import io.packops.compat.manifest.SemVer;
import io.packops.ingest.rest.PackViews.PackRelease;
import io.packops.ingest.rest.PackViews.PackSummary;
import io.packops.ingest.rest.PackViews.PackVersionView;
import io.packops.ingest.rest.PackViews.Page;
import io.packops.ingest.rest.PackViews.WithdrawRequest;
import io.packops.ingest.security.TokenRoles;
import io.packops.ingest.service.PackRegistry;
import io.packops.ingest.service.RolloutService;
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
import jakarta.ws.rs.core.Response;

/**
 * Pack release registry: publish manifests, list packs and versions, withdraw and restore versions,
 * and the release view installers ask for the version to serve.
 */
@Path("/v1/packs")
@Produces(MediaType.APPLICATION_JSON)
public class PackResource {

    @Inject
    PackRegistry registry;
    @Inject
    RolloutService rollouts;

    /** 201 when new, 200 when this exact content is already published, 409 when other content is. */
    @POST
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN})
    @RolesAllowed(TokenRoles.OPERATOR)
    public Response publish(String manifest) {
        PackRegistry.Published published = registry.publish(manifest);
        return Response.status(published.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(published.view()).build();
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    public Page<PackSummary> packs(@QueryParam("connector") String connector, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        return registry.packs(RequestChecks.optionalSlug("connector", connector), RequestChecks.limit(limit), cursor);
    }

    @GET
    @Path("/{pack}/versions")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    public Page<PackVersionView> versions(@PathParam("pack") String pack, @QueryParam("limit") String limit,
                                          @QueryParam("cursor") String cursor) {
        return registry.versions(RequestChecks.slug("pack", pack), RequestChecks.limit(limit), cursor);
    }

    @GET
    @Path("/{pack}/versions/{version}")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    public PackVersionView version(@PathParam("pack") String pack, @PathParam("version") String version) {
        return registry.version(RequestChecks.slug("pack", pack), semver(version));
    }

    /**
     * Installers ask this too (role ingest): the served version is the rollback switch. With {@code account}
     * (and the account's {@code warehouse}) the answer is the version that account gets during a staged rollout.
     */
    @GET
    @Path("/{pack}/release")
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.INGEST})
    public Object release(@PathParam("pack") String pack, @QueryParam("account") String account,
                          @QueryParam("warehouse") String warehouse) {
        String p = RequestChecks.slug("pack", pack);
        if (account == null) {
            return registry.release(p);
        }
        return rollouts.releaseFor(p, RequestChecks.accountId("account", account), RequestChecks.optionalSlug("warehouse", warehouse));
    }

    @POST
    @Path("/{pack}/versions/{version}/withdraw")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(TokenRoles.OPERATOR)
    public PackRelease withdraw(@PathParam("pack") String pack, @PathParam("version") String version,
                                @Valid @NotNull(message = "a JSON body {\"reason\": \"...\"} is required") WithdrawRequest body) {
        return registry.withdraw(RequestChecks.slug("pack", pack), semver(version), body.reason());
    }

    @POST
    @Path("/{pack}/versions/{version}/restore")
    @RolesAllowed(TokenRoles.OPERATOR)
    public PackRelease restore(@PathParam("pack") String pack, @PathParam("version") String version) {
        return registry.restore(RequestChecks.slug("pack", pack), semver(version));
    }

    private static SemVer semver(String version) {
        return RequestChecks.semver("version", version);
    }
}
