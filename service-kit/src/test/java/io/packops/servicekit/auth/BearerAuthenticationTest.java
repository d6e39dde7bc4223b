package io.packops.servicekit.auth;

import io.packops.servicekit.problem.Problem;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Bearer tokens per role from configuration: 401 without or with an unknown token, 403 with the wrong role. */
@QuarkusTest
class BearerAuthenticationTest {

    @Test
    void noTokenIs401WithTheChallenge() {
        given().when().get("/kit/operator")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void anUnknownTokenOrAnotherSchemeIs401() {
        given().auth().oauth2("nobody").when().get("/kit/operator")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE).body("detail", is("unknown bearer token"));
        given().header("Authorization", "Basic a2l0OmtpdA==").when().get("/kit/operator")
                .then().statusCode(401).body("detail", containsString("Bearer <token>"));
    }

    @Test
    void theWrongRoleIs403() {
        given().auth().oauth2("kit-agent").when().get("/kit/operator").then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().auth().oauth2("kit-ingest").when().get("/kit/operator").then().statusCode(403);
    }

    @Test
    void rolesNestAndEveryTokenOfARoleWorks() {
        given().auth().oauth2("kit-operator").when().get("/kit/operator").then().statusCode(200).body("principal", is("operator"));
        given().auth().oauth2("kit-operator-2").when().get("/kit/operator").then().statusCode(200);
        given().auth().oauth2("kit-admin").when().get("/kit/operator").then().statusCode(200).body("principal", is("admin"));
    }
}
