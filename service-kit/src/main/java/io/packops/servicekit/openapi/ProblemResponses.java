package io.packops.servicekit.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The problem answers every service gives for the same reasons, written once instead of on every operation: 400 where
 * the operation takes a parameter or a body (all are checked), 404 where the path names something, and 401 and 403
 * where a token is required (all but operations declaring {@code security = {}}). Each refers to the service's own
 * component ({@code #/components/responses/BadRequest}, {@code NotFound}, {@code Unauthorized}, {@code Forbidden}), so
 * the description stays the service's and the body is its problem schema; a service without such a component gets
 * nothing added for it, and what an operation declares itself is kept. Registered per service with
 * {@code mp.openapi.filter=io.packops.servicekit.openapi.ProblemResponses}; it also replaces the bodiless 401/403 that
 * Quarkus adds for secured methods.
 */
public class ProblemResponses implements OASFilter {

    public static final String BAD_REQUEST = "BadRequest";
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String FORBIDDEN = "Forbidden";
    public static final String NOT_FOUND = "NotFound";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Map<String, APIResponse> shared = sharedResponses(openAPI);
        boolean securedByDefault = openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                List<Parameter> parameters = new ArrayList<>();
                Optional.ofNullable(item.getParameters()).ifPresent(parameters::addAll);
                Optional.ofNullable(op.getParameters()).ifPresent(parameters::addAll);
                if (op.getResponses() == null) {
                    op.setResponses(OASFactory.createAPIResponses());
                }
                APIResponses responses = op.getResponses();
                if (!parameters.isEmpty() || op.getRequestBody() != null) {
                    add(responses, "400", BAD_REQUEST, shared);
                }
                if (parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH)) {
                    add(responses, "404", NOT_FOUND, shared);
                }
                boolean secured = op.getSecurity() == null ? securedByDefault : !op.getSecurity().isEmpty();
                if (secured) {
                    replaceBodiless(responses, "401", UNAUTHORIZED, shared);
                    replaceBodiless(responses, "403", FORBIDDEN, shared);
                }
            }
        }
    }

    /**
     * The service's shared responses, with Unauthorized and Forbidden made from its BadRequest (same problem body, a
     * generic description) when it does not word them itself.
     */
    private static Map<String, APIResponse> sharedResponses(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null || components.getResponses() == null) {
            return Map.of();
        }
        APIResponse badRequest = components.getResponses().get(BAD_REQUEST);
        if (badRequest != null && badRequest.getContent() != null) {
            if (!components.getResponses().containsKey(UNAUTHORIZED)) {
                components.addResponse(UNAUTHORIZED, OASFactory.createAPIResponse()
                        .description("No token, another scheme, or a token nobody has").content(badRequest.getContent()));
            }
            if (!components.getResponses().containsKey(FORBIDDEN)) {
                components.addResponse(FORBIDDEN, OASFactory.createAPIResponse()
                        .description("The token's role may not call this").content(badRequest.getContent()));
            }
        }
        return components.getResponses();
    }

    private static void add(APIResponses responses, String code, String component, Map<String, APIResponse> shared) {
        if (shared.containsKey(component) && !responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, ref(component));
        }
    }

    /** Quarkus' own 401/403 have a description and no body; one an operation wrote itself (a ref, or content) stays. */
    private static void replaceBodiless(APIResponses responses, String code, String component, Map<String, APIResponse> shared) {
        APIResponse existing = responses.getAPIResponse(code);
        boolean bodiless = existing != null && existing.getRef() == null
                && (existing.getContent() == null || existing.getContent().getMediaTypes() == null
                        || existing.getContent().getMediaTypes().isEmpty());
        if (shared.containsKey(component) && (existing == null || bodiless)) {
            responses.addAPIResponse(code, ref(component));
        }
    }

    private static APIResponse ref(String component) {
        return OASFactory.createAPIResponse().ref(component);
    }
}
