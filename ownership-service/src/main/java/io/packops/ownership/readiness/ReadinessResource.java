package io.packops.ownership.readiness;

import io.packops.ownership.document.model.Slugs;
import io.packops.ownership.system.TimeParams;
import io.packops.servicekit.auth.TokenRoles;
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

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code GET /v1/readiness}: every ownership gap before launch day, with severity and fix; empty = ready. */
@Path("/v1/readiness")
@Produces(MediaType.APPLICATION_JSON)
public class ReadinessResource {

    @Inject
    ReadinessService readiness;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({TokenRoles.AGENT, TokenRoles.OPERATOR})
    @Operation(summary = "Launch readiness over [from, from + horizon) (defaults: now, 14d; at most 90d); "
            + "connectors/packs default to those named in rules")
    public ReadinessService.Report readiness(@QueryParam("horizon") String horizon, @QueryParam("from") String from,
                                             @QueryParam("connectors") String connectors, @QueryParam("packs") String packs) {
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
