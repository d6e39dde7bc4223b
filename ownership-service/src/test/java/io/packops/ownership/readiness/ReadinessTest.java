package io.packops.ownership.readiness;

import io.packops.ownership.document.OwnershipFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.INGEST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** {@code GET /v1/readiness} on a document crafted to have every kind of gap (readiness/gaps.yaml). */
@QuarkusTest
class ReadinessTest {

    static final String FROM = "2026-12-07T00:00:00Z";

    void put(String yaml) {
        // a unique comment does not make a new revision (documents compare parsed), a unique team name does
        String doc = yaml.replace("name: Packs core", "name: Packs core " + UUID.randomUUID());
        given().auth().oauth2(ADMIN).contentType(OwnershipFixtures.YAML_TYPE).body(doc.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(201);
    }

    JsonPath readiness(String query) {
        return given().auth().oauth2(AGENT).when().get("/v1/readiness?from=" + FROM + "&horizon=7d" + query)
                .then().statusCode(200).extract().jsonPath();
    }

    static Map<String, Object> gap(JsonPath r, String kind, String subject) {
        List<Map<String, Object>> found = r.getList("gaps.findAll { it.kind == '" + kind + "' && it.subject == '" + subject + "' }");
        assertThat(found).as(kind + " " + subject + " in " + r.prettify()).hasSize(1);
        return found.get(0);
    }

    @Test
    void everyKindOfGapIsReportedWithSeverityAndFix() {
        put(OwnershipFixtures.resource("/readiness/gaps.yaml"));
        JsonPath r = readiness("&connectors=stripe,salesforce,hubspot");

        assertThat(r.getBoolean("ready")).isFalse();
        assertThat(r.getString("from")).isEqualTo(FROM);
        assertThat(r.getString("to")).isEqualTo("2026-12-14T00:00:00Z");
        assertThat(gap(r, "catch-all-owner", "connector:hubspot")).containsEntry("severity", "warning");
        assertThat(r.getList("gaps.subject")).doesNotContain("connector:stripe", "connector:salesforce");
        assertThat(gap(r, "policy-reaches-nobody", "policy:core-default")).containsEntry("severity", "critical");
        assertThat(gap(r, "policy-reaches-nobody-at-times", "policy:crm-default")).containsEntry("severity", "error");
        assertThat(gap(r, "single-level-policy", "policy:crm-default")).containsEntry("severity", "warning");
        assertThat(gap(r, "team-without-paging-route", "team:crm-packs")).containsEntry("severity", "error")
                .extractingByKey("fix").asString().contains("PD_CRM_PACKS");
        // agents learn that the route does not resolve, not which variable backs it
        assertThat(gap(r, "team-without-paging-route", "team:packs-core")).extractingByKey("message").asString()
                .contains("<redacted> is not set");
        assertThat(r.prettify()).doesNotContain("${");
        JsonPath asOperator = given().auth().oauth2(OwnershipFixtures.OPERATOR)
                .when().get("/v1/readiness?from=" + FROM + "&horizon=7d").then().statusCode(200).extract().jsonPath();
        assertThat(gap(asOperator, "team-without-paging-route", "team:packs-core")).extractingByKey("message").asString()
                .contains("${PD_PACKS_CORE} is not set");
        assertThat(gap(r, "rule-without-runbook", "rule:salesforce")).containsEntry("severity", "error");
        assertThat(gap(r, "person-in-no-schedule", "person:zed")).containsEntry("severity", "info");
        assertThat(gap(r, "override-outside-layers", "schedule:billing-primary/overrides[0]")).containsEntry("severity", "warning");
        assertThat(gap(r, "schedule-coverage-hole", "schedule:core-future")).containsEntry("severity", "error");
        // ana is level 2 of billing-default and on call in billing-primary until her week ends, Mon 09:00 Madrid
        assertThat(gap(r, "level-wakes-nobody-new", "policy:billing-default/levels[1]")).containsEntry("severity", "warning")
                .containsEntry("message", "level 2 of billing-default only repeats level 1 (ana) on Mon 2026-12-07 01:00–09:00"
                        + " Europe/Madrid: escalating wakes nobody new")
                .containsEntry("intervals", List.of(Map.of("start", FROM, "end", "2026-12-07T08:00:00Z")));
        // the healthy parts have no gap
        assertThat(r.getList("gaps.subject")).doesNotContain("schedule:billing-primary", "policy:billing-default", "team:billing-packs");
        // sorted by severity
        List<String> severities = r.getList("gaps.severity");
        assertThat(severities.get(0)).isEqualTo("critical");
        assertThat(severities.get(severities.size() - 1)).isEqualTo("info");
        assertThat(r.getInt("counts.critical")).isEqualTo(1);
    }

    @Test
    void coverageHolesAreTheExactIntervalsOutsideBusinessHours() {
        put(OwnershipFixtures.resource("/readiness/gaps.yaml"));
        JsonPath r = readiness("");
        Map<String, Object> g = gap(r, "schedule-coverage-hole", "schedule:crm-business-hours");
        List<Map<String, String>> holes = (List<Map<String, String>>) g.get("intervals");

        // Mon 7 Dec 00:00Z .. Mon 14 Dec 00:00Z: covered exactly Mon-Fri 09:00-18:00 New York (EST, UTC-5)
        ZoneId ny = ZoneId.of("America/New_York");
        Instant from = Instant.parse(FROM);
        Instant to = Instant.parse("2026-12-14T00:00:00Z");
        Duration covered = Duration.ZERO;
        Instant cursor = from;
        for (Map<String, String> h : holes) {
            Instant start = Instant.parse(h.get("start"));
            Instant end = Instant.parse(h.get("end"));
            covered = covered.plus(Duration.between(cursor, start));
            // every covered stretch between holes is a weekday 09:00-18:00 in New York
            if (start.isAfter(cursor)) {
                ZonedDateTime a = cursor.atZone(ny);
                ZonedDateTime b = start.atZone(ny);
                assertThat(a.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                assertThat(a.toLocalTime()).hasToString("09:00");
                assertThat(b.toLocalTime()).hasToString("18:00");
            }
            cursor = end;
        }
        assertThat(cursor).isEqualTo(to);
        assertThat(holes).hasSize(6);
        assertThat(holes.get(0)).containsEntry("start", FROM).containsEntry("end", "2026-12-07T14:00:00Z");
        assertThat(covered).isEqualTo(Duration.ofHours(45));
        assertThat((String) g.get("message")).contains("crm-business-hours").contains("America/New_York");

        Map<String, Object> reach = gap(r, "policy-reaches-nobody-at-times", "policy:crm-default");
        assertThat((List<?>) reach.get("intervals")).hasSize(6);
    }

    @Test
    void aLevelThatOnlyRepeatsEarlierLevelsIsAGapWithItsExactTimes() {
        put(OwnershipFixtures.sampleYaml());
        JsonPath r = readiness("");

        // dana covers billing-primary on weekdays 09:00-18:00 Madrid (08:00-17:00Z) and is billing-default's level 2
        Map<String, Object> billing = gap(r, "level-wakes-nobody-new", "policy:billing-default/levels[1]");
        assertThat(billing).containsEntry("severity", "warning")
                .containsEntry("message", "level 2 of billing-default only repeats level 1 (dana) on Mon 2026-12-07 09:00–18:00"
                        + " Europe/Madrid and 4 more times (45h 0m in all): escalating wakes nobody new");
        assertThat((String) billing.get("fix")).contains("secondary schedule", "lead");
        List<Map<String, String>> weekdays = (List<Map<String, String>>) billing.get("intervals");
        assertThat(weekdays).hasSize(5).allSatisfy(i -> {
            assertThat(i.get("start")).endsWith("T08:00:00Z");
            assertThat(i.get("end")).endsWith("T17:00:00Z");
        });
        assertThat(weekdays.get(0)).containsEntry("start", "2026-12-07T08:00:00Z");
        assertThat(weekdays.get(4)).containsEntry("end", "2026-12-11T17:00:00Z");
        // core-default's level 2 is the team packs-core, whose only schedule is level 1's: always the same person
        assertThat(gap(r, "level-wakes-nobody-new", "policy:core-default/levels[1]"))
                .containsEntry("message", "level 2 of core-default only repeats level 1 (fay, eli) at every instant of the"
                        + " next 7 days: escalating wakes nobody new")
                .containsEntry("intervals", List.of(Map.of("start", FROM, "end", "2026-12-14T00:00:00Z")));
    }

    @Test
    void aCompleteDocumentIsReady() {
        String ready = OwnershipFixtures.sampleYaml()
                // the sample's catch-all team pages through an unset variable; give it a literal webhook
                .replace("pagerduty: { routingKey: \"${PD_PACKS_CORE}\" }", "webhook: \"https://hooks.example.com/core\"")
                // and its level 2s page level 1's people again: dana leaves billing-primary (level 2 pages her, so she
                // needs no rota), packs-core gets a secondary schedule, the same people one day apart
                .replace("participants: [dana]", "participants: [chen]")
                .replace("{ team: packs-core }", "{ schedule: core-secondary }")
                .replace("participants: [eli, fay] }\n", "participants: [eli, fay] }\n  - id: core-secondary\n    team: packs-core\n"
                        + "    timezone: America/Los_Angeles\n    layers:\n"
                        + "      - { start: \"2026-11-01T10:00:00\", rotation: daily, participants: [fay, eli] }\n");
        put(ready);
        JsonPath r = readiness("&connectors=stripe&packs=stripe-revenue");
        assertThat(r.getList("gaps")).as(r.prettify()).isEmpty();
        assertThat(r.getBoolean("ready")).isTrue();
        assertThat(r.getInt("counts.error")).isZero();
    }

    @Test
    void badParametersAreProblems() {
        given().auth().oauth2(AGENT).when().get("/v1/readiness?horizon=3y")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("horizon"));
        given().auth().oauth2(AGENT).when().get("/v1/readiness?horizon=400d")
                .then().statusCode(400).body("detail", containsString("between 1 minute and 90 days"));
        given().auth().oauth2(AGENT).when().get("/v1/readiness?connectors=stripe,Bad Name")
                .then().statusCode(400).body("errors[0].field", is("connectors"));
        given().auth().oauth2(AGENT).when().get("/v1/readiness?from=monday")
                .then().statusCode(400).body("errors[0].field", is("from"));
    }

    @Test
    void needsATokenAndAReadingRole() {
        given().when().get("/v1/readiness").then().statusCode(401);
        given().auth().oauth2("nope").when().get("/v1/readiness").then().statusCode(401);
        given().auth().oauth2(INGEST).when().get("/v1/readiness").then().statusCode(403);
    }
}
