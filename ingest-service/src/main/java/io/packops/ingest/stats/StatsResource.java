package io.packops.ingest.stats;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;
import java.util.List;

/** Read-only stats over install and render telemetry, for on-call, support and the alerting sweeps. */
@Tag(name = "stats")
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
public class StatsResource {

    @Inject
    StatsService stats;
    @Inject
    Clock clock;

    @GET
    @Path("installs")
    @Operation(operationId = "getInstallStats", summary = "Attempts, outcomes, success rate and distinct accounts per group over a window")
    @APIResponse(responseCode = "200", description = "One page of groups")
    public InstallStats installs(@BeanParam StatsParams.Raw query,
                                 @Parameter(description = "comma-separated: connector, pack, version, warehouse; dashboard, tile for type=render")
                                 @QueryParam("groupBy") List<String> groupBy) {
        return stats.installs(StatsParams.installs(query, groupBy, clock.instant()));
    }

    @GET
    @Path("failures")
    @Operation(operationId = "getFailureStats", summary = "Failed events grouped by failure fingerprint, most frequent first")
    @APIResponse(responseCode = "200", description = "One page of failure groups")
    public FailureStats failures(@BeanParam StatsParams.Raw query) {
        return stats.failures(StatsParams.failures(query, clock.instant()));
    }

    @GET
    @Path("freshness")
    @Operation(operationId = "getFreshness", summary = "Newest event overall and per connector, by occurrence and by receipt")
    public Freshness freshness() {
        return stats.freshness(clock.instant());
    }
}
