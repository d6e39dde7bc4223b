package io.packops.ownership.document;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Every /v1/ownership endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
class OwnershipAuthTest {

    record Endpoint(String method, String path, String contentType, String body, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Map<String, String> TOKENS = Map.of(
            "ingest", OwnershipFixtures.INGEST,
            "agent", OwnershipFixtures.AGENT,
            "operator", OwnershipFixtures.OPERATOR,
            "admin", OwnershipFixtures.ADMIN);
    private static final Set<String> READERS = Set.of("agent", "operator", "admin");

    static List<Endpoint> endpoints() {
        return List.of(
                // an invalid document: the admin's call is answered 422 and changes nothing
                new Endpoint("PUT", "/v1/ownership", "application/yaml", "teams: 1", Set.of("admin")),
                new Endpoint("PUT", "/v1/ownership", "application/json", "{\"teams\": 1}", Set.of("admin")),
                new Endpoint("GET", "/v1/ownership", null, null, READERS),
                new Endpoint("GET", "/v1/ownership?resolveSecrets=true", null, null, Set.of("operator", "admin")),
                new Endpoint("GET", "/v1/ownership/revisions", null, null, READERS),
                new Endpoint("GET", "/v1/ownership/revisions/1", null, null, READERS));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            cases.add(Arguments.of(e, null, 401));
            cases.add(Arguments.of(e, "not-a-token", 401));
            for (String role : TOKENS.keySet().stream().sorted().toList()) {
                cases.add(Arguments.of(e, role, e.roles().contains(role) ? 0 : 403));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("cases")
    void rolesAreEnforced(Endpoint endpoint, String role, int expected) {
        RequestSpecification request = given();
        if ("not-a-token".equals(role)) {
            request = request.auth().oauth2("not-a-token");
        } else if (role != null) {
            request = request.auth().oauth2(TOKENS.get(role));
        }
        if (endpoint.contentType() != null) {
            request = request.contentType(endpoint.contentType()).body(endpoint.body().getBytes(StandardCharsets.UTF_8));
        }
        var response = request.when().request(endpoint.method(), endpoint.path()).then();
        if (expected == 0) {
            // allowed: whatever the answer (200, 404, 422 ...), it is not an auth failure
            assertThat(response.extract().statusCode()).isNotIn(401, 403, 500);
        } else {
            response.statusCode(expected).contentType("application/problem+json").body("status", is(expected));
            if (expected == 401) {
                response.header("WWW-Authenticate", is("Bearer realm=\"packops\""));
            }
        }
    }
}
