package io.packops.testsupport.authz;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.TestInstance;
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

/**
 * A service's hand-written auth test: each endpoint it lists called without a token (401), with an unknown one (401)
 * and with each role's (403 for a role not listed; for one listed, anything but {@code notForAllowed}). The subclass
 * lists the endpoints. Per class, so that the cases can come from the subclass's list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RoleCases {

    /**
     * Test tokens of each role, as every service's test configuration has them (operator holds agent; admin both;
     * peer and automation, alerting's machine roles, hold only themselves).
     */
    public static final Map<String, String> TEST_TOKENS = Map.of(
            "ingest", "test-ingest", "agent", "test-agent", "operator", "test-operator", "admin", "test-admin",
            "peer", "test-peer", "automation", "test-automation");

    public static final Set<String> READERS = Set.of("agent", "operator", "admin");
    public static final Set<String> OPERATORS = Set.of("operator", "admin");
    /** A read alerting makes of its peers: the people who read, and the peer role. */
    public static final Set<String> PEER_READ = Set.of("agent", "operator", "admin", "peer");
    /** An action alerting takes on ingest by itself (withdraw, rollout verdict): operators, and the automation role. */
    public static final Set<String> AUTOMATED = Set.of("operator", "admin", "automation");

    public record Endpoint(String method, String path, String contentType, String body, Set<String> roles) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final Integer[] notForAllowed;

    /** @param notForAllowed what an allowed role must not be answered: the auth failures, and 500 where it says so */
    protected RoleCases(Integer... notForAllowed) {
        this.notForAllowed = notForAllowed;
    }

    protected abstract List<Endpoint> endpoints();

    /** A refusal is a problem carrying its status; a subclass may check more. */
    protected void assertRefused(ValidatableResponse response, int expected) {
        response.statusCode(expected).contentType("application/problem+json").body("status", is(expected));
    }

    Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            cases.add(Arguments.of(e, null, 401));
            cases.add(Arguments.of(e, "not-a-token", 401));
            for (String role : TEST_TOKENS.keySet().stream().sorted().toList()) {
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
            request = request.auth().oauth2(TEST_TOKENS.get(role));
        }
        if (endpoint.contentType() != null) {
            request = request.contentType(endpoint.contentType()).body(endpoint.body().getBytes(StandardCharsets.UTF_8));
        }
        var response = request.when().request(endpoint.method(), endpoint.path()).then();
        if (expected == 0) {
            assertThat(response.extract().statusCode()).isNotIn((Object[]) notForAllowed);
        } else {
            assertRefused(response, expected);
        }
    }
}
