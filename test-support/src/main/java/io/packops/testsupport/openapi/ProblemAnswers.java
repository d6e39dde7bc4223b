package io.packops.testsupport.openapi;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a service's served OpenAPI document must say of its problem answers (service-kit's ProblemResponses writes
 * them): every secured operation answers 401 and 403 with the problem body, every operation with a parameter or a
 * body answers 400, every operation whose path names something answers 404 — each a reference to the service's own
 * component, whose body is a typed problem.
 */
public final class ProblemAnswers {

    static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch");

    private ProblemAnswers() {
    }

    /** Checks {@code api} (the document as JSON) and returns how many operations it checked. */
    public static int check(JsonNode api) {
        JsonNode components = api.path("components").path("responses");
        for (String name : List.of("BadRequest", "Unauthorized", "Forbidden", "NotFound")) {
            assertThat(components.path(name).path("content").path("application/problem+json").path("schema").isMissingNode())
                    .as("components.responses." + name + " has a problem body").isFalse();
        }
        boolean securedByDefault = !api.path("security").isEmpty();
        List<String> checked = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(entry -> {
            if (!VERBS.contains(entry.getKey())) {
                return;
            }
            JsonNode op = entry.getValue();
            String where = entry.getKey().toUpperCase() + " " + path.getKey();
            List<JsonNode> parameters = new ArrayList<>();
            path.getValue().path("parameters").forEach(parameters::add);
            op.path("parameters").forEach(parameters::add);
            JsonNode responses = op.path("responses");
            boolean secured = op.has("security") ? !op.path("security").isEmpty() : securedByDefault;
            if (secured) {
                assertRef(where, responses, "401", "Unauthorized");
                assertRef(where, responses, "403", "Forbidden");
            }
            if (!parameters.isEmpty() || op.has("requestBody")) {
                assertThat(responses.has("400")).as(where + " answers 400").isTrue();
            }
            if (parameters.stream().anyMatch(p -> "path".equals(p.path("in").asText()))) {
                assertThat(responses.has("404")).as(where + " answers 404").isTrue();
            }
            checked.add(where);
        }));
        assertThat(checked).as("operations in the document").isNotEmpty();
        return checked.size();
    }

    private static void assertRef(String where, JsonNode responses, String code, String component) {
        assertThat(responses.path(code).path("$ref").asText()).as(where + " " + code)
                .isEqualTo("#/components/responses/" + component);
    }
}
