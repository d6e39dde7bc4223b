package io.packops.ownership.bench;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** With packops.bench.baseline=true (what lookup-bench.sh sets): a constant JSON answer for agents and operators. */
@QuarkusTest
@TestProfile(BenchBaselineOnTest.On.class)
class BenchBaselineOnTest {

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("packops.bench.baseline", "true");
        }
    }

    @Test
    void constantAnswerWithTheLookupRoles() {
        for (String token : new String[] {"test-agent", "test-operator", "test-admin"}) {
            given().auth().oauth2(token).when().get("/v1/bench/baseline")
                    .then().statusCode(200).contentType("application/json")
                    .body("service", is("ownership-service")).body("status", is("ok"));
        }
        given().when().get("/v1/bench/baseline").then().statusCode(401);
        given().auth().oauth2("test-ingest").when().get("/v1/bench/baseline").then().statusCode(403);
    }
}
