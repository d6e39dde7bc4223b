package io.packops.ownership.document;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.DELETE;
import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.json;
import static io.packops.ownership.document.OwnershipFixtures.putJson;
import static io.packops.ownership.document.OwnershipFixtures.putYaml;
import static io.packops.ownership.document.OwnershipFixtures.resource;
import static io.packops.ownership.document.OwnershipFixtures.sample;
import static io.packops.ownership.document.OwnershipFixtures.store;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static io.packops.ownership.document.OwnershipFixtures.yaml;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * PUT /v1/ownership rejects bad documents with 422 and every error's exact path; malformed text with 400 and
 * its line and column. Each bad document is the DESIGN sample with one or two edits, so exactly the listed
 * paths are wrong.
 */
@QuarkusTest
class OwnershipValidationTest {

    /** A bad document: the sample with {@code edits} (path, YAML value) applied; the exact error paths; a message fragment. */
    record Bad(String name, List<String[]> edits, List<String> fields, String fragment) {
        @Override
        public String toString() {
            return name;
        }

        ObjectNode document() {
            ObjectNode doc = sample();
            for (String[] e : edits) {
                doc = edit(doc, e[0], e[1]);
            }
            return doc;
        }
    }

    static Bad bad(String name, String path, String value, String field, String fragment) {
        return new Bad(name, List.<String[]>of(new String[] {path, value}), List.of(field), fragment);
    }

