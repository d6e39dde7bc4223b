package io.packops.ingest.stats;

import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Every bad parameter is a 400 problem naming it; every endpoint needs an operator or agent token. */
@QuarkusTest
class StatsValidationTest {

    @BeforeEach
    void fixedClock() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "window   | 15          | is not a number followed by s, m, h or d",
            "window   | 1w          | is not a number followed by s, m, h or d",
            "window   | 1.5h        | is not a number followed by s, m, h or d",
            "window   | -5m         | is not a number followed by s, m, h or d",
            "window   | 15M         | is not a number followed by s, m, h or d",
            "window   | 15 m        | is not a number followed by s, m, h or d",
            "window   | 1h30m       | is not a number followed by s, m, h or d",
            "window   | 015m        | is not a number followed by s, m, h or d",
            "window   | 0m          | is not a number followed by s, m, h or d",
            "window   | 30s         | must be between 1m and 30d",
            "window   | 59s         | must be between 1m and 30d",
            "window   | 31d         | must be between 1m and 30d",
            "window   | 721h        | must be between 1m and 30d",
            "type     | deploy      | must be install or render",
            "connector| Stripe      | must be a slug",
            "connector| -stripe     | must be a slug",
            "pack     | stripe revenue | must be a slug",
            "version  | 1.0         | must be a semantic version",
            "version  | v1.0.0      | must be a semantic version",
            "version  | 01.0.0      | must be a semantic version",
            "warehouse| snow.flake  | must be a slug",
            "groupBy  | account     | is not one of connector, pack, version, warehouse, dashboard, tile",
            "groupBy  | tile        | needs type=render",
            "groupBy  | pack,pack   | is repeated",
            "groupBy  | pack,,version | has an empty key",
            "limit    | 0           | must be a whole number from 1 to 1000",
            "limit    | 1001        | must be a whole number from 1 to 1000",
            "limit    | ten         | must be a whole number from 1 to 1000",
            "cursor   | not-a-cursor | is not a cursor of this API",
            "at       | yesterday   | is not an RFC 3339 time",
            "at       | 2026-03-15T10:00:00 | is not an RFC 3339 time",
            "at       | 2026-03-15T11:00:00Z | is in the future",
    })
    void badInstallsParameterIs400NamingIt(String param, String value, String message) {
        var request = StatsInstallsTest.agent();
        if (!param.equals("window")) {
            request = request.queryParam("window", "1h");
        }
        request.queryParam(param, value)
                .when().get("/v1/stats/installs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", is(400))
                .body("errors.field", hasItem(param))
                .body("errors.message", hasItem(containsString(message)))
                .body("detail", containsString(message));
    }

    @Test
    void missingWindowIs400() {
        StatsInstallsTest.agent().when().get("/v1/stats/installs")
                .then().statusCode(400)
                .body("errors[0].field", is("window"))
                .body("errors[0].message", containsString("window is required"));
        StatsInstallsTest.agent().when().get("/v1/stats/failures")
                .then().statusCode(400)
                .body("errors[0].field", is("window"));
    }

    @Test
    void everyBadParameterIsReportedAtOnce() {
        StatsInstallsTest.agent().queryParam("window", "2y").queryParam("pack", "Bad Pack").queryParam("limit", "-1")
                .when().get("/v1/stats/failures")
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("window", "pack", "limit"));
    }

    @Test
    void failuresValidateTheirFiltersToo() {
        StatsInstallsTest.agent().queryParam("window", "1h").queryParam("version", "latest")
                .when().get("/v1/stats/failures")
                .then().statusCode(400)
                .body("errors[0].field", is("version"));
    }

    @Test
    void blankFiltersMeanNoFilter() {
        StatsInstallsTest.agent().queryParam("window", "1h").queryParam("connector", "").queryParam("pack", "")
                .queryParam("version", "").queryParam("warehouse", "")
                .when().get("/v1/stats/installs")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/stats/installs?window=1h", "/v1/stats/failures?window=1h", "/v1/stats/freshness"})
    void everyEndpointNeedsAToken(String path) {
        given().when().get(path)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2("not-a-token").when().get(path).then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/stats/installs?window=1h", "/v1/stats/failures?window=1h", "/v1/stats/freshness"})
    void telemetryProducersMayNotReadStats(String path) {
        given().auth().oauth2("test-ingest").when().get(path)
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/stats/installs?window=1h", "/v1/stats/failures?window=1h", "/v1/stats/freshness"})
    void agentsOperatorsAndAdminsMayReadStats(String path) {
        for (String token : new String[] {"test-agent", "test-operator", "test-admin"}) {
            RestAssured.given().auth().oauth2(token).when().get(path).then().statusCode(200);
        }
    }
}
