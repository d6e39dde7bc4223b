package io.packops.ownership.backstage;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.packops.ownership.backstage.BackstageImportResourceTest.PATH;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

/** Importing proposes ownership changes: admin only. */
@QuarkusTest
class BackstageImportAuthTest {

    private static final byte[] CATALOG = BackstageCatalogs.text("single-component.yaml").getBytes(StandardCharsets.UTF_8);

    @Test
    void withoutATokenIsA401() {
        given().contentType("application/yaml").body(CATALOG).when().post(PATH)
                .then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"packops\"");
    }

    @Test
    void withAnUnknownTokenIsA401() {
        given().auth().oauth2("not-a-token").contentType("application/yaml").body(CATALOG).when().post(PATH)
                .then().statusCode(401).contentType("application/problem+json").body("detail", is("unknown bearer token"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"test-agent", "test-operator", "test-ingest"})
    void otherRolesAreA403(String token) {
        given().auth().oauth2(token).contentType("application/yaml").body(CATALOG).when().post(PATH)
                .then().statusCode(403).contentType("application/problem+json").body("status", is(403));
    }

    @Test
    void adminMayImport() {
        given().auth().oauth2("test-admin").contentType("application/yaml").body(CATALOG).when().post(PATH)
                .then().statusCode(200).body("summary.teams", is(1));
    }
}
