package io.packops.alerting.system;

import io.packops.servicekit.openapi.ProblemResponses;
import io.packops.servicekit.problem.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The API description of alerting-service ({@code /q/openapi}, and {@code target/openapi} at build time): every
 * operation needs a bearer token (DESIGN "API conventions"), each names the roles it takes. The problems the
 * operations answer and the list parameters are declared once here; an operation refers to them by name.
 */
@OpenAPIDefinition(
        info = @Info(title = "packops alerting-service", version = "v1",
                description = "Turns what packops observes (compat breaks, install failure rates, silent telemetry, peers down) "
                        + "into well-routed pages: the compat check and release gate, the alert lifecycle, Alertmanager-style "
                        + "silences and a one-call rollback. Errors are RFC 9457 application/problem+json.",
                contact = @Contact(name = "packops maintainers", url = "https://packops.example.com"),
                license = @License(name = "Proprietary", identifier = "LicenseRef-packops-proprietary")),
        servers = @Server(url = "/", description = "The alerting-service serving this document (port 8082 by default)"),
        security = @SecurityRequirement(name = AlertingApi.BEARER),
        components = @Components(
                responses = {
                        @APIResponse(name = ProblemResponses.BAD_REQUEST, description = "The request is invalid: each field in error is named",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = ProblemResponses.NOT_FOUND, description = "No such thing",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AlertingApi.CONFLICT, description = "The thing is not in a state that allows it",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AlertingApi.UNPROCESSABLE, description = "The manifest or the schema is invalid "
                                + "(each error with its line and column)",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AlertingApi.BAD_GATEWAY, description = "ingest-service did not do it: nothing was changed",
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class))),
                        @APIResponse(name = AlertingApi.PEER_UNAVAILABLE, description = "ingest-service could not be reached: "
                                + "nothing was decided, retry after Retry-After seconds",
                                headers = @Header(name = "Retry-After", schema = @Schema(type = SchemaType.INTEGER)),
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))},
                parameters = {
                        @Parameter(name = AlertingApi.LIMIT, in = ParameterIn.QUERY, description = "At most this many (default 50)",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500")),
                        @Parameter(name = AlertingApi.CURSOR, in = ParameterIn.QUERY,
                                description = "The nextCursor of the previous page", schema = @Schema(type = SchemaType.STRING))}))
@SecurityScheme(securitySchemeName = AlertingApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A packops token from the deployment's configuration (PACKOPS_TOKEN_AGENT, _OPERATOR, _ADMIN, _INGEST); "
                + "its role decides what it may call")
public class AlertingApi extends Application {

    public static final String BEARER = "bearer";
    public static final String CONFLICT = "Conflict";
    public static final String UNPROCESSABLE = "Unprocessable";
    public static final String BAD_GATEWAY = "BadGateway";
    public static final String PEER_UNAVAILABLE = "PeerUnavailable";
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";
}
