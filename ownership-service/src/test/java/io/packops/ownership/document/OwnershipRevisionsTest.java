package io.packops.ownership.document;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.DELETE;
import static io.packops.ownership.document.OwnershipFixtures.OPERATOR;
import static io.packops.ownership.document.OwnershipFixtures.edit;
import static io.packops.ownership.document.OwnershipFixtures.json;
import static io.packops.ownership.document.OwnershipFixtures.putJson;
import static io.packops.ownership.document.OwnershipFixtures.putYaml;
import static io.packops.ownership.document.OwnershipFixtures.store;
import static io.packops.ownership.document.OwnershipFixtures.variant;
import static io.packops.ownership.document.OwnershipFixtures.yaml;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Revisions: who, when, what changed; no revision for an identical document; If-Match; history pages. */
@QuarkusTest
class OwnershipRevisionsTest {

    @Test
    void aValidDocumentBecomesANewRevisionWithAuthorTimeAndSource() {
        ObjectNode doc = variant();
        String text = "# submitted as YAML, comments included\n" + yaml(doc);
        long before = OwnershipFixtures.currentRevision();
        JsonPath put = putYaml(text).statusCode(201)
                .header("Location", endsWith("/v1/ownership/revisions/" + (before + 1)))
                .header("ETag", is("\"" + (before + 1) + "\""))
                .body("revision", is((int) before + 1))
                .body("author", is("admin"))
                .body("changed", is(true))
                .body("createdAt", notNullValue())
                .extract().jsonPath();

        given().auth().oauth2(OPERATOR).when().get("/v1/ownership").then().statusCode(200)
                .header("ETag", is("\"" + (before + 1) + "\""))
                .body("revision", is((int) before + 1))
                .body("author", is("admin"))
                .body("createdAt", is(put.getString("createdAt")))
                .body("document.teams[1].name", is(doc.at("/teams/1/name").asText()))
                .body("document.schedules[0].layers[1].rotation.hours", is(12))
                .body("document.schedules[0].overrides[0].start", is("2026-11-27T09:00:00Z"))
                .body("document.rules[2].match.connector", is("*"));

        given().auth().oauth2(ADMIN).when().get("/v1/ownership/revisions/" + (before + 1)).then().statusCode(200)
                .body("revision", is((int) before + 1))
                .body("source", is(text));
    }

    @Test
    void theDocumentReadBackCanBePutBackUnchanged() throws Exception {
        long revision = store(variant());
        String body = given().auth().oauth2(ADMIN).when().get("/v1/ownership").then().statusCode(200)
                .extract().body().asString();
        String document = json(OwnershipFixtures.JSON.readTree(body).get("document"));
        assertThat(document).contains("\"routingKey\":\"${PD_BILLING_PACKS}\"");
        putJson(document).statusCode(200).body("changed", is(false)).body("revision", is((int) revision));
    }

    @Test
    void anIdenticalDocumentMakesNoRevisionWhateverItsFormat() {
        ObjectNode doc = variant();
        long revision = store(doc);
        putYaml(yaml(doc)).statusCode(200)
                .header("ETag", is("\"" + revision + "\""))
                .body("changed", is(false))
                .body("revision", is((int) revision))
                .body("author", is("admin"))
                .body("summary.teams.added", empty())
                .body("summary.rules.changed", empty());
        putJson(json(doc)).statusCode(200).body("changed", is(false)).body("revision", is((int) revision));
        // same content, other key order and flow style: still identical
        putYaml("# reformatted\n" + yaml(doc).replace("  routingKey:", "  \"routingKey\":")).statusCode(200)
                .body("changed", is(false));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=1").then()
                .body("items[0].revision", is((int) revision));
    }

