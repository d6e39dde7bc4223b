package io.packops.ingest.packs;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.packops.ingest.packs.RegistryFixtures.AGENT;
import static io.packops.ingest.packs.RegistryFixtures.INGEST;
import static io.packops.ingest.packs.RegistryFixtures.OPERATOR;
import static io.packops.ingest.packs.RegistryFixtures.manifest;
import static io.packops.ingest.packs.RegistryFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class PackResourceTest {

    private static final String V100 = "stripe-revenue/1.0.0.yaml";
    private static final String V110 = "stripe-revenue/1.1.0.yaml";

    private static ValidatableResponse publish(String manifest) {
        return given().auth().oauth2(OPERATOR).contentType("application/yaml").body(manifest.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then();
    }

    private static ValidatableResponse release(String pack) {
        return given().auth().oauth2(INGEST).when().get("/v1/packs/" + pack + "/release").then();
    }

    private static ValidatableResponse withdraw(String pack, String version, String reason) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON)
                .body("{\"reason\": \"" + reason + "\"}")
                .when().post("/v1/packs/" + pack + "/versions/" + version + "/withdraw").then();
    }

    private static ValidatableResponse restore(String pack, String version) {
        return given().auth().oauth2(OPERATOR).when().post("/v1/packs/" + pack + "/versions/" + version + "/restore").then();
    }

    @Test
    void publishingTwoVersionsServesTheHigherOne() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201)
                .body("pack", is(pack))
                .body("version", is("1.0.0"))
                .body("connector", is("stripe"))
                .body("status", is("active"))
                .body("publishedAt", notNullValue())
                .body("contentSha256", matchesPattern("[0-9a-f]{64}"))
                .body("manifest", nullValue());
        publish(manifest(V110, pack, null)).statusCode(201).body("version", is("1.1.0"));

        release(pack).statusCode(200)
                .body("pack", is(pack))
                .body("connector", is("stripe"))
                .body("servedVersion", is("1.1.0"))
                .body("versions.version", is(List.of("1.1.0", "1.0.0")))
                .body("versions.status", is(List.of("active", "active")));
    }

    @Test
    void withdrawingTheServedVersionRollsBackAtOnceAndRestoreUndoesIt() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        publish(manifest(V110, pack, null)).statusCode(201);

        withdraw(pack, "1.1.0", "MISSING_COLUMN currency in 2 tiles").statusCode(200)
                .body("servedVersion", is("1.0.0"))
                .body("versions[0].version", is("1.1.0"))
                .body("versions[0].status", is("withdrawn"))
                .body("versions[0].reason", is("MISSING_COLUMN currency in 2 tiles"))
                .body("versions[0].withdrawnAt", notNullValue())
                .body("versions[0].withdrawnBy", is("operator"))
                .body("versions[1].withdrawnAt", nullValue());
        release(pack).statusCode(200).body("servedVersion", is("1.0.0"));
        // the version itself says when, by whom and why: what a release manager re-publishing it must be told
        given().auth().oauth2(OPERATOR).when().get("/v1/packs/" + pack + "/versions/1.1.0").then().statusCode(200)
                .body("status", is("withdrawn"))
                .body("withdrawnBy", is("operator"))
                .body("reason", is("MISSING_COLUMN currency in 2 tiles"));

        restore(pack, "1.1.0").statusCode(200)
                .body("servedVersion", is("1.1.0"))
                .body("versions[0].status", is("active"))
                .body("versions[0].restoredAt", notNullValue())
                .body("versions[0].restoredBy", is("operator"));
        release(pack).statusCode(200).body("servedVersion", is("1.1.0"));
        // restoring an active version changes nothing
        restore(pack, "1.1.0").statusCode(200).body("servedVersion", is("1.1.0"));
    }

    @Test
    void withdrawingTwiceKeepsTheFirstReason() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        String first = withdraw(pack, "1.0.0", "first").statusCode(200)
                .body("servedVersion", nullValue())
                .extract().path("versions[0].withdrawnAt");
        withdraw(pack, "1.0.0", "second").statusCode(200)
                .body("versions[0].reason", is("first"))
                .body("versions[0].withdrawnAt", is(first));
    }

    @Test
    void withdrawingEveryVersionLeavesNothingServed() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        withdraw(pack, "1.0.0", "broken").statusCode(200);
        release(pack).statusCode(200).body("servedVersion", nullValue()).body("versions", hasSize(1));
    }

    @Test
    void preReleasesAreServedOnlyWhenNoReleaseIsActive() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null, "2.0.0-rc.1")).statusCode(201);
        release(pack).body("servedVersion", is("2.0.0-rc.1"));
        publish(manifest(V100, pack, null, "1.0.0")).statusCode(201);
        release(pack).body("servedVersion", is("1.0.0"))
                .body("versions.version", is(List.of("2.0.0-rc.1", "1.0.0")));
        withdraw(pack, "1.0.0", "broken").statusCode(200).body("servedVersion", is("2.0.0-rc.1"));
    }

    @Test
    void republishingIdenticalContentIsOkAndIdempotent() {
        String pack = unique("stripe-revenue");
        String text = manifest(V100, pack, null);
        String published = publish(text).statusCode(201).extract().path("publishedAt");
        publish(text).statusCode(200)
                .body("version", is("1.0.0"))
                .body("publishedAt", is(published));
        // line endings, a byte-order mark and trailing blank lines are not content
        publish("\uFEFF" + text.replace("\n", "\r\n") + "\r\n\r\n").statusCode(200);
        given().auth().oauth2(OPERATOR).contentType("text/plain").body(text)
                .when().post("/v1/packs").then().statusCode(200);
    }

    @Test
    void theContentHashIsTheSha256OfTheServedManifest() throws Exception {
        String pack = unique("stripe-revenue");
        String sha = publish(manifest(V100, pack, null).replace("\n", "\r\n")).statusCode(201).extract().path("contentSha256");
        String served = given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions/1.0.0")
                .then().statusCode(200)
                .body("status", is("active"))
                .body("contentSha256", is(sha))
                .extract().path("manifest");
        assertThat(served).isEqualTo(manifest(V100, pack, null));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(served.getBytes(StandardCharsets.UTF_8)))).isEqualTo(sha);
    }

    @Test
    void otherContentUnderAPublishedVersionIsAConflict() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        publish(manifest(V100, pack, null).replace("title: Revenue", "title: Revenue!")).statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already published with other content"));
        // 1.0.0+build.2 has the precedence of 1.0.0: it cannot be a second 1.0.0
        publish(manifest(V100, pack, null, "1.0.0+build.2")).statusCode(409)
                .body("detail", containsString("same precedence"));
    }

    @Test
    void aPackCannotMoveToAnotherConnector() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        publish(manifest(V110, pack, "salesforce")).statusCode(409)
                .body("detail", containsString("belongs to connector stripe"));
    }

    @Test
    void concurrentIdenticalPublishesCreateOnceAndNeverFail() throws Exception {
        String pack = unique("stripe-revenue");
        String text = manifest(V100, pack, null);
        List<Integer> statuses = race(8, i -> publish(text).extract().statusCode());
        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void concurrentConflictingPublishesCreateOnceAndConflictOtherwise() throws Exception {
        String pack = unique("stripe-revenue");
        List<Integer> statuses = race(6, i -> publish(manifest(V100, pack, null)
                .replace("title: Revenue", "title: Revenue " + i)).extract().statusCode());
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void anInvalidManifestIsUnprocessableWithEveryErrorAndItsPosition() {
        String broken = manifest(V100, unique("stripe-revenue"), null)
                .replaceFirst("(?m)^version: .*$", "version: v1.0")
                .replaceFirst("(?m)^kind: .*$", "kind: Dashboard");
        publish(broken).statusCode(422).contentType("application/problem+json")
                .body("status", is(422))
                .body("errors.field", hasItem("version"))
                .body("errors.field", hasItem("kind"))
                .body("errors.find { it.field == 'version' }.message", matchesPattern("line \\d+, column \\d+: .*"))
                .body("errors.find { it.field == 'version' }.message", containsString("leading 'v'"));
    }

    @Test
    void malformedYamlIsUnprocessableWithLineAndColumn() {
        publish("apiVersion: packops/v1\nkind: DashboardPack\nname: [unclosed\n").statusCode(422)
                .body("errors[0].message", startsWith("line "));
        publish("").statusCode(422).body("errors[0].message", containsString("empty"));
    }

    @Test
    void manifestsMustBeYamlOrText() {
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{}")
                .when().post("/v1/packs").then().statusCode(415).contentType("application/problem+json");
        for (String type : List.of("text/yaml", "application/x-yaml")) {
            given().auth().oauth2(OPERATOR).contentType(type)
                    .body(manifest(V100, unique("stripe-revenue"), null).getBytes(StandardCharsets.UTF_8))
                    .when().post("/v1/packs").then().statusCode(201);
        }
    }

    @Test
    void unknownPacksAndVersionsAreNotFound() {
        String nobody = unique("nobody");
        release(nobody).statusCode(404).contentType("application/problem+json").body("detail", containsString(nobody));
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + nobody + "/versions").then().statusCode(404);
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + nobody + "/versions/1.0.0").then().statusCode(404);
        withdraw(nobody, "1.0.0", "x").statusCode(404);
        restore(nobody, "1.0.0").statusCode(404);

        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions/9.9.9")
                .then().statusCode(404).body("detail", containsString("has no version 9.9.9"));
        withdraw(pack, "9.9.9", "x").statusCode(404);
    }

    @Test
    void badSlugsAndVersionsInPathsAreBadRequests() {
        given().auth().oauth2(AGENT).when().get("/v1/packs/Stripe_Revenue/release")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("pack"));
        given().auth().oauth2(AGENT).when().get("/v1/packs/stripe-revenue/versions/1.0")
                .then().statusCode(400).body("errors[0].field", is("version"));
        withdraw("stripe-revenue", "v1.0.0", "x").statusCode(400).body("errors[0].field", is("version"));
        given().auth().oauth2(AGENT).queryParam("connector", "Not A Slug").when().get("/v1/packs")
                .then().statusCode(400).body("errors[0].field", is("connector"));
    }

    @Test
    void aWithdrawNeedsAReasonOfAtMost500Characters() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201);
        String path = "/v1/packs/" + pack + "/versions/1.0.0/withdraw";
        for (String body : List.of("{}", "{\"reason\": \"  \"}", "{\"reason\": \"" + "x".repeat(501) + "\"}")) {
            given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                    .when().post(path).then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", is("reason"));
        }
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).when().post(path)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"reason\": ")
                .when().post(path).then().statusCode(400).contentType("application/problem+json");
        withdraw(pack, "1.0.0", "x".repeat(500)).statusCode(200);
    }

    private static ValidatableResponse publishPastTheGate(String manifest, String reason) {
        return given().auth().oauth2(OPERATOR).contentType("application/yaml").queryParam("gateOverride", reason)
                .body(manifest.getBytes(StandardCharsets.UTF_8)).when().post("/v1/packs").then();
    }

    @Test
    void aPublishPastTheGateRecordsWhoAndWhyOnTheVersion() {
        String pack = unique("stripe-revenue");
        publish(manifest(V100, pack, null)).statusCode(201)
                .body("publishedBy", is("operator"))
                .body("gateOverride", nullValue());
        String reason = "hotfix for the fee KPI; the 3 accounts on the old schema are told (INC-42)";
        String publishedAt = publishPastTheGate(manifest(V110, pack, null), reason).statusCode(201)
                .body("publishedBy", is("operator"))
                .body("gateOverride.reason", is(reason))
                .body("gateOverride.by", is("operator"))
                .extract().path("publishedAt");

        // on the version, in the version list and after a repeat publish (the record of the first publish stays)
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions/1.1.0").then().statusCode(200)
                .body("gateOverride.reason", is(reason)).body("gateOverride.at", is(publishedAt));
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions").then().statusCode(200)
                .body("items.find { it.version == '1.1.0' }.gateOverride.reason", is(reason))
                .body("items.find { it.version == '1.0.0' }.gateOverride", nullValue());
        publish(manifest(V110, pack, null)).statusCode(200).body("gateOverride.reason", is(reason));
        publishPastTheGate(manifest(V100, pack, null), "too late").statusCode(200).body("gateOverride", nullValue());
    }

    @Test
    void aGateOverrideNeedsAReasonOfAtMost500CharactersAndNothingIsPublishedWithoutOne() {
        String pack = unique("stripe-revenue");
        for (String reason : List.of("", "   ", "x".repeat(501), "nul" + (char) 0 + "in it")) {
            publishPastTheGate(manifest(V100, pack, null), reason).statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("gateOverride"));
        }
        given().auth().oauth2(AGENT).when().get("/v1/packs/" + pack + "/versions").then().statusCode(404);
        publishPastTheGate(manifest(V100, pack, null), "x".repeat(500)).statusCode(201);
    }

    @Test
    void versionsAreListedInSemverOrderAndPaged() {
        String pack = unique("stripe-revenue");
        for (String v : List.of("1.2.0", "1.10.0", "1.9.0", "1.10.0-rc.1", "0.9.0", "1.10.0-beta.2")) {
            publish(manifest(V100, pack, null, v)).statusCode(201);
        }
        List<String> expected = List.of("1.10.0", "1.10.0-rc.1", "1.10.0-beta.2", "1.9.0", "1.2.0", "0.9.0");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(AGENT).queryParam("limit", 4);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get("/v1/packs/" + pack + "/versions").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.version"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        release(pack).body("servedVersion", is("1.10.0")).body("versions.version", is(expected));
    }

    @Test
    void packsAreListedWithLatestAndServedVersionsAndPaged() {
        String connector = unique("conn");
        List<String> packs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String pack = connector + "-pack" + i;
            packs.add(pack);
            publish(manifest(V100, pack, connector)).statusCode(201);
            publish(manifest(V110, pack, connector)).statusCode(201);
        }
        withdraw(packs.get(1), "1.1.0", "broken").statusCode(200);

        JsonPath first = given().auth().oauth2(AGENT).queryParam("connector", connector).queryParam("limit", 2)
                .when().get("/v1/packs").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.pack")).containsExactly(packs.get(0), packs.get(1));
        assertThat(first.getString("items[1].latestVersion")).isEqualTo("1.1.0");
        assertThat(first.getString("items[1].servedVersion")).isEqualTo("1.0.0");
        assertThat(first.getInt("items[1].versions")).isEqualTo(2);
        assertThat(first.getInt("items[1].activeVersions")).isEqualTo(1);
        assertThat(first.getString("items[0].connector")).isEqualTo(connector);
        assertThat(first.getString("nextCursor")).isNotNull();

        given().auth().oauth2(OPERATOR).queryParam("connector", connector).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor"))
                .when().get("/v1/packs").then().statusCode(200)
                .body("items.pack", is(List.of(packs.get(2))))
                .body("items[0].servedVersion", is("1.1.0"))
                .body("nextCursor", nullValue());

        // without a connector filter every pack is listed (others' packs included)
        given().auth().oauth2(AGENT).queryParam("limit", 500).when().get("/v1/packs")
                .then().statusCode(200).body("items.pack", hasItem(packs.get(2)));
    }

    private static <T> List<T> race(int n, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(() -> task.run(index));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }
}
