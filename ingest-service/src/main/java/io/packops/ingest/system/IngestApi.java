package io.packops.ingest.system;

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
 * The API description of ingest-service ({@code /q/openapi}, and {@code target/openapi} at build time): every
 * operation needs a bearer token (DESIGN "API conventions"). The problems the operations answer are declared once
 * here; an operation refers to them by name.
 */
@OpenAPIDefinition(
        info = @Info(title = "packops ingest-service", version = "v1",
                description = "Takes install and render telemetry and warehouse schema snapshots from the field, keeps the pack "
                        + "release registry and staged rollouts, and answers stats, schema and account questions. Errors are "
                        + "RFC 9457 application/problem+json.",
                contact = @Contact(name = "packops maintainers", url = "https://packops.example.com"),
                license = @License(name = "Proprietary", identifier = "LicenseRef-packops-proprietary")),
        servers = @Server(url = "/", description = "The ingest-service serving this document (port 8081 by default)"),
        security = @SecurityRequirement(name = IngestApi.BEARER),
        tags = {
                @Tag(name = "events", description = "Install and render telemetry from the field"),
                @Tag(name = "schemas", description = "Warehouse schema snapshots and the fleet's current schemas"),
                @Tag(name = "packs", description = "The pack release registry: publish, list, withdraw, restore"),
                @Tag(name = "rollouts", description = "Staged rollouts of pack versions and the version each account is served"),
                @Tag(name = "stats", description = "Read-only stats over install and render telemetry"),
                @Tag(name = "accounts", description = "Customer accounts: what ingest knows about one, for support"),
                @Tag(name = "package-releases", description = "Coming releases of connectors' dbt packages, with their catalogs")},
        components = @Components(responses = {
                @APIResponse(name = ProblemResponses.BAD_REQUEST, description = "The request is invalid: each field in error is named",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = ProblemResponses.NOT_FOUND, description = "No such thing",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = IngestApi.CONFLICT, description = "The thing is not in a state that allows it",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = IngestApi.UNPROCESSABLE, description = "The manifest or snapshot is invalid (each error says where)",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                @APIResponse(name = IngestApi.TOO_LARGE, description = "More events than a batch holds, or a body over the size limit",
                        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))}))
@SecurityScheme(securitySchemeName = IngestApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A packops token from the deployment's configuration (PACKOPS_TOKEN_INGEST, _AGENT, _OPERATOR, _ADMIN); "
                + "its role decides what it may call")
public class IngestApi extends Application {

    public static final String BEARER = "bearer";
    public static final String CONFLICT = "Conflict";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String TOO_LARGE = "TooLarge";
}
