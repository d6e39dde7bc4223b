package io.packops.ownership.readiness;

import io.packops.ownership.document.model.Slugs;
import io.packops.ownership.system.OwnershipApi;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
import io.packops.servicekit.openapi.ProblemResponses;
import io.packops.servicekit.problem.Problem;
import io.packops.servicekit.problem.ProblemException;
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
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code GET /v1/readiness}: every ownership gap before launch day, with severity and fix; empty = ready. */
@Path("/v1/readiness")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = OwnershipApi.READINESS)
public class ReadinessResource {

    @Inject
    ReadinessService readiness;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR})
    @Operation(operationId = "getLaunchReadiness", summary = "Launch readiness: every ownership gap, with its fix",
            description = "Over [from, from + horizon) (defaults: now, 14d; at most 90d), for the connectors and packs asked"
                    + " (default: those named in rules and the connectors catalogue); most severe first, empty gaps = ready."
                    + " Agents see ${...} references in messages redacted.")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadinessService.Report.class)))
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND) // no document yet: no path names it
    public ReadinessService.Report readiness(
            @Parameter(description = "30m, 12h, 14d, 2w or ISO-8601 (PT12H); 1 minute to 90 days (default 14d)", example = "14d")
            @QueryParam("horizon") String horizon,
            @Parameter(description = "Start of the window, RFC 3339 with offset (default now)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time"))
            @QueryParam("from") String from,
            @Parameter(description = "Comma-separated connector slugs", example = "stripe,salesforce") @QueryParam("connectors") String connectors,
            @Parameter(description = "Comma-separated pack slugs", example = "stripe-revenue") @QueryParam("packs") String packs) {
        Duration h = TimeParams.span("horizon", horizon, Duration.ofDays(14), Duration.ofDays(90));
        return readiness.report(TimeParams.instant("from", from, clock), h, slugs("connectors", connectors), slugs("packs", packs),
                identity.hasRole(TokenRoles.OPERATOR));
    }

    static Set<String> slugs(String name, String csv) {
        Set<String> out = new LinkedHashSet<>();
        if (csv == null || csv.isBlank()) {
            return out;
        }
        for (String s : csv.split(",")) {
            String v = s.trim();
            if (v.isEmpty()) {
                continue;
            }
            if (!Slugs.isSlug(v)) {
                throw new ProblemException(400, "Bad Request", name + " must be a comma-separated list of slugs",
                        List.of(new Problem.FieldError(name, "'" + v + "' is not a slug (lowercase letters, digits, '-', '_')")));
            }
            out.add(v);
        }
        return out;
    }
}
