package io.packops.ownership.support;

import io.packops.ownership.document.OwnershipFixtures;
import io.packops.testsupport.session.BrowserSessions;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.INGEST;
import static io.packops.ownership.document.OwnershipFixtures.OPERATOR;
import static io.packops.ownership.document.OwnershipFixtures.YAML_TYPE;
import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.store;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static io.packops.ownership.document.OwnershipFixtures.yaml;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The support agents' page at {@code /}: sign-in with a token that opens a server-side session (the HttpOnly,
 * SameSite=Strict cookie holds only its random id), CSRF-checked forms, a lookup shown as HTML, readiness gaps, no
 * secret ever, and a cookie that authenticates nothing but the page (and the API description) and dies at sign-out.
 */
@QuarkusTest
class SupportPageTest {

    static final String COOKIE = BrowserSessions.SESSION_COOKIE;
    /** Friday 27 Nov 2026: Bo's override (09:00Z to Sat 09:00Z) beats Dana's business-hours layer. */
    static final String AT = "2026-11-27T10:00:00Z";
    static final String LITERAL_WEBHOOK = "https://alerts.example.com/hook?token=literal-webhook-token";
    static final List<String> NO_SECRET = List.of("${", "PD_BILLING_PACKS", "PD_PACKS_CORE", "SLACK_BILLING_PACKS",
            "pd-billing-0123456789abcdef", "hooks.slack.com", "billing-secret-path", "literal-webhook-token",
            "alerts.example.com", "test-agent", "test-operator", "test-admin");

    @BeforeEach
    void storeTheSampleWithARuleWithoutRunbook() {
        // the sample plus a readiness gap of its own making: the connector-wide stripe rule has no runbook
        store(edit(variant(), "rules[0].runbook", OwnershipFixtures.DELETE));
    }

    static Cookie signIn(String token) {
        return BrowserSessions.signIn("/", "/login", token);
    }

    /** A sign-in POST with a valid CSRF pair from the form. */
    static RequestSpecification signInForm() {
        BrowserSessions.SignInForm form = BrowserSessions.form("/");
        return given().redirects().follow(false).cookie(BrowserSessions.SIGN_IN_COOKIE, form.cookie()).formParam("csrf", form.field());
    }

    /** The sign-out form's CSRF token, as the signed-in page shows it. */
    static String signOutCsrf(Cookie session) {
        return BrowserSessions.csrf(page(session, "").statusCode(200).extract().body().asString());
    }

    static ValidatableResponse page(Cookie cookie, String query) {
        return given().cookie(cookie).when().get("/" + query).then();
    }

    @Test
    void anonymousVisitorsGetTheSignInForm() {
        String html = given().when().get("/").then().statusCode(401)
                .contentType(startsWith("text/html"))
                .extract().body().asString();
        assertThat(html).contains("<form", "action=\"/login\"", "name=\"token\"", "Sign in")
                .doesNotContain("lookup-form", "at io.", "Exception");
    }

    @Test
    void aWrongTokenIsRefusedWithAMessage() {
        var html = signInForm().formParam("token", "not-a-token").when().post("/login").then()
                .statusCode(401).contentType(startsWith("text/html"))
                .extract();
        assertThat(html.cookie(COOKIE)).isNull();
        assertThat(html.body().asString()).contains("id=\"problem\"", "that token is not valid", "name=\"token\"");
    }

    @Test
    void aTokenWhoseRoleMayNotReadIsRefusedAtSignIn() {
        signInForm().formParam("token", INGEST).when().post("/login").then()
                .statusCode(401).body(containsString("may not use the support page"));
        signInForm().formParam("token", "").when().post("/login").then()
                .statusCode(401).body(containsString("that token is not valid"));
    }

    @Test
    void signingInSetsAStrictHttpOnlySessionCookieAndGoesBackToThePage() {
        var response = signInForm().formParam("token", AGENT).when().post("/login").then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("/"))
                .extract();
        String setCookie = response.headers().getValues("Set-Cookie").stream().filter(h -> h.startsWith(COOKIE + "=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").doesNotContain("Max-Age=0");
        // the cookie is a random session id: not the token, not its encoding, another one at each sign-in
        String id = response.cookie(COOKIE);
        assertThat(id).doesNotContain(AGENT).matches("[A-Za-z0-9_-]{43}")
                .isNotEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(AGENT.getBytes(StandardCharsets.UTF_8)));
        assertThat(signIn(AGENT).getValue()).isNotEqualTo(id);
        var cookie = response.detailedCookie(COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualToIgnoringCase("Strict");

        String html = page(signIn(AGENT), "").statusCode(200).extract().body().asString();
        assertThat(html).contains("id=\"lookup-form\"", "Signed in as agent", "Sign out")
                .doesNotContain("id=\"result\"", "name=\"token\"");
    }

