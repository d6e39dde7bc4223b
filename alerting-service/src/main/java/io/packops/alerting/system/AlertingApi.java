package io.packops.alerting.system;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Contact;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

/**
 * The API description of alerting-service ({@code /q/openapi}, and {@code target/openapi} at build time): every
 * operation needs a bearer token (DESIGN "API conventions"), each names the roles it takes.
 */
@OpenAPIDefinition(
        info = @Info(title = "packops alerting-service", version = "v1",
                description = "Turns what packops observes (compat breaks, install failure rates, silent telemetry, peers down) "
                        + "into well-routed pages: the compat check and release gate, the alert lifecycle, Alertmanager-style "
                        + "silences and a one-call rollback. Errors are RFC 9457 application/problem+json.",
                contact = @Contact(name = "packops maintainers", url = "https://packops.example.com"),
                license = @License(name = "Proprietary", identifier = "LicenseRef-packops-proprietary")),
        servers = @Server(url = "http://localhost:8082", description = "A local alerting-service (./packops up, or java -jar)"),
        security = @SecurityRequirement(name = AlertingApi.BEARER))
@SecurityScheme(securitySchemeName = AlertingApi.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A packops token from the deployment's configuration (PACKOPS_TOKEN_AGENT, _OPERATOR, _ADMIN, _INGEST); "
                + "its role decides what it may call")
public class AlertingApi extends Application {

    public static final String BEARER = "bearer";
}
