package io.packops.alerting.alerts;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** Every alert and silence endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AlertsAuthTest {

    record Endpoint(String method, String path, String body, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final Map<String, String> TOKENS = Map.of(
            "ingest", "test-ingest", "agent", "test-agent", "operator", "test-operator", "admin", "test-admin");
    private static final Set<String> READERS = Set.of("agent", "operator", "admin");
    private static final Set<String> OPERATORS = Set.of("operator", "admin");
    private static final String SILENCE = "00000000-0000-0000-0000-000000000000";

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/v1/alerts", null, READERS),
                new Endpoint("GET", "/v1/alerts/999999", null, READERS),
                new Endpoint("POST", "/v1/alerts/999999/ack", "{}", OPERATORS),
                new Endpoint("POST", "/v1/alerts/999999/resolve", "{}", OPERATORS),
                new Endpoint("POST", "/v1/alerts/999999/rollback", "{\"reason\": \"auth test\"}", OPERATORS),
                new Endpoint("POST", "/v1/silences", "{}", OPERATORS),
                new Endpoint("GET", "/v1/silences", null, READERS),
                new Endpoint("GET", "/v1/silences/" + SILENCE, null, READERS),
                new Endpoint("DELETE", "/v1/silences/" + SILENCE, null, OPERATORS));
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
        if (endpoint.body() != null) {
            request = request.contentType("application/json").body(endpoint.body());
        }
        var response = request.when().request(endpoint.method(), endpoint.path()).then();
        if (expected == 0) {
            // allowed: whatever the answer (404, 400 ...), it is neither an auth failure nor a crash
            assertThat(response.extract().statusCode()).isNotIn(401, 403, 500);
        } else {
            response.statusCode(expected).contentType("application/problem+json").body("status", is(expected));
        }
    }
}
