package io.packops.alerting.alerts;

import io.packops.testsupport.authz.RoleCases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.List;


/** Every alert and silence endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
@TestProfile(AlertsTestProfile.class)
class AlertsAuthTest extends RoleCases {

    AlertsAuthTest() {
        // allowed: whatever the answer (404, 400 ...), it is neither an auth failure nor a crash
        super(401, 403, 500);
    }

    private static final String JSON = "application/json";
    private static final String SILENCE = "00000000-0000-0000-0000-000000000000";

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/v1/alerts", null, null, READERS),
                new Endpoint("GET", "/v1/alerts/999999", null, null, READERS),
                new Endpoint("POST", "/v1/alerts/999999/ack", JSON, "{}", OPERATORS),
                new Endpoint("POST", "/v1/alerts/999999/resolve", JSON, "{}", OPERATORS),
                new Endpoint("POST", "/v1/alerts/999999/rollback", JSON, "{\"reason\": \"auth test\"}", OPERATORS),
                new Endpoint("POST", "/v1/silences", JSON, "{}", OPERATORS),
                new Endpoint("GET", "/v1/silences", null, null, READERS),
                new Endpoint("GET", "/v1/silences/" + SILENCE, null, null, READERS),
                new Endpoint("DELETE", "/v1/silences/" + SILENCE, null, null, OPERATORS));
    }
}