    @Test
    void aLookupShowsOwnerOnCallEscalationRunbookQueueReplyAndReadinessGaps() {
        String html = page(signIn(AGENT), "?connector=stripe&pack=stripe-revenue&at=" + AT).statusCode(200)
                .contentType(startsWith("text/html")).extract().body().asString();
        assertThat(html)
                // owner
                .contains("id=\"owner\"", "Billing packs", "#billing-packs", "mailto:billing-packs@example.com")
                .contains("stripe/stripe-revenue")                    // the matched rule, by pack
                // on call now, per level, with until
                .containsPattern("(?s)data-level=\"1\".*Bo Chen.*until 2026-11-28 09:00 UTC.*data-level=\"2\".*Dana Okafor")
                .contains("On call then", "schedule billing-primary")
                // the chain
                .contains("id=\"escalation\"", "billing-default", "after 15 min", "repeats once")
                // runbook, queue, reply
                .contains("href=\"https://git.example.com/packops/blob/main/runbooks/pack-install-failures.md\"")
                .containsPattern("id=\"queue\"[^>]*>\\s*tier2-billing")
                .contains("Thanks for reporting this. The stripe-revenue pack is owned by Billing packs; we are looking into it.")
                // readiness gaps with severity
                .contains("id=\"gaps\"")
                .containsPattern("(?s)<tr class=\"gap\" data-kind=\"rule-without-runbook\">\\s*<td class=\"sev sev-error\">error</td>\\s*<td class=\"subject\">rule:stripe</td>")
                .contains("has no runbook")
                .containsPattern("(?s)<td class=\"sev sev-error\">error</td>\\s*<td class=\"subject\">team:packs-core</td>");
    }

    @Test
    void thePageAgreesWithTheLookupApi() {
        var api = given().auth().oauth2(AGENT).when().get("/v1/lookup?connector=stripe&pack=stripe-revenue&at=" + AT)
                .then().statusCode(200).extract().jsonPath();
        String html = page(signIn(AGENT), "?connector=stripe&pack=stripe-revenue&at=" + AT).statusCode(200).extract().body().asString();
        assertThat(api.getString("escalation.levels[0].targets[0].people[0].name")).isEqualTo("Bo Chen");
        assertThat(api.getString("escalation.levels[0].targets[0].people[0].until")).isEqualTo("2026-11-28T09:00:00Z");
        assertThat(api.getString("escalation.levels[1].targets[0].people[0].name")).isEqualTo("Dana Okafor");
        assertThat(html).contains(api.getString("supportQueue"), api.getString("runbookUrl"), "ownership revision " + api.getLong("revision"));
    }

    @Test
    void withoutAtTheLookupIsForNow() {
        String html = page(signIn(AGENT), "?connector=stripe").statusCode(200).extract().body().asString();
        assertThat(html).contains("id=\"owner\"", "Billing packs", "data-level=\"1\"", "On call now");
    }

    @Test
    void anUnknownConnectorFallsToTheDefaultOwner() {
        String html = page(signIn(AGENT), "?connector=salesforce").statusCode(200).extract().body().asString();
        assertThat(html).contains("Packs core", "tier1", "default rule")
                .containsPattern("(?s)id=\"unknown\"[^>]*>Unknown connector <strong>salesforce</strong>\\s*— no known name is close to it\\.")
                .contains("<dt>Fallback owner (\"*\" rule)</dt>");
    }

