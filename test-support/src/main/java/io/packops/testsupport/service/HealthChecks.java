package io.packops.testsupport.service;

import io.packops.testsupport.session.BrowserSessions;
import io.restassured.http.Cookie;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * What every service's management paths promise: health and metrics open, the API description behind a token or a
 * browser session signed in at {@code /q/sign-in} (Swagger UI sends unsigned browsers there). A
 * service's {@code @QuarkusTest HealthTest} extends it and says what its own API description shows.
 */
public abstract class HealthChecks {

    /** Every spelling the OpenAPI handler answers, and Swagger UI: one rule for all. */
    static final String[] DOCS = {"/q/openapi", "/q/openapi.json", "/q/openapi.yaml", "/q/openapi.yml", "/q/swagger-ui/"};

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
        given().when().get("/q/swagger-ui").then().statusCode(401);
        for (String path : DOCS) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2("not-a-token").when().get(path).then().statusCode(401);
        }
        describesThisService(given().auth().oauth2("test-agent").when().get("/q/openapi?format=json")
                .then().statusCode(200));
    }

    @Test
    void aPersonSignedInAtQSignInReadsTheDescriptionAndSwaggerUiUntilSigningOut() {
        Cookie session = BrowserSessions.signIn("/q/sign-in", "/q/sign-in", "test-agent");
        for (String path : DOCS) {
            given().cookie(session).when().get(path).then().statusCode(200);
        }
        // the session reads the docs; it never stands in for a bearer token elsewhere, nor for a change
        given().cookie(session).when().post("/q/openapi").then().statusCode(401);
        String csrf = BrowserSessions.csrf(given().cookie(session).when().get("/q/sign-in").then().statusCode(200)
                .extract().body().asString());
        given().redirects().follow(false).cookie(session).formParam("csrf", csrf).when().post("/q/sign-out").then().statusCode(303);
        for (String path : DOCS) {
            given().cookie(session).when().get(path).then().statusCode(401);
        }
    }

    @Test
    void sessionCookiesStaySecureInProd() throws java.io.IOException {
        // service-kit makes them Secure outside dev/test unless packops.session.cookie-secure=false: only ./packops up
        // (plain http on localhost) may say so, through the environment, never a service's own configuration
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream("application.properties")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            org.assertj.core.api.Assertions.assertThat(text.lines().map(String::strip)
                    .filter(l -> l.matches("(%prod\\.)?packops\\.session\\.cookie-secure\\s*=.*"))).isEmpty();
        }
    }

    @Test
    void aBrowserOpeningSwaggerUiUnsignedIsSentToSignInAndBackOnlyToThisService() {
        given().redirects().follow(false).accept("text/html,application/xhtml+xml").when().get("/q/swagger-ui/")
                .then().statusCode(302).header("Location", is("/q/sign-in?next=%2Fq%2Fswagger-ui%2F"));
        BrowserSessions.SignInForm form = BrowserSessions.form("/q/sign-in?next=https://evil.example/");
        given().redirects().follow(false).cookie(BrowserSessions.SIGN_IN_COOKIE, form.cookie()).formParam("csrf", form.field())
                .formParam("token", "test-agent").formParam("next", "//evil.example/q/swagger-ui/").when().post("/q/sign-in")
                .then().statusCode(303).header("Location", endsWith("/q/swagger-ui/")).header("Location", not(containsString("evil")));
        // a POST without the form's CSRF pair is refused before the token is even looked at
        given().formParam("token", "test-agent").when().post("/q/sign-in").then().statusCode(403)
                .contentType("application/problem+json");
    }
}