    static Stream<Bad> badDocuments() {
        return Stream.of(
                // ---- shape, types, ids
                bad("team id that is not a slug", "teams[+]", "{id: Core Team, name: Core}", "teams[2].id", "must be a slug"),
                bad("duplicate team id", "teams[+]", "{id: packs-core, name: Again}", "teams[2].id", "duplicate id packs-core (also teams[1])"),
                bad("duplicate person id", "people[+]", "{id: ana, name: Ana Again}", "people[6].id", "duplicate id ana (also people[0])"),
                bad("team without a name", "teams[0].name", DELETE, "teams[0].name", "is required"),
                bad("misspelt field", "teams[1].pagerDuty", "{routingKey: x}", "teams[1].pagerDuty", "unknown field; did you mean pagerduty?"),
                bad("unknown section", "owners", "[]", "owners", "unknown field"),
                bad("section that is not a list", "rules", "all", "rules", "must be a list, not the string \"all\""),
                bad("id that is a number", "people[+]", "{id: 42, name: Answer}", "people[6].id", "must be a string, not the number 42 (quote it in YAML)"),
                bad("item that is not a mapping", "people[+]", "gus", "people[6]", "must be a mapping (a person)"),
                bad("e-mail without a domain", "people[0].email", "ana-at-example.com", "people[0].email", "must be an e-mail address"),
                // ---- references and time zones
                bad("person in an unknown team", "people[0].team", "billing", "people[0].team", "no team with id billing"),
                bad("misspelt person time zone", "people[2].timezone", "Asia/Singapur", "people[2].timezone", "did you mean Asia/Singapore?"),
                bad("schedule zone that is an offset", "schedules[1].timezone", "'+01:00'", "schedules[1].timezone", "not a fixed offset"),
                bad("schedule without a zone", "schedules[0].timezone", DELETE, "schedules[0].timezone", "is required"),
                bad("schedule of an unknown team", "schedules[0].team", "billing", "schedules[0].team", "no team with id billing"),
                // ---- layers
                bad("unknown participant", "schedules[0].layers[0].participants[2]", "nobody",
                        "schedules[0].layers[0].participants[2]", "no person with id nobody"),
                bad("layer without participants", "schedules[1].layers[0].participants", "[]",
                        "schedules[1].layers[0].participants", "at least one person"),
                bad("schedule without layers", "schedules[1].layers", "[]", "schedules[1].layers", "at least one layer"),
                bad("layer start with an offset", "schedules[0].layers[0].start", "'2026-11-02T09:00:00+01:00'",
                        "schedules[0].layers[0].start", "without offset"),
                bad("layer ending before it starts", "schedules[0].layers[0].end", "'2026-11-01T09:00:00'",
                        "schedules[0].layers[0].end", "must be after start (2026-11-02T09:00)"),
                bad("monthly rotation", "schedules[0].layers[0].rotation", "monthly",
                        "schedules[0].layers[0].rotation", "must be daily, weekly or {hours: N}"),
                bad("rotation of 0 hours", "schedules[0].layers[1].rotation", "{hours: 0}",
                        "schedules[0].layers[1].rotation.hours", "from 1 to 8760"),
                bad("rotation longer than a year", "schedules[0].layers[1].rotation", "{hours: 9000}",
                        "schedules[0].layers[1].rotation.hours", "from 1 to 8760 (got 9000)"),
                bad("restriction on an unknown day", "schedules[0].layers[1].restrictions[0].days[4]", "fry",
                        "schedules[0].layers[1].restrictions[0].days[4]", "must be a day: mon, tue"),
                bad("restriction time that is not HH:mm", "schedules[0].layers[1].restrictions[0].from", "9am",
                        "schedules[0].layers[1].restrictions[0].from", "HH:mm"),
                bad("restriction from equal to to", "schedules[0].layers[1].restrictions[0].to", "'09:00'",
                        "schedules[0].layers[1].restrictions[0].to", "must differ from from (09:00)"),
                // ---- overrides
                bad("override of an unknown person", "schedules[0].overrides[0].person", "zed",
                        "schedules[0].overrides[0].person", "no person with id zed"),
                bad("override start without offset", "schedules[0].overrides[0].start", "'2026-11-27T09:00:00'",
                        "schedules[0].overrides[0].start", "offset or Z"),
                bad("override ending before it starts", "schedules[0].overrides[0].end", "'2026-11-26T09:00:00Z'",
                        "schedules[0].overrides[0].end", "must be after start"),
                // ---- escalation policies
                bad("policy without levels", "escalationPolicies[0].levels", "[]", "escalationPolicies[0].levels", "at least one level"),
                bad("level without targets", "escalationPolicies[0].levels[1].targets", "[]",
                        "escalationPolicies[0].levels[1].targets", "at least one target"),
                bad("target naming two kinds", "escalationPolicies[0].levels[0].targets[0]", "{schedule: billing-primary, person: ana}",
                        "escalationPolicies[0].levels[0].targets[0]", "exactly one of person, schedule or team (has person and schedule)"),
                bad("target of an unknown schedule", "escalationPolicies[0].levels[0].targets[0]", "{schedule: billing-secondary}",
                        "escalationPolicies[0].levels[0].targets[0].schedule", "no schedule with id billing-secondary"),
                bad("levels not increasing", "escalationPolicies[1].levels[1].afterMinutes", "0",
                        "escalationPolicies[1].levels[1].afterMinutes", "greater than the previous level's afterMinutes (0)"),
                bad("negative delay", "escalationPolicies[0].levels[0].afterMinutes", "-5",
                        "escalationPolicies[0].levels[0].afterMinutes", "0 or more (got -5)"),
                bad("repeat out of range", "escalationPolicies[0].repeat", "10", "escalationPolicies[0].repeat", "from 0 to 9"),
                // ---- rules
                bad("two rules with the same match", "rules[+]",
                        "{match: {connector: stripe}, team: packs-core, escalation: core-default, supportQueue: tier1}",
                        "rules[3].match", "ties with rules[0]: both match stripe"),
                bad("no catch-all rule", "rules[2]", DELETE, "rules", "catch-all rule"),
                bad("catch-all with a pack", "rules[2].match.pack", "stripe-revenue", "rules", "catch-all rule"),
                bad("rule with an unknown policy", "rules[0].escalation", "billing-urgent", "rules[0].escalation",
                        "no escalation policy with id billing-urgent"),
                bad("connector that is not a slug", "rules[0].match.connector", "Stripe!", "rules[0].match.connector",
                        "must be a connector slug or \"*\""),
                bad("runbook escaping the repository", "rules[0].runbook", "runbooks/../../etc/passwd", "rules[0].runbook",
                        "must not contain . or .. segments"),
                bad("runbook over plain http", "rules[1].runbook", "http://wiki.example.com/runbook", "rules[1].runbook",
                        "must be an https URL"),
                bad("absolute runbook path", "rules[1].runbook", "/srv/runbooks/x.md", "rules[1].runbook", "not an absolute path"),
                bad("empty support queue", "rules[0].supportQueue", "''", "rules[0].supportQueue", "must not be empty"),
                // ---- secrets
                bad("reference in lower case", "teams[0].pagerduty.routingKey", "'${pd_billing}'", "teams[0].pagerduty.routingKey",
                        "${pd_billing} is not a valid reference"),
                bad("unclosed reference", "teams[0].slackWebhook", "'${SLACK_BILLING'", "teams[0].slackWebhook", "unclosed ${"),
                bad("reference to the service's own token", "teams[0].pagerduty.routingKey", "'${PACKOPS_TOKEN_ADMIN}'",
                        "teams[0].pagerduty.routingKey", "names the service's own configuration"),
                bad("reference outside a secret field", "teams[1].email", "'${CORE_EMAIL}'", "teams[1].email", "is not a secret field"),
                bad("literal webhook that is not a URL", "teams[1].webhook", "not a url", "teams[1].webhook", "http(s) URL"),
                bad("pagerduty that is not a mapping", "teams[1].pagerduty", "'${PD_PACKS_CORE}'", "teams[1].pagerduty",
                        "must be a mapping { routingKey"),
                bad("connectors that is not a list", "connectors", "stripe", "connectors", "must be a list"),
                bad("catalogue connector in capitals", "connectors[1]", "GitHub", "connectors[1]",
                        "must be a connector slug: lower-case letters, digits, - and _, starting with a letter or digit, at most"
                                + " 63 characters (got \"GitHub\"); write github"),
                bad("catalogue connector twice", "connectors[+]", "stripe", "connectors[2]",
                        "duplicate connector stripe (also connectors[0])"),
                bad("catch-all in the catalogue", "connectors[0]", "'*'", "connectors[0]", "\"*\" is not a connector"),
                bad("catalogue connector that is a number", "connectors[1]", "42", "connectors[1]", "(quote it in YAML)"));
    }

