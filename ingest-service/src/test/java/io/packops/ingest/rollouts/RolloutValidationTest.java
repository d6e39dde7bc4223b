package io.packops.ingest.rollouts;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.manifest;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Bad rollout bodies: a 400 problem+json naming each broken field, and nothing started. */
@QuarkusTest
class RolloutValidationTest {

    static String pack;

    @BeforeEach
    void publish() {
        if (pack != null) {
            return;
        }
        pack = unique("rv");
        RolloutResourceTest.publish(manifest("stripe-revenue/1.0.0.yaml", pack, null));
        RolloutResourceTest.publish(manifest("stripe-revenue/1.1.0.yaml", pack, null));
    }

    private static ValidatableResponse post(String path, String body) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .when().post("/v1/packs/" + pack + "/versions/1.1.0/rollout" + path).then();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"stepMinutes\": 30}                                                    | steps             | steps is required",
            "{\"steps\": [], \"stepMinutes\": 30}                                     | steps             | array of 1 to 20",
            "{\"steps\": [5, 25, 50], \"stepMinutes\": 30}                            | steps             | last step must be 100",
            "{\"steps\": [25, 5, 100], \"stepMinutes\": 30}                           | steps[1]          | strictly increasing",
            "{\"steps\": [5, 5, 100], \"stepMinutes\": 30}                            | steps[1]          | strictly increasing",
            "{\"steps\": [0, 100], \"stepMinutes\": 30}                               | steps[0]          | from 1 to 100",
            "{\"steps\": [5, 101], \"stepMinutes\": 30}                               | steps[1]          | from 1 to 100",
            "{\"steps\": [\"5\", 100], \"stepMinutes\": 30}                           | steps[0]          | whole percentage",
            "{\"steps\": [5.5, 100], \"stepMinutes\": 30}                             | steps[0]          | whole percentage",
            "{\"steps\": \"5,100\", \"stepMinutes\": 30}                              | steps             | array",
            "{\"steps\": [5, 100]}                                                    | stepMinutes       | stepMinutes is required",
            "{\"steps\": [5, 100], \"stepMinutes\": 0}                                | stepMinutes       | from 1 to 10080",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": {\"maxFailureRate\": 0}}      | analysis.maxFailureRate   | above 0",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": {\"maxFailureRate\": 1.5}}    | analysis.maxFailureRate   | at most 1",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": {\"maxRatioToStable\": 0.5}}  | analysis.maxRatioToStable | from 1 to 1000",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": {\"minInstalls\": 0}}         | analysis.minInstalls      | from 1 to",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": {\"minInstall\": 10}}         | analysis.minInstall       | unknown field",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"analysis\": 5}                            | analysis                  | must be an object",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"cohort\": {\"warehouse\": \"snowflake\"}} | cohort.warehouse          | use \"warehouses\"",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"cohort\": {\"warehouses\": []}}           | cohort.warehouses         | array of 1 to 20",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"cohort\": {\"warehouses\": [\"Snow Flake\"]}} | cohort.warehouses[0]  | slug",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"cohort\": {\"warehouses\": [\"a\", \"a\"]}}  | cohort.warehouses[1]  | repeated",
            "{\"steps\": [5, 100], \"stepMinutes\": 30, \"stepMinute\": 30}                         | stepMinute                | unknown field",
            "[5, 25, 100]                                                                            | ''                        | must be a JSON object",
    })
    void badRolloutsAreRejectedWithTheField(String body, String field, String message) {
        post("", body).statusCode(400).contentType("application/problem+json")
                .body("status", is(400)).body("errors.field", hasItem(field)).body("detail", containsString(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"steps\": [5, 100], ",
            "not json",
    })
    void malformedJsonIsA400Problem(String body) {
        post("", body).statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "/pause   | {}",
            "/resume  | {\"reason\": \"\"}",
            "/promote | {\"reason\": null}",
            "/abort   | ''",
    })
    void actionsNeedAReason(String action, String body) {
        post(action, body).statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"decision\": \"skip\", \"fromStep\": 5, \"check\": \"x\", \"reason\": \"r\"}     | decision",
            "{\"decision\": \"hold\", \"check\": \"x\", \"reason\": \"r\"}                      | fromStep",
            "{\"decision\": \"hold\", \"fromStep\": 5, \"check\": \"Bad Check\", \"reason\": \"r\"} | check",
            "{\"decision\": \"hold\", \"fromStep\": 5, \"check\": \"x\"}                        | reason",
    })
    void badAnalysisDecisionsAreRejected(String body, String field) {
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body).when().post("/v1/rollouts/1/analysis")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
    }
}
