package io.packops.alerting.upgrades;

import io.packops.alerting.peers.IngestNotFound;
import io.packops.alerting.peers.IngestUnavailable;
import io.packops.alerting.system.AlertingApi;
import io.packops.alerting.system.ApiProblems;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of coming dbt package releases against the fleet: run one now (the connector team's CI after registering a
 * release on ingest), or read the recorded ones (breaking and clean).
 */
@Path("/v1/package-upgrades")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "package-upgrades", description = "Coming releases of connectors' dbt packages checked against every served and held pack version")
public class PackageUpgradeResource {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The recorded checks of a connector's package releases, newest first. */
    @Schema(name = "PackageUpgradeChecks")
    public record Checks(String connector, List<UpgradeReport> items) {
    }

    @Inject
    PackageUpgradeService upgrades;

    @POST
    @Path("/{releaseId}/check")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(operationId = "checkPackageUpgrade", summary = "Check a registered package release against every served and held pack version of its connector")
    @APIResponseSchema(value = UpgradeReport.class, responseDescription = "breaks, clean or baseline, with the accounts, tiles and renames per pack version")
    @APIResponse(responseCode = "503", ref = AlertingApi.PEER_UNAVAILABLE)
    public UpgradeReport check(@Parameter(description = "ingest's package release id", schema = @Schema(type = SchemaType.INTEGER))
                               @PathParam("releaseId") String releaseId) {
        if (!ID.matcher(releaseId).matches()) {
            throw ProblemException.badRequest("invalid releaseId: expected a positive number (ingest's package release id)",
                    List.of(new Problem.FieldError("releaseId", "expected a positive number, found \"" + releaseId + "\"")));
        }
        try {
            return upgrades.check(Long.parseLong(releaseId));
        } catch (IngestNotFound e) {
            throw ProblemException.notFound("ingest-service has no package release " + releaseId);
        }
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(operationId = "listPackageUpgradeChecks", summary = "The latest recorded checks of a connector's package releases, newest first")
    @APIResponseSchema(value = Checks.class, responseDescription = "The recorded checks, breaking and clean")
    public Checks recorded(@Parameter(description = "The connector (a slug such as stripe)", required = true) @QueryParam("connector") String connector,
                           @Parameter(description = "At most this many (1 to 100, default 20)", schema = @Schema(type = SchemaType.INTEGER))
                           @QueryParam("limit") String limit) {
        if (connector == null || !SLUG.matcher(connector).matches()) {
            throw ProblemException.badRequest("invalid connector: expected a slug such as stripe",
                    List.of(new Problem.FieldError("connector", "required: a lower-case slug")));
        }
        int n = 20;
        if (limit != null) {
            if (!limit.matches("[0-9]{1,3}") || Integer.parseInt(limit) < 1 || Integer.parseInt(limit) > 100) {
                throw ProblemException.badRequest("invalid limit: a number between 1 and 100",
                        List.of(new Problem.FieldError("limit", "must be between 1 and 100, found \"" + limit + "\"")));
            }
            n = Integer.parseInt(limit);
        }
        return new Checks(connector, upgrades.recorded(connector, n));
    }

    /** Never call a release clean without ingest: say it is unavailable. */
    @ServerExceptionMapper({IngestUnavailable.class, FaultToleranceException.class})
    public Response ingestUnavailable(RuntimeException e) {
        Log.warnf("package upgrades: ingest-service unavailable: %s", e.getMessage());
        return Response.fromResponse(ApiProblems.of(503, "Service Unavailable",
                        "ingest-service could not be reached to read the release or the fleet; nothing was decided, try again"))
                .header("Retry-After", "30").build();
    }
}
