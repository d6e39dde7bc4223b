package io.packops.servicekit.session;

import io.packops.servicekit.problem.Problem;
import io.packops.testsupport.session.BrowserSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static io.packops.testsupport.session.BrowserSessions.SESSION_COOKIE;
import static io.packops.testsupport.session.BrowserSessions.SIGN_IN_COOKIE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * {@code /q/sign-in}: a random server-side session instead of the token in a cookie, honoured for GET of the listed
 * pages only, ended by sign-out, CSRF-checked forms, a same-origin {@code next}, and Swagger UI redirecting browsers.
 */
@QuarkusTest
class SignInPageTest {

    static final String TOKEN = "kit-agent";

    @Test
    void theCookieIsARandomSessionIdNeitherTheTokenNorDerivedFromIt() throws Exception {
        BrowserSessions.SignInForm form = BrowserSessions.form("/q/sign-in");
        ExtractableResponse<Response> r = given().redirects().follow(false).cookie(SIGN_IN_COOKIE, form.cookie())
                .formParam("token", TOKEN).formParam("csrf", form.field())
                .when().post("/q/sign-in").then().statusCode(303).extract();
        String value = r.cookie(SESSION_COOKIE);
        assertThat(value).doesNotContain(TOKEN)
                .isNotEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(Base64.getEncoder().encodeToString(TOKEN.getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8))))
                .matches("[A-Za-z0-9_-]{43}");
        // the same token signing in again gets another id: nothing of the token decides it
        assertThat(BrowserSessions.signIn("/q/sign-in", "/q/sign-in", TOKEN).getValue()).isNotEqualTo(value);
        String setCookie = r.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith(SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/")
                .doesNotContainIgnoringCase("Secure"); // the test profile is local http
        assertThat(r.header("Location")).endsWith("/q/swagger-ui/");
    }

    @Test
    void aSessionReadsTheListedPagesWithGetOnly() {
        Cookie session = BrowserSessions.signIn("/q/sign-in", "/q/sign-in", TOKEN);
        given().cookie(session).when().get("/kit/page").then().statusCode(200).body("principal", is("agent"));
        // never a change, never a path not listed, never instead of a header
        given().cookie(session).when().post("/kit/page").then().statusCode(401);
        given().cookie(BrowserSessions.signIn("/q/sign-in", "/q/sign-in", "kit-operator")).when().get("/kit/operator").then().statusCode(401);
        given().cookie(session).auth().oauth2("not-a-token").when().get("/kit/page").then().statusCode(401);
        given().cookie(SESSION_COOKIE, "forged-" + session.getValue()).when().get("/kit/page").then().statusCode(401);
    }

    @Test
    void afterSignOutTheOldCookieNoLongerAuthenticates() {
        Cookie session = BrowserSessions.signIn("/q/sign-in", "/q/sign-in", TOKEN);
        String csrf = BrowserSessions.csrf(given().cookie(session).when().get("/q/sign-in").then().statusCode(200)
                .body(containsString("Signed in as agent")).extract().body().asString());
        given().redirects().follow(false).cookie(session).formParam("csrf", csrf).when().post("/q/sign-out")
                .then().statusCode(303).header("Location", containsString("/q/sign-in"));
        given().cookie(session).when().get("/kit/page").then().statusCode(401);
    }

    @Test
    void aFormPostWithoutItsCsrfTokenIsA403Problem() {
        Cookie session = BrowserSessions.signIn("/q/sign-in", "/q/sign-in", TOKEN);
        // sign-out without the field, and with another session's token: refused, the session lives on
        given().cookie(session).contentType("application/x-www-form-urlencoded").when().post("/q/sign-out")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE).body("status", is(403));
        String other = BrowserSessions.csrf(given().cookie(BrowserSessions.signIn("/q/sign-in", "/q/sign-in", TOKEN))
                .when().get("/q/sign-in").then().extract().body().asString());
        given().cookie(session).formParam("csrf", other).when().post("/q/sign-out").then().statusCode(403);
        given().cookie(session).when().get("/kit/page").then().statusCode(200);
        // sign-in without the field, without the cookie, or with a pair that does not match
        BrowserSessions.SignInForm form = BrowserSessions.form("/q/sign-in");
        given().cookie(SIGN_IN_COOKIE, form.cookie()).formParam("token", TOKEN).when().post("/q/sign-in")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE);
        given().formParam("token", TOKEN).formParam("csrf", form.field()).when().post("/q/sign-in").then().statusCode(403);
        given().cookie(SIGN_IN_COOKIE, form.cookie()).formParam("token", TOKEN).formParam("csrf", form.field() + "x")
                .when().post("/q/sign-in").then().statusCode(403).header("Set-Cookie", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aWrongTokenGetsTheFormAgainAndNoSession() {
        BrowserSessions.SignInForm form = BrowserSessions.form("/q/sign-in");
        ExtractableResponse<Response> r = given().cookie(SIGN_IN_COOKIE, form.cookie()).formParam("token", "kit-nobody")
                .formParam("csrf", form.field()).when().post("/q/sign-in").then().statusCode(401)
                .body(containsString("that token is not valid")).extract();
        assertThat(r.cookie(SESSION_COOKIE)).isNull();
    }

    @Test
    void browsersOpeningSwaggerUiUnsignedAreSentToSignInAndOthersGetTheBearerChallenge() {
        given().redirects().follow(false).accept("text/html,application/xhtml+xml").when().get("/q/swagger-ui/index.html")
                .then().statusCode(302).header("Location", is("/q/sign-in?next=%2Fq%2Fswagger-ui%2Findex.html"));
        given().redirects().follow(false).when().get("/q/swagger-ui/").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        given().redirects().follow(false).accept("text/html").when().get("/q/openapi").then().statusCode(401);
    }

    @Test
    void nextStaysOnThisServiceWhateverIsPosted() {
        for (String hostile : List.of("https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
                "javascript:alert(1)", "/q/ok\r\nSet-Cookie: x=y", "http:/evil", "", " /q/openapi")) {
            BrowserSessions.SignInForm form = BrowserSessions.form("/q/sign-in");
            given().redirects().follow(false).cookie(SIGN_IN_COOKIE, form.cookie()).formParam("token", TOKEN)
                    .formParam("csrf", form.field()).formParam("next", hostile).when().post("/q/sign-in")
                    .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/q/swagger-ui/"));
        }
        assertThat(SignInPage.safeNext("/q/openapi.json?x=1")).isEqualTo("/q/openapi.json?x=1");
        assertThat(SignInPage.safeNext("/q/swagger-ui/")).isEqualTo("/q/swagger-ui/");
        assertThat(SignInPage.safeNext("/\t/evil.example")).isEqualTo("/q/swagger-ui/");
    }

    @Test
    void theSignInPageEscapesWhatItEchoes() {
        given().when().get("/q/sign-in?next=/q/\"><script>x</script>").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("<script>")))
                .header("Content-Security-Policy", containsString("default-src 'none'"));
    }

    @Test
    void cookiesAreSecureOutsideDevAndTestUnlessSwitchedOffExplicitly() {
        assertThat(BrowserSignIn.secure(Optional.empty(), List.of("prod"))).isTrue();
        assertThat(BrowserSignIn.secure(Optional.empty(), List.of("staging"))).isTrue();
        assertThat(BrowserSignIn.secure(Optional.empty(), List.of())).isTrue();
        assertThat(BrowserSignIn.secure(Optional.empty(), List.of("dev"))).isFalse();
        assertThat(BrowserSignIn.secure(Optional.empty(), List.of("test"))).isFalse();
        assertThat(BrowserSignIn.secure(Optional.of(false), List.of("prod"))).isFalse();
        assertThat(BrowserSignIn.secure(Optional.of(true), List.of("test"))).isTrue();
    }
}
