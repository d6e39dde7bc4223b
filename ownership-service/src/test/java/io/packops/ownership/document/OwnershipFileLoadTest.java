package io.packops.ownership.document;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.sampleYaml;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Started with OWNERSHIP_FILE and an empty database: the file is revision 1, by file:&lt;path&gt;. */
@QuarkusTest
@TestProfile(OwnershipFileProfile.class)
class OwnershipFileLoadTest {

    @Test
    void theStartupFileIsRevisionOne() {
        given().auth().oauth2(AGENT).when().get("/v1/ownership").then().statusCode(200)
                .body("revision", is(1))
                .body("author", is("file:" + OwnershipFileProfile.FILE))
                .body("document.teams.id", contains("billing-packs", "packs-core"))
                .body("document.rules[2].match.connector", is("*"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions").then().statusCode(200)
                .body("items.revision", contains(1))
                .body("items[0].summary.people.added", contains("ana", "bo", "chen", "dana", "eli", "fay"))
                .body("nextCursor", nullValue());
        given().auth().oauth2(ADMIN).when().get("/v1/ownership/revisions/1").then().statusCode(200)
                .body("source", is(sampleYaml()));
    }
}
