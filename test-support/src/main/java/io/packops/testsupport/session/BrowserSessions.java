package io.packops.testsupport.session;

import io.restassured.http.Cookie;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser signing in to a packops page as a test does it: GET the form (its CSRF cookie and hidden field), POST
 * the token with both, keep the session cookie. Shared by the kit's {@code /q/sign-in} tests, every service's
 * {@code HealthTest} and ownership's support page tests.
 */
public final class BrowserSessions {

    public static final String SESSION_COOKIE = "packops_session";
    public static final String SIGN_IN_COOKIE = "packops_sign_in";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private BrowserSessions() {
    }

    /** The sign-in form's CSRF pair: the cookie set with the form, and the form's hidden field. */
    public record SignInForm(String cookie, String field) {
    }

    /** GETs the page at {@code formPath} (a sign-in form) and takes its CSRF cookie and field. */
    public static SignInForm form(String formPath) {
        ExtractableResponse<Response> r = given().redirects().follow(false).when().get(formPath).then().extract();
        String cookie = r.cookie(SIGN_IN_COOKIE);
        assertThat(cookie).as("the sign-in form at %s sets %s", formPath, SIGN_IN_COOKIE).isNotBlank();
        return new SignInForm(cookie, csrf(r.body().asString()));
    }

    /** Signs in through the form at {@code formPath} posting to {@code postPath}: the session cookie (303 expected). */
    public static Cookie signIn(String formPath, String postPath, String token) {
        SignInForm form = form(formPath);
        String session = given().redirects().follow(false).cookie(SIGN_IN_COOKIE, form.cookie())
                .formParam("token", token).formParam("csrf", form.field())
                .when().post(postPath).then().statusCode(303).extract().cookie(SESSION_COOKIE);
        assertThat(session).as("a session cookie after signing in at %s", postPath).isNotBlank();
        return new Cookie.Builder(SESSION_COOKIE, session).build();
    }

    /** The value of the first hidden {@code csrf} field of a page. */
    public static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a hidden csrf field in the page").isTrue();
        return m.group(1);
    }
}
