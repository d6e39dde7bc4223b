package io.packops.ingest.schemas;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.packops.ingest.system.PageCursor;
import io.packops.ingest.system.RequestChecks;
import io.packops.servicekit.problem.ProblemException;
import io.packops.ingest.schemas.SchemaViews.SchemaBody;
import io.packops.ingest.schemas.SchemaViews.SchemaGroup;
import io.packops.ingest.schemas.SchemaViews.SchemaPage;
import io.packops.servicekit.auth.TokenRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The fleet's current schemas: per connector, each distinct fingerprint with how many accounts and
 * which warehouses have it (the blast radius of an incompatible pack), or one body. One account's schemas
 * are {@link AccountResource}'s.
 */
@Tag(name = "schemas")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({TokenRoles.OPERATOR, TokenRoles.AGENT, TokenRoles.PEER})
public class SchemaResource {

    private static final String CURSOR_KIND = "schemas";

    @Inject
    SchemaRepository schemas;

    @GET
    @Path("/schemas")
    @Operation(operationId = "listCurrentSchemas", summary = "The current schemas of a connector across the fleet, by fingerprint")
    @APIResponse(responseCode = "200", description = "One page of fingerprints")
    public SchemaPage currentSchemas(@QueryParam("connector") String connector,
                                     @QueryParam("includeRelations") String includeRelations,
                                     @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        String slug = RequestChecks.slug("connector", connector);
        boolean withBodies = RequestChecks.flag("includeRelations", includeRelations, true);
        int pageSize = RequestChecks.limit(limit);
        String after = PageCursor.decode(CURSOR_KIND, cursor);

        List<SchemaGroup> groups = schemas.currentGroups(slug, after, pageSize + 1, withBodies);
        String next = null;
        if (groups.size() > pageSize) {
            groups = groups.subList(0, pageSize);
            next = PageCursor.encode(CURSOR_KIND, groups.get(pageSize - 1).fingerprint());
        }
        SchemaRepository.Totals totals = schemas.totals(slug);
        return new SchemaPage(slug, totals.accounts(), totals.fingerprints(), groups, next);
    }

    @GET
    @Path("/schemas/{fingerprint}")
    @Operation(operationId = "getSchema", summary = "One stored schema body by fingerprint")
    @APIResponse(responseCode = "200", description = "The schema")
    public SchemaBody schema(@PathParam("fingerprint") String fingerprint) {
        SchemaBody body = schemas.body(RequestChecks.fingerprint("fingerprint", fingerprint));
        if (body == null) {
            throw ProblemException.notFound("no schema with fingerprint " + fingerprint + " was ever received");
        }
        return body;
    }
}