    @Test
    void theConnectorsCatalogueIsOptionalAndItsChangesAreInTheSummary() {
        store(edit(variant(), "connectors", DELETE));
        given().auth().oauth2(ADMIN).contentType(OwnershipFixtures.JSON_TYPE)
                .body(json(edit(edit(variant(), "connectors[1]", "jira"), "connectors[+]", "google_ads")))
                .when().put("/v1/ownership")
                .then().statusCode(201)
                .body("summary.connectors.added", contains("stripe", "jira", "google_ads"))
                .body("summary.connectors.removed", hasSize(0))
                .body("summary.connectors.changed", hasSize(0));
        given().auth().oauth2(ADMIN).contentType(OwnershipFixtures.JSON_TYPE).body(json(variant()))
                .when().put("/v1/ownership")
                .then().statusCode(201)
                .body("summary.connectors.added", contains("github"))
                .body("summary.connectors.removed", contains("jira", "google_ads"));
        given().auth().oauth2(ADMIN).when().get("/v1/ownership")
                .then().statusCode(200).body("document.connectors", contains("stripe", "github"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void badDocumentIsRejectedWithItsPath(Bad bad) {
        // half as YAML, half as JSON: paths do not depend on the format
        ObjectNode doc = bad.document();
        var response = bad.name().length() % 2 == 0 ? putYaml(yaml(doc)) : putJson(json(doc));
        response.statusCode(422)
                .contentType("application/problem+json")
                .body("status", is(422))
                .body("detail", containsString("nothing was changed"))
                .body("errors.field", contains(bad.fields().toArray()))
                .body("errors[0].message", containsString(bad.fragment()));
    }

    @Test
    void atLeastTwentyFiveBadDocuments() {
        assertThat(badDocuments().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theDesignSampleIsValidAsYamlAndAsJson() {
        putYaml(yaml(variant())).statusCode(201).body("changed", is(true));
        putJson(json(variant())).statusCode(201).body("changed", is(true));
    }

    @Test
    void everyErrorOfADocumentIsReportedAtOnceInDocumentOrder() {
        putYaml(resource("/ownership/invalid/several-errors.yaml"))
                .statusCode(422)
                .body("detail", startsWith("the ownership document is invalid (12 errors)"))
                .body("errors", hasSize(12))
                .body("errors.field", contains(
                        "teams[0].id",
                        "teams[0].pagerduty.routingKey",
                        "people[0].email",
                        "people[0].team",
                        "people[0].timezone",
                        "schedules[0].layers[0].start",
                        "schedules[0].layers[0].rotation",
                        "schedules[0].layers[0].participants[1]",
                        "escalationPolicies[0].levels[1].afterMinutes",
                        "escalationPolicies[0].levels[1].targets",
                        "rules[0].runbook",
                        "rules"))
                .body("errors[2].message", containsString("e-mail"))
                .body("errors[4].message", containsString("Mars/Olympus"))
                .body("errors[7].message", containsString("no person with id bo"));
    }

    @Test
    void aRejectedDocumentChangesNothing() {
        long before = store(variant());
        putYaml(yaml(edit(variant(), "schedules[0].layers[0].participants[2]", "nobody"))).statusCode(422);
        given().auth().oauth2(ADMIN).when().get("/v1/ownership").then().statusCode(200).body("revision", is((int) before));
        given().auth().oauth2(ADMIN).when().get("/v1/ownership/revisions?limit=1").then()
                .body("items[0].revision", is((int) before));
    }

    @Test
    void malformedYamlIsA400WithLineAndColumn() {
        String text = "teams:\n  - id: x\n    name: y\n   bad: 1\n";
        putYaml(text).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("malformed YAML at line 4, column 4"))
                .body("errors[0].field", is("body"))
                .body("errors[0].message", startsWith("line 4, column 4: expected <block end>"));
    }

    @Test
    void malformedJsonIsA400WithLineAndColumn() {
        putJson("{\n  \"teams\": [\n    {\"id\": \"x\",}\n  ]\n}").statusCode(400)
                .body("detail", containsString("malformed JSON at line 3, column 16"))
                .body("errors[0].message", startsWith("line 3, column 16: "));
    }

    @Test
    void duplicateKeysAndSecondDocumentsAreMalformed() {
        putYaml("teams: []\nteams: []\n").statusCode(400).body("detail", containsString("Duplicate field 'teams'"));
        putYaml("teams: []\n---\nrules: []\n").statusCode(400).body("detail", containsString("more than one YAML document"));
        putJson("{\"rules\": []} {}").statusCode(400).body("detail", containsString("after the end of the JSON value"));
    }

    @Test
    void emptyBodyIsA400AndANonMappingA422() {
        putYaml("").statusCode(400).body("errors[0].field", is("body")).body("errors[0].message", is("is empty"));
        putYaml("# only a comment\n").statusCode(400);
        putYaml("- teams\n- rules\n").statusCode(422).body("errors[0].field", is("$"))
                .body("errors[0].message", containsString("must be a mapping"));
    }

    @Test
    void yamlMediaTypesAreAllAcceptedAndOthersAre415() {
        for (String type : List.of("text/yaml", "application/x-yaml", "application/yaml; charset=utf-8")) {
            given().auth().oauth2(ADMIN).contentType(type).body(yaml(variant()).getBytes(StandardCharsets.UTF_8))
                    .when().put("/v1/ownership").then().statusCode(201);
        }
        given().auth().oauth2(ADMIN).contentType("text/plain").body("teams: []")
                .when().put("/v1/ownership").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void unquotedYamlTimesAndFullDayNamesAreAccepted() {
        String text = OwnershipFixtures.sampleYaml()
                .replace("from: \"09:00\"", "from: 09:00")
                .replace("[mon, tue", "[Monday, TUE")
                .replace("name: Packs core", "name: Packs core " + java.util.UUID.randomUUID());
        assertThat(text).contains("from: 09:00", "[Monday, TUE");
        putYaml(text).statusCode(201);
        given().auth().oauth2(ADMIN).when().get("/v1/ownership").then()
                .body("document.schedules[0].layers[1].restrictions[0].from", is("09:00"))
                .body("document.schedules[0].layers[1].restrictions[0].days", contains("mon", "tue", "wed", "thu", "fri"));
    }
}
