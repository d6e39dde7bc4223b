package io.packops.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The packaged service (target/quarkus-app) on its own (its peers are not running): compat checks, silences,
 * alert listing and auth. HTTP only, so it also runs against a native binary.
 */
@QuarkusIntegrationTest
class AlertingServiceIT {

    static String resource(String name) throws Exception {
        try (InputStream in = AlertingServiceIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void packagedServiceChecksPacksAndKeepsSilences() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));

        ObjectMapper json = new ObjectMapper();
        String catalog = resource("/packs/catalogs/stripe.catalog.json");
        for (String[] c : new String[][] {{"1.0.0", "true"}, {"1.1.0", "false"}}) {
            String body = "{\"manifest\": " + json.writeValueAsString(resource("/packs/stripe-revenue/" + c[0] + ".yaml"))
                    + ", \"schema\": " + catalog + "}";
            given().auth().oauth2("test-agent").contentType("application/json").body(body)
                    .when().post("/v1/compat/check")
                    .then().statusCode(200).body("version", is(c[0])).body("compatible", is(Boolean.parseBoolean(c[1])));
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String silence = """
                {"matchers": [{"name": "pack", "value": "stripe-revenue", "isRegex": false, "isEqual": true}],
                 "startsAt": "%s", "endsAt": "%s", "createdBy": "it", "comment": "IT maintenance window"}
                """.formatted(now, now.plus(1, ChronoUnit.HOURS));
        given().auth().oauth2("test-operator").contentType("application/json").body(silence)
                .when().post("/v1/silences").then().statusCode(201).body("id", notNullValue());
        given().auth().oauth2("test-agent").when().get("/v1/silences?state=active")
                .then().statusCode(200).body("items.comment", hasItem("IT maintenance window"));
        given().auth().oauth2("test-agent").when().get("/v1/alerts").then().statusCode(200);

        given().when().get("/v1/alerts").then().statusCode(401);
        given().auth().oauth2("test-agent").contentType("application/json").body(silence)
                .when().post("/v1/silences").then().statusCode(403);
    }
}
