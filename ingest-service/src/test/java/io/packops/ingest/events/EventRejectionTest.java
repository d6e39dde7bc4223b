package io.packops.ingest.events;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.packops.ingest.events.TestEvents.failedInstall;
import static io.packops.ingest.events.TestEvents.install;
import static io.packops.ingest.events.TestEvents.json;
import static io.packops.ingest.events.TestEvents.render;
import static io.packops.ingest.events.TestEvents.with;
import static io.packops.ingest.events.TestEvents.without;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * One bad input per row: the status it gets, the field the problem names (for a single invalid
 * event: {@code [0].field}) and a fragment of the reason a producer would read.
 */
@QuarkusTest
@TestProfile(FixedClockProfile.class)
class EventRejectionTest {

    private static final Map<String, Object> OK = install("bad-input");
    private static final Map<String, Object> RENDER = render("bad-input-render");

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // required fields, lengths, characters
                row("eventId missing", without(OK, "eventId"), 400, "[0].eventId", "is required"),
                row("eventId empty", with(OK, "eventId", ""), 400, "[0].eventId", "must not be empty"),
                row("eventId too long", with(OK, "eventId", "e".repeat(201)), 400, "[0].eventId", "has 201 characters, at most 200"),
                row("eventId with a space", with(OK, "eventId", "my event"), 400, "[0].eventId", "without spaces or control characters"),
                row("eventId a number", with(OK, "eventId", 42), 400, "[0].eventId", "must be a string, got an integer"),
                row("type missing", without(OK, "type"), 400, "[0].type", "is required (install or render)"),
                row("type unknown", with(OK, "type", "view"), 400, "[0].type", "must be install or render, not 'view'"),
                row("occurredAt missing", without(OK, "occurredAt"), 400, "[0].occurredAt", "is required"),
                row("occurredAt without offset", with(OK, "occurredAt", "2026-03-15T11:00:00"), 400, "[0].occurredAt", "not an RFC 3339 timestamp with an offset"),
                row("occurredAt a date only", with(OK, "occurredAt", "2026-03-15"), 400, "[0].occurredAt", "not an RFC 3339 timestamp"),
                row("occurredAt impossible date", with(OK, "occurredAt", "2026-02-30T10:00:00Z"), 400, "[0].occurredAt", "is not a valid date and time"),
                row("occurredAt epoch millis", with(OK, "occurredAt", 1773576000000L), 400, "[0].occurredAt", "must be a string, got an integer"),
                row("occurredAt 10 minutes ahead", with(OK, "occurredAt", FixedClockProfile.NOW.plus(Duration.ofMinutes(10)).toString()), 400, "[0].occurredAt", "is 10m ahead of the server clock"),
                row("occurredAt past retention", with(OK, "occurredAt", FixedClockProfile.NOW.minus(Duration.ofDays(31)).toString()), 400, "[0].occurredAt", "older than the retention of 30 days"),
                row("accountId missing", without(OK, "accountId"), 400, "[0].accountId", "is required"),
                row("accountId too long", with(OK, "accountId", "a".repeat(201)), 400, "[0].accountId", "at most 200 are allowed"),
                row("accountId with a control character", with(OK, "accountId", "acct\u0007"), 400, "[0].accountId", "without control characters"),
                row("connector upper-case", with(OK, "connector", "Stripe"), 400, "[0].connector", "slugs are lower-case"),
                row("connector missing", without(OK, "connector"), 400, "[0].connector", "is required (a slug such as stripe)"),
                row("pack with a space", with(OK, "pack", "stripe revenue"), 400, "[0].pack", "is not a valid slug"),
                row("packVersion with a v", with(OK, "packVersion", "v1.4.0"), 400, "[0].packVersion", "drop the leading 'v'"),
                row("packVersion two numbers", with(OK, "packVersion", "1.4"), 400, "[0].packVersion", "MAJOR.MINOR.PATCH"),
                row("install without warehouse", without(OK, "warehouse"), 400, "[0].warehouse", "is required (a slug such as snowflake)"),
                row("outcome unknown", with(OK, "outcome", "ok"), 400, "[0].outcome", "must be succeeded or failed, not 'ok'"),
                row("failed install without stage", without(with(OK, "outcome", "failed"), "stage"), 400, "[0].stage",
                        "is required for failed install events"),
                row("install stage unknown", with(OK, "stage", "deploy"), 400, "[0].stage", "must be resolve, compile or run"),
                row("render with a stage", with(RENDER, "stage", "run"), 400, "[0].stage", "only install events have a stage"),
                row("render without dashboard", without(RENDER, "dashboard"), 400, "[0].dashboard", "is required (a slug such as revenue)"),
                row("render tile not a slug", with(RENDER, "tile", "Gross Volume"), 400, "[0].tile", "is not a valid slug"),
                row("failed without errorCode", with(OK, "outcome", "failed"), 400, "[0].errorCode", "is required when outcome is failed"),
                row("errorCode is prose", failedInstall("bad-input", "column not found", "x"), 400, "[0].errorCode", "must be a code of 1-64"),
                row("errorMessage a number", with(failedInstall("bad-input", "E1", "x"), "errorMessage", 7), 400, "[0].errorMessage", "must be a string, got an integer"),
                row("durationMs negative", with(OK, "durationMs", -1), 400, "[0].durationMs", "must be from 0 to 86400000"),
                row("durationMs over a day", with(OK, "durationMs", 86_400_001), 400, "[0].durationMs", "must be from 0 to 86400000"),
                row("durationMs a string", with(OK, "durationMs", "5400"), 400, "[0].durationMs", "must be an integer number of milliseconds, got a string"),
                row("durationMs a decimal", with(OK, "durationMs", 5.5), 400, "[0].durationMs", "got a decimal number"),
                row("durationMs huge integer", with(OK, "durationMs", new java.math.BigInteger("123456789012345678901234567890")), 400, "[0].durationMs", "must be an integer from 0 to 86400000"),
                // bodies
                row("array element not an object", List.of(1), 400, "[0]", "expected an event object, got an integer"),
                raw("a JSON string", "\"hello\"", "application/json", 400, null, "must be an event object or an array of event objects"),
                raw("truncated JSON", "{\"eventId\": \"x\", ", "application/json", 400, null, "the body is not valid JSON"),
                raw("empty array", "[]", "application/json", 400, null, "the batch is empty"),
                raw("empty body", "", "application/json", 400, null, "the body is empty"),
                raw("two objects sent as JSON", "{}{}", "application/json", 400, null, "Content-Type: application/x-ndjson"),
                raw("NDJSON with no JSON line", "nope\nnope", "application/x-ndjson", 400, "[1]", "line 2 is not valid JSON"),
                raw("NDJSON of blank lines", "\n \n", "application/x-ndjson", 400, null, "the body is empty"),
                raw("XML body", "<event/>", "application/xml", 415, null, "Content-Type application/xml is not accepted"));
    }

    private static Arguments row(String name, Object body, int status, String field, String fragment) {
        return Arguments.of(name, json(body), "application/json", status, field, fragment);
    }

    private static Arguments raw(String name, String body, String contentType, int status, String field, String fragment) {
        return Arguments.of(name, body.getBytes(), contentType, status, field, fragment);
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithAProblemThatSaysWhy(String name, byte[] body, String contentType, int status, String field,
                                                  String fragment) {
        var response = given().auth().oauth2("test-ingest").contentType(contentType).body(body)
                .when().post("/v1/events")
                .then().statusCode(status).contentType("application/problem+json")
                .body("status", is(status))
                .body(containsString(fragment.replace("\"", "\\\"")));
        if (field != null) {
            response.body("errors.field", hasItem(field));
        }
    }
}
