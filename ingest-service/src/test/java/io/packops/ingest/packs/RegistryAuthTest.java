package io.packops.ingest.packs;

import io.packops.testsupport.authz.RoleCases;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;
import java.util.Set;

/** Every schema and registry endpoint: 401 without or with a wrong token, 403 for each wrong role. */
@QuarkusTest
class RegistryAuthTest extends RoleCases {

    RegistryAuthTest() {
        // allowed: whatever the answer (404, 422 ...), it is not an auth failure
        super(401, 403);
    }

    private static final String FP = "sha256:" + "ab".repeat(32);
    private static final String ROLLOUT = "/v1/packs/stripe-revenue/versions/1.0.0/rollout";
    private static final String REASON = "{\"reason\": \"auth test\"}";

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("POST", "/v1/schema-snapshots", "application/json", "{}", Set.of("ingest")),
                new Endpoint("GET", "/v1/schemas?connector=stripe", null, null, PEER_READ),
                new Endpoint("GET", "/v1/schemas/" + FP, null, null, PEER_READ),
                new Endpoint("GET", "/v1/accounts/acct_1/schemas", null, null, READERS),
                new Endpoint("POST", "/v1/packs", "application/yaml", "name: x", OPERATORS),
                new Endpoint("GET", "/v1/packs", null, null, PEER_READ),
                new Endpoint("GET", "/v1/packs/stripe-revenue/versions", null, null, PEER_READ),
                new Endpoint("GET", "/v1/packs/stripe-revenue/versions/1.0.0", null, null, PEER_READ),
                new Endpoint("GET", "/v1/packs/stripe-revenue/release", null, null,
                        Set.of("ingest", "agent", "operator", "admin")),
                new Endpoint("POST", "/v1/packs/stripe-revenue/versions/1.0.0/withdraw", "application/json",
                        "{\"reason\": \"auth test\"}", AUTOMATED),
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
                new Endpoint("GET", "/v1/rollouts", null, null, PEER_READ),
                new Endpoint("GET", "/v1/rollouts/999999999", null, null, READERS),
                new Endpoint("POST", "/v1/rollouts/999999999/analysis", "application/json",
                        "{\"decision\": \"hold\", \"fromStep\": 5, \"check\": \"auth\", \"reason\": \"auth\"}", AUTOMATED),
                // the rest of what alerting reads: the peer may, nothing else of ingest
                new Endpoint("GET", "/v1/stats/installs?window=24h", null, null, PEER_READ),
                new Endpoint("GET", "/v1/stats/failures?window=24h", null, null, PEER_READ),
                new Endpoint("GET", "/v1/stats/freshness", null, null, PEER_READ),
                new Endpoint("GET", "/v1/package-releases?connector=stripe", null, null, PEER_READ),
                new Endpoint("GET", "/v1/package-releases/999999999", null, null, PEER_READ),
                new Endpoint("POST", "/v1/events", "application/json", "[]", Set.of("ingest")),
                new Endpoint("GET", "/v1/accounts", null, null, READERS));
    }
}
