package io.packops.alerting.upgrades;

import io.packops.alerting.client.IngestService;
import io.packops.alerting.rest.Problem;
import io.packops.alerting.rest.ProblemException;
import io.packops.alerting.security.TokenRoles;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of coming dbt package releases against the fleet: run one now (the connector team's CI after registering a
 * release on ingest), or read the recorded ones (breaking and clean).
 */
@Path("/v1/package-upgrades")
@Produces(MediaType.APPLICATION_JSON)
public class PackageUpgradeResource {

    private static final Pattern ID = Pattern.compile("[1-9][0-9]{0,17}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public record Checks(String connector, List<UpgradeReport> items) {
    }

    @Inject
    PackageUpgradeService upgrades;

    @POST
    @Path("/{releaseId}/check")
    @RolesAllowed(TokenRoles.OPERATOR)
    @Operation(summary = "Check a registered package release against every served and held pack version of its connector")
    public UpgradeReport check(@PathParam("releaseId") String releaseId) {
        if (!ID.matcher(releaseId).matches()) {
            throw ProblemException.badRequest("invalid releaseId: expected a positive number (ingest's package release id)",
                    List.of(new Problem.FieldError("releaseId", "expected a positive number, found \"" + releaseId + "\"")));
        }
        try {
            return upgrades.check(Long.parseLong(releaseId));
        } catch (IngestService.IngestNotFoundException e) {
            throw ProblemException.notFound("ingest-service has no package release " + releaseId);
        }
    }

    @GET
    @RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT})
    @Operation(summary = "The latest recorded checks of a connector's package releases, newest first")
    public Checks recorded(@QueryParam("connector") String connector, @QueryParam("limit") String limit) {
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
    @ServerExceptionMapper({IngestService.IngestUnavailableException.class, FaultToleranceException.class})
    public Response ingestUnavailable(RuntimeException e) {
        Log.warnf("package upgrades: ingest-service unavailable: %s", e.getMessage());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "30")
                .entity(Problem.of(503, "Service Unavailable",
                        "ingest-service could not be reached to read the release or the fleet; nothing was decided, try again"))
                .build();
    }
}
