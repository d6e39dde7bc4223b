package io.packops.ingest.rollouts;

import io.packops.ingest.packs.PackViews.PackRelease;
import io.packops.ingest.rollouts.RolloutViews.AccountRelease;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import io.packops.ingest.packs.PackRegistry;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The version of a pack installers are served (the rollback switch). Here, not in packs' {@code PackResource}, because
 * with an account the answer depends on the pack's staged rollout.
 */
@Tag(name = "rollouts")
@Path("/v1/packs/{pack}/release")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

    @Inject
    PackRegistry registry;
    @Inject
    RolloutService rollouts;

    /**
     * Installers ask this too (role ingest): the served version is the rollback switch. With {@code account}
     * (and the account's {@code warehouse}) the answer is the version that account gets during a staged rollout.
     */
    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.INGEST})
    @Operation(operationId = "getPackRelease", summary = "The version of a pack installers are served (with account: the one that account gets)")
    @APIResponse(responseCode = "200", description = "Without account: the pack's release; with account: that account's version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(anyOf = {PackRelease.class, AccountRelease.class})))
    public Object release(@PathParam("pack") String pack, @QueryParam("account") String account,
                          @QueryParam("warehouse") String warehouse) {
        String p = RequestChecks.slug("pack", pack);
        if (account == null) {
            return registry.release(p);
        }
        return rollouts.releaseFor(p, RequestChecks.accountId("account", account), RequestChecks.optionalSlug("warehouse", warehouse));
    }
}