    @Test
    void theSummaryListsAddedRemovedAndChangedIdsPerSection() {
        ObjectNode before = variant();
        store(before);
        ObjectNode after = before;
        after = edit(after, "teams[+]", "{id: hubspot-packs, name: HubSpot packs}");
        after = edit(after, "teams[0].name", "Billing packs team");
        after = edit(after, "people[5]", DELETE);                                  // fay
        after = edit(after, "schedules[1].layers[0].participants", "[eli]");
        after = edit(after, "rules[1]", DELETE);                                   // stripe/stripe-revenue
        after = edit(after, "rules[+]", "{match: {connector: hubspot}, team: hubspot-packs, escalation: core-default,"
                + " supportQueue: tier2-hubspot}");
        after = edit(after, "rules[1].supportQueue", "tier0");                     // the "*" rule, now second
        long revision = putYaml(yaml(after)).statusCode(201)
                .body("summary.teams.added", contains("hubspot-packs"))
                .body("summary.teams.removed", empty())
                .body("summary.teams.changed", contains("billing-packs"))
                .body("summary.people.added", empty())
                .body("summary.people.removed", contains("fay"))
                .body("summary.people.changed", empty())
                .body("summary.schedules.changed", contains("core-primary"))
                .body("summary.escalationPolicies.added", empty())
                .body("summary.escalationPolicies.removed", empty())
                .body("summary.escalationPolicies.changed", empty())
                .body("summary.rules.added", contains("hubspot"))
                .body("summary.rules.removed", contains("stripe/stripe-revenue"))
                .body("summary.rules.changed", contains("*"))
                .extract().jsonPath().getLong("revision");

        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=1").then().statusCode(200)
                .body("items[0].revision", is((int) revision))
                .body("items[0].author", is("admin"))
                .body("items[0].summary.rules.removed", contains("stripe/stripe-revenue"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + revision).then().statusCode(200)
                .body("summary.people.removed", contains("fay"))
                .body("document.teams[2].id", is("hubspot-packs"));
    }

    @Test
    void ifMatchGuardsAgainstLostUpdates() {
        long base = store(variant());
        String etag = given().auth().oauth2(ADMIN).when().get("/v1/ownership").then().extract().header("ETag");
        assertThat(etag).isEqualTo("\"" + base + "\"");

        given().auth().oauth2(ADMIN).contentType("application/yaml").header("If-Match", etag)
                .body(yaml(variant()).getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(201).body("revision", is((int) base + 1));
        // a second editor still holding the old ETag loses, with nothing written
        given().auth().oauth2(ADMIN).contentType("application/yaml").header("If-Match", etag)
                .body(yaml(variant()).getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(412)
                .contentType("application/problem+json")
                .body("detail", containsString("If-Match names revision " + base + " but the current revision is " + (base + 1)));
        assertThat(OwnershipFixtures.currentRevision()).isEqualTo(base + 1);

        given().auth().oauth2(ADMIN).contentType("application/yaml").header("If-Match", "latest")
                .body(yaml(variant()).getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(400).body("errors[0].field", is("If-Match"));
    }

    @Test
    void historyIsPagedNewestFirstWithACursor() {
        store(variant());
        store(variant());
        long newest = store(variant());
        JsonPath first = given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=2").then().statusCode(200)
                .body("items.revision", contains((int) newest, (int) newest - 1))
                .body("nextCursor", notNullValue())
                .extract().jsonPath();
        given().auth().oauth2(AGENT).queryParam("limit", 2).queryParam("cursor", first.getString("nextCursor"))
                .when().get("/v1/ownership/revisions").then().statusCode(200)
                .body("items[0].revision", is((int) newest - 2));

        // walking every page visits every revision once, newest first, down to 1
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(AGENT).queryParam("limit", 7);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/ownership/revisions").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.revision", Long.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen.get(0)).isGreaterThanOrEqualTo(newest);
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates().endsWith(1L);
        assertThat(seen).hasSize(seen.get(0).intValue());
    }

    @Test
    void aRevisionReadsBackItsOwnDocumentNotTheCurrentOne() {
        ObjectNode old = variant();
        long revision = store(old);
        store(variant());
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + revision).then().statusCode(200)
                .header("ETag", is("\"" + revision + "\""))
                .body("revision", is((int) revision))
                .body("document.teams[1].name", is(old.at("/teams/1/name").asText()));
    }

    @Test
    void badPagingParametersAre400AndUnknownRevisions404() {
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=0").then().statusCode(400)
                .body("errors[0].field", is("limit"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?limit=101").then().statusCode(400);
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions?cursor=bm90LW91cnM").then().statusCode(400)
                .body("errors[0].field", is("cursor"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/first").then().statusCode(400)
                .body("errors[0].field", is("revision"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/0").then().statusCode(400);
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/999999").then().statusCode(404)
                .contentType("application/problem+json").body("detail", is("there is no revision 999999"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership?resolveSecrets=maybe").then().statusCode(400)
                .body("errors[0].field", is("resolveSecrets"));
    }

    @Test
    void concurrentPutsGetDistinctConsecutiveRevisionNumbers() throws Exception {
        int writers = 6;
        store(variant());
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            bodies.add(yaml(variant()));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<JsonPath>> results = new ArrayList<>();
            for (String body : bodies) {
                Callable<JsonPath> put = () -> {
                    go.await();
                    return putYaml(body).statusCode(201).extract().jsonPath();
                };
                results.add(pool.submit(put));
            }
            go.countDown();
            List<Long> revisions = new ArrayList<>();
            for (Future<JsonPath> r : results) {
                revisions.add(r.get().getLong("revision"));
            }
            long min = revisions.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(revisions).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrder(java.util.stream.LongStream.range(min, min + writers).boxed().toArray(Long[]::new));
            // each diff is against its true predecessor: exactly packs-core changed every time
            for (long n = min; n < min + writers; n++) {
                given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + n).then()
                        .body("summary.teams.changed", contains("packs-core"))
                        .body("summary.teams.added", empty());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void agentsReadTheDocumentButNeverItsSource() {
        long revision = store(variant());
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/" + revision).then().statusCode(200)
                .body("source", nullValue())
                .body("document.teams[0].id", is("billing-packs"));
    }
}
