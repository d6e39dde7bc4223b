package io.packops.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.packops.ingest.packs.RegistryFixtures;
import io.packops.testsupport.openapi.ProblemAnswers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The served document gives every operation its problem answers (400, 401, 403, 404), typed, by reference. */
@QuarkusTest
class OpenApiProblemsTest {

    @Test
    void everyOperationAnswersItsProblems() throws Exception {
        String body = given().auth().oauth2(RegistryFixtures.AGENT).when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        assertThat(ProblemAnswers.check(new ObjectMapper().readTree(body))).isGreaterThanOrEqualTo(8);
    }
}
