package io.packops.ownership.lookup;

import io.packops.ownership.document.SecretsParam;
import io.packops.ownership.system.OwnershipApi;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** {@code GET /v1/lookup}: owner, on-call now per escalation level, chain, runbook, support queue, first reply. */
@Path("/v1/lookup")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OwnershipApi.LOOKUP)
public class LookupResource {

    @Inject
    LookupService lookup;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity caller;

    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR, TokenRoles.PEER})
    @Operation(operationId = "lookupOwner", summary = "Who owns a connector or pack, and who is on call for it now",
            description = "The matched rule, the owning team, who each escalation level pages at 'at' and until when, the"
                    + " runbook, the support queue and a suggested first reply; match says whether the connector and pack"
                    + " are known, and what an unknown name probably meant. Operators (and alerting-service) may add"
                    + " resolveSecrets=true to get the team's routing keys and webhooks.")
    @APIResponse(responseCode = "200", description = "The owner and the escalation chain",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LookupView.class)))
    @APIResponse(responseCode = "404", description = "The connector or pack is not a slug, so nothing can own it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", ref = OwnershipApi.UNAVAILABLE)
    public LookupView lookup(
            @Parameter(description = "A connector slug (any case); absent with pack absent: the \"*\" owner", example = "stripe")
            @QueryParam("connector") String connector,
            @Parameter(description = "A pack slug (any case)", example = "stripe-revenue") @QueryParam("pack") String pack,
            @Parameter(description = "When, RFC 3339 with offset (default now)", schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("at") String at,
            @Parameter(description = "true: the team's routes resolved to their values (operator, admin)",
                    schema = @Schema(type = SchemaType.BOOLEAN))
            @QueryParam("resolveSecrets") String resolveSecrets) {
        return lookup.lookup(connector, pack, TimeParams.instant("at", at, clock), SecretsParam.view(caller, resolveSecrets));
    }
}
