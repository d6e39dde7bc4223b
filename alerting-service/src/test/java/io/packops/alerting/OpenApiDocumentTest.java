package io.packops.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.testsupport.openapi.ProblemAnswers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served {@code /q/openapi} passes what Redocly's recommended rules ask of it ({@code npx @redocly/cli lint
 * target/openapi/openapi.yaml}, README "API description"): servers, the bearer scheme on every operation, an
 * operationId each, and typed bodies, so a generated client gets named methods and real types.
 */
@QuarkusTest
class OpenApiDocumentTest {

    static final Set<String> VERBS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    JsonNode api;

    @BeforeEach
    void served() throws Exception {
        String body = given().auth().oauth2(TestTokens.AGENT).when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        api = new ObjectMapper().readTree(body);
    }

    @Test
    void namesAServerAndTheBearerSchemeForEveryOperation() {
        assertThat(api.path("servers")).as("servers").isNotEmpty();
        assertThat(api.path("servers").get(0).path("url").asText()).isNotBlank();
        JsonNode bearer = api.path("components").path("securitySchemes").path("bearer");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(api.path("security").findValues("bearer")).as("the document's default security").hasSize(1);
        operations().forEach((where, op) -> assertThat(op.has("security") ? op.path("security").findValues("bearer")
                : List.of(bearer)).as(where + " security").isNotEmpty());
    }

    @Test
    void everyOperationHasAnIdAndTypedBodies() {
        Map<String, JsonNode> ops = operations();
        assertThat(ops).as("operations").hasSize(13);
        List<String> ids = new ArrayList<>();
        ops.forEach((where, op) -> {
            assertThat(op.path("operationId").asText()).as(where + " operationId").isNotBlank();
            ids.add(op.path("operationId").asText());
            op.path("requestBody").path("content").forEach(media ->
                    assertThat(typed(media.path("schema"))).as(where + " request schema").isTrue());
            op.path("responses").fields().forEachRemaining(r -> {
                JsonNode response = resolve(r.getValue());
                if (r.getKey().startsWith("2")) {
                    assertThat(response.path("content")).as(where + " " + r.getKey() + " has a body").isNotEmpty();
                }
                response.path("content").forEach(media ->
                        assertThat(typed(media.path("schema"))).as(where + " " + r.getKey() + " schema").isTrue());
            });
        });
        assertThat(ids).as("operationIds").doesNotHaveDuplicates();
    }

    @Test
    void everyOperationAnswersItsProblems() {
        assertThat(ProblemAnswers.check(api)).isEqualTo(operations().size());
    }

    /** Each operation by "VERB path". */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> ops = new TreeMap<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (VERBS.contains(op.getKey())) {
                ops.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
        return ops;
    }

    /** A response given by reference, as the shared problems are ({@code #/components/responses/...}). */
    private JsonNode resolve(JsonNode response) {
        String ref = response.path("$ref").asText();
        if (ref.isEmpty()) {
            return response;
        }
        JsonNode target = api.at(ref.substring(1));
        assertThat(target.isMissingNode()).as(ref + " is declared").isFalse();
        return target;
    }

    /** A schema by reference to a declared one, or with a type of its own. */
    private boolean typed(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        if (!ref.isEmpty()) {
            return !api.at(ref.substring(1)).isMissingNode();
        }
        return schema.hasNonNull("type");
    }
}
