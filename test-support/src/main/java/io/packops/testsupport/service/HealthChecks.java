package io.packops.testsupport.service;

import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * What every service's management paths promise: health and metrics open, the API description behind a token. A
 * service's {@code @QuarkusTest HealthTest} extends it and says what its own API description shows.
 */
public abstract class HealthChecks {

    /** The API description as the test agent reads it; the subclass asserts what is service-specific in it. */
    protected abstract void describesThisService(ValidatableResponse openApiJson);

    @Test
    void readinessIncludesTheDatabaseAndNeedsNoToken() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void livenessAndMetricsNeedNoToken() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void apiDescriptionNeedsAToken() {
        // every spelling the OpenAPI handler answers, and Swagger UI, is under the same rule
        for (String path : new String[] {"/q/openapi", "/q/openapi.json", "/q/openapi.yaml", "/q/openapi.yml",
                "/q/swagger-ui", "/q/swagger-ui/"}) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2("not-a-token").when().get(path).then().statusCode(401);
        }
        describesThisService(given().auth().oauth2("test-agent").when().get("/q/openapi?format=json")
                .then().statusCode(200));
    }
}