    @Test
    void aTypoSaysUnknownConnectorWithALinkToTheCloseMatchAndMarksTheFallbackOwner() {
        String html = page(signIn(AGENT), "?connector=strpe").statusCode(200).extract().body().asString();
        assertThat(html)
                .containsPattern("(?s)id=\"unknown\" role=\"alert\">Unknown connector <strong>strpe</strong>\\s*— did you mean "
                        + "<a href=\"/\\?connector=stripe\" class=\"suggestion\">stripe</a>\\?")
                .contains("The owner below is the fallback (the \"*\" rule, who takes what no rule names), not an owner of strpe.")
                .contains("<dt>Fallback owner (\"*\" rule)</dt>")
                .containsPattern("id=\"owner\"><strong>Packs core")
                .doesNotContain("strpe pack");
        // a pack typed as a connector links to the pack under its connector
        assertThat(page(signIn(AGENT), "?connector=stripe-revenue").statusCode(200).extract().body().asString())
                .contains("did you mean <a href=\"/?connector=stripe&amp;pack=stripe-revenue\" class=\"suggestion\">pack stripe-revenue of stripe</a>?");
        // the same lookup in capitals is the known connector: no notice, its own owner
        assertThat(page(signIn(AGENT), "?connector=Stripe").statusCode(200).extract().body().asString())
                .contains("Billing packs", "<dt>Owner</dt>").doesNotContain("id=\"unknown\"", "Fallback owner");
    }

    @Test
    void operatorsAndAdminsMayUseThePageToo() {
        for (String token : List.of(OPERATOR, ADMIN)) {
            page(signIn(token), "?connector=stripe").statusCode(200).body(containsString("Billing packs"));
        }
    }

    @Test
    void thePageNeverShowsASecretValueNorAReferenceWhateverTheRole() {
        // billing-packs: ${PD_BILLING_PACKS} and ${SLACK_BILLING_PACKS} are set in %test; packs-core: a literal webhook
        store(edit(variant(), "teams[1].webhook", "'" + LITERAL_WEBHOOK + "'"));
        for (String token : List.of(AGENT, OPERATOR, ADMIN)) {
            Cookie cookie = signIn(token);
            for (String query : List.of("?connector=stripe&pack=stripe-revenue", "?connector=zendesk", "")) {
                String html = page(cookie, query).statusCode(200).extract().body().asString();
                assertThat(html).as(token + " " + query).doesNotContain(NO_SECRET);
            }
            assertThat(page(cookie, "?connector=stripe").extract().body().asString())
                    .contains("id=\"routes\"", "PagerDuty", "Slack webhook");   // that routes exist, not what they are
        }
        // the sample as is: packs-core's only route is ${PD_PACKS_CORE}, unset, which readiness reports
        store(variant());
        for (String token : List.of(AGENT, ADMIN)) {
            String html = page(signIn(token), "?connector=zendesk").statusCode(200).extract().body().asString();
            assertThat(html).contains("team:packs-core", "none resolves").doesNotContain(NO_SECRET);
        }
    }

    @Test
    void anIngestSessionIsForbidden() {
        // an ingest token may read the API description (/q/sign-in), not this page
        Cookie ingest = BrowserSessions.signIn("/q/sign-in", "/q/sign-in", INGEST);
        String html = given().cookie(ingest).when().get("/?connector=stripe").then()
                .statusCode(403).contentType(startsWith("text/html")).extract().body().asString();
        assertThat(html).contains("may not use the support page", "name=\"token\"").doesNotContain("Billing packs", "id=\"gaps\"");
    }

    @Test
    void aStaleOrForgedCookieAsksToSignInAgain() {
        // the old scheme's cookie (the token, base64url) is nothing now
        given().cookie(COOKIE, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(AGENT.getBytes(StandardCharsets.UTF_8)))
                .when().get("/").then().statusCode(401).body(containsString("name=\"token\""));
        given().cookie(COOKIE, AGENT).when().get("/").then().statusCode(401);
        given().cookie(COOKIE, "%%%not-base64").when().get("/").then().statusCode(401)
                .body(containsString("name=\"token\""));
    }

    @Test
    void theCookieDoesNotAuthenticateApiCalls() {
        Cookie agent = signIn(AGENT);
        Cookie admin = signIn(ADMIN);
        given().cookie(agent).when().get("/v1/lookup?connector=stripe").then().statusCode(401);
        given().cookie(agent).when().get("/v1/readiness").then().statusCode(401);
        given().cookie(admin).when().get("/v1/ownership").then().statusCode(401);
        // nor any change: a cross-site form could not use it even if SameSite were ignored
        given().cookie(admin).contentType(YAML_TYPE).body(yaml(variant()).getBytes(StandardCharsets.UTF_8)).when().put("/v1/ownership").then().statusCode(401);
        given().cookie(admin).contentType(YAML_TYPE).body("apiVersion: backstage.io/v1alpha1".getBytes(StandardCharsets.UTF_8)).when()
                .post("/v1/ownership/import/backstage").then().statusCode(401);
        // nor a POST to the page itself
        given().cookie(agent).when().post("/").then().statusCode(not(is(200)));
    }

