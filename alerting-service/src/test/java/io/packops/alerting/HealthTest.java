package io.packops.alerting;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class HealthTest {

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
        given().when().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2("not-a-token").when().get("/q/openapi").then().statusCode(401);
        given().auth().oauth2("test-agent").when().get("/q/openapi?format=json")
                .then().statusCode(200).body("info.title", is("packops alerting-service"));
    }
}
