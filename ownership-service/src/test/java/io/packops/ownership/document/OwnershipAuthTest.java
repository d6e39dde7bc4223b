package io.packops.ownership.document;

import io.packops.testsupport.authz.RoleCases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import java.util.List;
import java.util.Set;

import static org.hamcrest.Matchers.is;

/** Every /v1/ownership endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
class OwnershipAuthTest extends RoleCases {

    OwnershipAuthTest() {
        // allowed: whatever the answer (200, 404, 422 ...), it is not an auth failure
        super(401, 403, 500);
    }

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                // an invalid document: the admin's call is answered 422 and changes nothing
                new Endpoint("PUT", "/v1/ownership", "application/yaml", "teams: 1", Set.of("admin")),
                new Endpoint("PUT", "/v1/ownership", "application/json", "{\"teams\": 1}", Set.of("admin")),
                new Endpoint("GET", "/v1/ownership", null, null, READERS),
                new Endpoint("GET", "/v1/ownership?resolveSecrets=true", null, null, Set.of("operator", "admin")),
                new Endpoint("GET", "/v1/ownership/revisions", null, null, READERS),
                new Endpoint("GET", "/v1/ownership/revisions/1", null, null, READERS),
                // alerting's one read: the peer may look up with resolved routes, and nothing else here
                new Endpoint("GET", "/v1/lookup?connector=stripe", null, null, PEER_READ),
                new Endpoint("GET", "/v1/lookup?connector=stripe&resolveSecrets=true", null, null, Set.of("operator", "admin", "peer")));
    }

    @Override
    protected void assertRefused(ValidatableResponse response, int expected) {
        super.assertRefused(response, expected);
        if (expected == 401) {
            response.header("WWW-Authenticate", is("Bearer realm=\"packops\""));
        }
    }
}
