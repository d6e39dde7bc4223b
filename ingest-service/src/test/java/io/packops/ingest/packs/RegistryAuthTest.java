package io.packops.ingest.packs;

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

/** Every schema and registry endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
class RegistryAuthTest {

    record Endpoint(String method, String path, String contentType, String body, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Test tokens of each role (operator also holds agent; admin holds operator and agent). */
    private static final Map<String, String> TOKENS = Map.of(
            "ingest", RegistryFixtures.INGEST,
            "agent", RegistryFixtures.AGENT,
            "operator", RegistryFixtures.OPERATOR,
            "admin", RegistryFixtures.ADMIN);

    private static final Set<String> READERS = Set.of("agent", "operator", "admin");
    private static final Set<String> OPERATORS = Set.of("operator", "admin");
    private static final String FP = "sha256:" + "ab".repeat(32);
    private static final String ROLLOUT = "/v1/packs/stripe-revenue/versions/1.0.0/rollout";
    private static final String REASON = "{\"reason\": \"auth test\"}";

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/v1/schema-snapshots", "application/json", "{}", Set.of("ingest")),
                new Endpoint("GET", "/v1/schemas?connector=stripe", null, null, READERS),
                new Endpoint("GET", "/v1/schemas/" + FP, null, null, READERS),
                new Endpoint("GET", "/v1/accounts/acct_1/schemas", null, null, READERS),
                new Endpoint("POST", "/v1/packs", "application/yaml", "name: x", OPERATORS),
                new Endpoint("GET", "/v1/packs", null, null, READERS),
                new Endpoint("GET", "/v1/packs/stripe-revenue/versions", null, null, READERS),
                new Endpoint("GET", "/v1/packs/stripe-revenue/versions/1.0.0", null, null, READERS),
                new Endpoint("GET", "/v1/packs/stripe-revenue/release", null, null,
                        Set.of("ingest", "agent", "operator", "admin")),
                new Endpoint("POST", "/v1/packs/stripe-revenue/versions/1.0.0/withdraw", "application/json",
                        "{\"reason\": \"auth test\"}", OPERATORS),
                new Endpoint("POST", "/v1/packs/stripe-revenue/versions/1.0.0/restore", null, null, OPERATORS),
                // staged rollouts
                new Endpoint("GET", "/v1/packs/stripe-revenue/release?account=acct_1&warehouse=snowflake", null, null,
                        Set.of("ingest", "agent", "operator", "admin")),
                new Endpoint("POST", ROLLOUT, "application/json", "{\"steps\": [5, 100], \"stepMinutes\": 30}", OPERATORS),
                new Endpoint("GET", ROLLOUT, null, null, READERS),
                new Endpoint("POST", ROLLOUT + "/pause", "application/json", REASON, OPERATORS),
                new Endpoint("POST", ROLLOUT + "/resume", "application/json", REASON, OPERATORS),
                new Endpoint("POST", ROLLOUT + "/promote", "application/json", REASON, OPERATORS),
                new Endpoint("POST", ROLLOUT + "/abort", "application/json", REASON, OPERATORS),
                new Endpoint("GET", "/v1/rollouts", null, null, READERS),
                new Endpoint("GET", "/v1/rollouts/999999999", null, null, READERS),
                new Endpoint("POST", "/v1/rollouts/999999999/analysis", "application/json",
                        "{\"decision\": \"hold\", \"fromStep\": 5, \"check\": \"auth\", \"reason\": \"auth\"}", OPERATORS));
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
            // allowed: whatever the answer (404, 422 ...), it is not an auth failure
            assertThat(response.extract().statusCode()).isNotIn(401, 403);
        } else {
            response.statusCode(expected).contentType("application/problem+json").body("status", is(expected));
        }
    }
}
