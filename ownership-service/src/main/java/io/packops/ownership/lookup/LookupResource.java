package io.packops.ownership.lookup;

import io.packops.ownership.document.SecretsParam;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;

/** {@code GET /v1/lookup}: owner, on-call now per escalation level, chain, runbook, support queue, first reply. */
@Path("/v1/lookup")
@Produces(MediaType.APPLICATION_JSON)
public class LookupResource {

    @Inject
    LookupService lookup;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity caller;

    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR})
    @Operation(summary = "Who owns a connector/pack, who is on call now, how it escalates, runbook and support queue. "
            + "Operators (and alerting-service) may add resolveSecrets=true to get the team's routing keys and webhooks.")
    public LookupView lookup(@QueryParam("connector") String connector, @QueryParam("pack") String pack,
                             @QueryParam("at") String at, @QueryParam("resolveSecrets") String resolveSecrets) {
        return lookup.lookup(connector, pack, TimeParams.instant("at", at, clock),
                SecretsParam.view(caller, resolveSecrets));
    }
}
