package io.packops.ownership.system;

import io.packops.servicekit.openapi.ProblemResponses;
import io.packops.servicekit.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What {@code /q/openapi} says about the service as a whole: who answers for it, where it runs, that every operation
 * needs a bearer token, and the problem answers every operation shares (service-kit's ProblemResponses refers every
 * operation to them, and words Unauthorized itself). The operations describe themselves in their
 * resources; the build writes the document to {@code target/openapi/openapi.yaml}, which CI lints. (SmallRye reads
 * {@code @OpenAPIDefinition} from the JAX-RS application class; this one adds no configuration of its own.)
 */
@OpenAPIDefinition(
        info = @Info(title = "packops ownership-service", version = "1",
                description = "Ownership as code for packops: teams, people, on-call schedules, escalation policies and"
                        + " ownership rules in one document, kept as revisions, and what is built on it: who owns a"
                        + " connector or pack, who is on call, how it escalates, which runbook and support queue, and"
                        + " whether a launch is ready.",
                contact = @Contact(name = "packops launch operations",
                        url = "https://github.com/acme/packops/blob/main/ownership-service/README.md"),
                license = @License(name = "Proprietary: internal to the company that runs packops", identifier = "LicenseRef-Proprietary")),
        servers = @Server(url = "/", description = "The ownership-service serving this document (port 8083 by default)"),
        security = @SecurityRequirement(name = OwnershipApi.BEARER),
        tags = {
                @Tag(name = OwnershipApi.DOCUMENT, description = "The ownership document: replace it, read it and its revisions"),
                @Tag(name = OwnershipApi.LOOKUP, description = "Who owns a connector or pack, who is on call, how it escalates"),
                @Tag(name = OwnershipApi.SCHEDULES, description = "Who is on call in a schedule, and its timeline"),
                @Tag(name = OwnershipApi.READINESS, description = "Launch readiness: every ownership gap, with its fix"),
                @Tag(name = OwnershipApi.IMPORT, description = "A proposed document from a Backstage catalog, not applied")},
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = OwnershipApi.BEARER, type = SecuritySchemeType.HTTP,
                        scheme = "bearer", description = "A token from the service's configuration (PACKOPS_TOKEN_INGEST,"
                        + " _AGENT, _OPERATOR, _ADMIN); its role decides what it may call. Roles nest: admin ⊃ operator ⊃ agent."),
                responses = {
                        @APIResponse(name = ProblemResponses.BAD_REQUEST, responseCode = "400",
                                description = "A parameter or the body is malformed; errors says which and why",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ProblemResponses.FORBIDDEN, responseCode = "403",
                                description = "The token's role may not call this (or ask for resolveSecrets)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ProblemResponses.NOT_FOUND, responseCode = "404",
                                description = "Nothing by that name, or no ownership document yet",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = OwnershipApi.UNAVAILABLE, responseCode = "503",
                                description = "PostgreSQL cannot be reached (Retry-After), or lookup has no owner to name yet",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))}))
public class OwnershipApi extends Application {

    public static final String BEARER = "bearer";

    public static final String DOCUMENT = "ownership document";
    public static final String LOOKUP = "lookup";
    public static final String SCHEDULES = "schedules";
    public static final String READINESS = "readiness";
    public static final String IMPORT = "Backstage import";

    /** Shared responses of this service, for {@code @APIResponse(ref = ...)} (the 400/401/403/404 ones are named in ProblemResponses). */
    public static final String UNAVAILABLE = "Unavailable";
}
