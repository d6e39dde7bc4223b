package io.packops.servicekit.problem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Every kind of failure is an RFC 9457 problem: never a stack trace, never a bare 500 for a client's mistake. */
@QuarkusTest
class ProblemMappersTest {

    @Test
    void aProblemExceptionIsItsOwnProblem() {
        given().when().get("/kit/missing")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("type", is("about:blank")).body("title", is("Not Found")).body("status", is(404))
                .body("detail", is("no such thing")).body("errors", nullValue());
    }

    @Test
    void aConstraintViolationIsA400WithTheField() {
        given().queryParam("n", 11).when().get("/kit/bounded")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", is("n")).body("errors[0].message", containsString("10"));
    }

    @Test
    void malformedOrMistypedJsonIsA400WithWhere() {
        given().contentType("application/json").body("{\"name\": ").when().post("/kit/json")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE).body("detail", containsString("malformed JSON"));
        given().contentType("application/json").body("{\"name\": \"x\", \"count\": \"many\"}").when().post("/kit/json")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("$.count"));
    }

    @Test
    void theDatabaseBeingUnreachableIsA503WithRetryAfter() {
        given().when().get("/kit/database-down")
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", String.valueOf(DatabaseUnavailable.RETRY_AFTER_SECONDS))
                .body("detail", containsString("retry in"));
    }

    @Test
    void aBugIsA500WithoutItsInternals() {
        given().when().get("/kit/bug")
                .then().statusCode(500).contentType(Problem.MEDIA_TYPE)
                .body("detail", is("the request could not be completed; see the service log"))
                .body(not(containsString("secret"))).body(not(containsString("IllegalStateException")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeItIsRead() {
        given().contentType("application/json").body("{\"name\": \"" + "x".repeat(2000) + "\"}").when().post("/kit/json")
                .then().statusCode(413).contentType(Problem.MEDIA_TYPE).header("Connection", "close")
                .body("title", is("Content Too Large")).body("detail", containsString("1 KiB"));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().when().get("/kit/nothing-here").then().statusCode(404);
    }
}
