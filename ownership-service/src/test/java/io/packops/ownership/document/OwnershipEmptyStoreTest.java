package io.packops.ownership.document;

import io.packops.ownership.document.OwnershipFileLoader.InvalidOwnershipFile;
import io.packops.ownership.document.validation.Violation;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.packops.ownership.document.OwnershipFixtures.ADMIN;
import static io.packops.ownership.document.OwnershipFixtures.AGENT;
import static io.packops.ownership.document.OwnershipFixtures.sampleYaml;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** A service whose database has no revision yet: 404s, the OWNERSHIP_FILE loader, and the first revision. */
@QuarkusTest
@TestProfile(EmptyStoreProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnershipEmptyStoreTest {

    static final String INVALID_FILE = Path.of("src/test/resources/ownership/invalid/startup-file.yaml").toAbsolutePath().toString();
    static final String VALID_FILE = OwnershipFileProfile.FILE;

    @Inject
    OwnershipFileLoader loader;

    @Inject
    OwnershipStore store;

    @Test
    @Order(1)
    void beforeTheFirstDocumentThereIsNothingToRead() {
        given().auth().oauth2(AGENT).when().get("/v1/ownership").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("there is no ownership document yet"));
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions").then().statusCode(200)
                .body("items", empty())
                .body("nextCursor", nullValue());
        given().auth().oauth2(AGENT).when().get("/v1/ownership/revisions/1").then().statusCode(404);
        assertThat(store.current()).isEmpty();
    }

    @Test
    @Order(2)
    void anInvalidStartupFileFailsWithEveryErrorAndStoresNothing() {
        assertThatThrownBy(() -> loader.load(INVALID_FILE))
                .isInstanceOf(InvalidOwnershipFile.class)
                .hasMessageContaining("OWNERSHIP_FILE " + INVALID_FILE + " is invalid (3 errors)")
                .hasMessageContaining("schedules[0].layers[0].participants[1]: no person with id bo")
                .satisfies(e -> assertThat(((InvalidOwnershipFile) e).errors()).extracting(Violation::field)
                        .containsExactly("people[0].timezone", "schedules[0].layers[0].participants[1]", "rules"));
        assertThatThrownBy(() -> loader.load("/nonexistent/ownership.yaml"))
                .isInstanceOf(InvalidOwnershipFile.class).hasMessageContaining("cannot read the file");
        given().auth().oauth2(AGENT).when().get("/v1/ownership").then().statusCode(404);
    }

    @Test
    @Order(3)
    void ifMatchZeroMeansNoRevisionYet() {
        given().auth().oauth2(ADMIN).contentType("application/yaml").header("If-Match", "\"1\"")
                .body(sampleYaml().getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(412)
                .body("detail", containsString("the current revision is 0"));
        given().auth().oauth2(ADMIN).contentType("application/yaml").header("If-Match", "\"0\"")
                .body(sampleYaml().getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then().statusCode(201)
                .body("revision", is(1))
                .body("author", is("admin"))
                .body("createdAt", is("2026-11-20T08:30:00Z"))        // the injected clock
                .body("summary.teams.added", contains("billing-packs", "packs-core"))
                .body("summary.people.added", contains("ana", "bo", "chen", "dana", "eli", "fay"))
                .body("summary.schedules.added", contains("billing-primary", "core-primary"))
                .body("summary.escalationPolicies.added", contains("billing-default", "core-default"))
                .body("summary.rules.added", contains("stripe", "stripe/stripe-revenue", "*"))
                .body("summary.teams.removed", empty());
        given().auth().oauth2(AGENT).when().get("/v1/ownership").then().statusCode(200)
                .body("revision", is(1)).body("createdAt", is("2026-11-20T08:30:00Z"));
    }

    @Test
    @Order(4)
    void aStartupFileIsIgnoredOnceARevisionExists() {
        assertThat(loader.load(VALID_FILE)).isEmpty();
        assertThat(loader.load(INVALID_FILE)).isEmpty(); // not even read: the database is the source of truth now
        assertThat(store.current().orElseThrow().revision()).isEqualTo(1);
        assertThat(store.current().orElseThrow().author()).isEqualTo("admin");
    }
}
