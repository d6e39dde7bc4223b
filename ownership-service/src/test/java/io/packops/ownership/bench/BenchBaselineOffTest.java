package io.packops.ownership.bench;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** The bench-only baseline is off unless packops.bench.baseline=true: 404, behind the same token check as lookup. */
@QuarkusTest
class BenchBaselineOffTest {

    @Test
    void offByDefault() {
        given().auth().oauth2("test-agent").when().get("/v1/bench/baseline")
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404));
    }

    @Test
    void sameTokenCheckAsLookup() {
        given().when().get("/v1/bench/baseline").then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get("/v1/bench/baseline").then().statusCode(401);
        given().auth().oauth2("test-ingest").when().get("/v1/bench/baseline").then().statusCode(403);
    }

    @Test
    void notInTheApiDescription() {
        given().auth().oauth2("test-agent").when().get("/q/openapi?format=json")
                .then().statusCode(200).body(not(containsString("/v1/bench")));
    }
}