    @Test
    void aMalformedSlugIsShownOnThePageWith404() {
        Cookie cookie = signIn(AGENT);
        String html = page(cookie, "?connector=Stripe!&pack=stripe-revenue").statusCode(404)
                .contentType(startsWith("text/html")).extract().body().asString();
        assertThat(html).contains("id=\"problem\"", "is not a connector slug", "id=\"lookup-form\"", "value=\"Stripe!\"",
                "id=\"readiness\"").doesNotContain("id=\"result\"");
        given().cookie(cookie).queryParam("connector", "stripe").queryParam("pack", "Not A Pack").when().get("/").then()
                .statusCode(404).body(containsString("&#39;Not A Pack&#39; is not a pack slug"));
    }

    @Test
    void aBadTimeIsShownOnThePageWith400() {
        String html = page(signIn(AGENT), "?connector=stripe&at=tomorrow").statusCode(400).extract().body().asString();
        assertThat(html).contains("id=\"problem\"", "RFC 3339", "value=\"tomorrow\"").doesNotContain("id=\"result\"");
    }

    @Test
    void userInputIsEscaped() {
        Cookie cookie = signIn(AGENT);
        String html = given().cookie(cookie).queryParam("connector", "<script>alert(1)</script>").queryParam("pack", "\"><b>x")
                .when().get("/").then().statusCode(404).extract().body().asString();
        assertThat(html).doesNotContain("<script>", "\"><b>x")
                .contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\"", "value=\"&quot;&gt;&lt;b&gt;x\"")
                .contains("&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; is not a connector slug");
        html = given().cookie(cookie).queryParam("connector", "stripe").queryParam("at", "\" onfocus=\"x")
                .when().get("/").then().statusCode(400).extract().body().asString();
        assertThat(html).doesNotContain("\" onfocus=\"x").contains("value=\"&quot; onfocus=&quot;x\"");
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        Cookie cookie = signIn(AGENT);
        var response = given().cookie(cookie).redirects().follow(false).formParam("csrf", signOutCsrf(cookie)).when().post("/logout")
                .then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/")).extract();
        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie).startsWith(COOKIE + "=;").contains("Max-Age=0", "HttpOnly", "Path=/");
        assertThat(response.detailedCookie(COOKIE).getValue()).isEmpty();
        // a browser (or a thief) that kept the old cookie is anonymous now
        page(cookie, "?connector=stripe").statusCode(401).body(containsString("name=\"token\""));
    }

    @Test
    void formsWithoutTheirCsrfTokenAre403Problems() {
        Cookie cookie = signIn(AGENT);
        given().cookie(cookie).contentType("application/x-www-form-urlencoded").when().post("/logout").then()
                .statusCode(403).contentType("application/problem+json").body("status", is(403));
        given().cookie(cookie).formParam("csrf", "guessed").when().post("/logout").then().statusCode(403);
        page(cookie, "").statusCode(200); // still signed in
        given().formParam("token", AGENT).when().post("/login").then().statusCode(403).contentType("application/problem+json");
        BrowserSessions.SignInForm form = BrowserSessions.form("/");
        given().formParam("token", AGENT).formParam("csrf", form.field()).when().post("/login").then().statusCode(403);
        given().cookie(BrowserSessions.SIGN_IN_COOKIE, form.cookie()).formParam("token", AGENT).when().post("/login").then().statusCode(403);
        // the forms carry them
        assertThat(given().when().get("/").then().extract().body().asString()).contains("name=\"csrf\"");
        assertThat(page(cookie, "").extract().body().asString()).contains("id=\"sign-out\"", "name=\"csrf\"");
    }

    @Test
    void headWorksLikeGet() {
        given().cookie(signIn(AGENT)).when().head("/?connector=stripe").then().statusCode(200);
        given().when().head("/").then().statusCode(401);
    }
}
