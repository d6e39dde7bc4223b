package io.packops.ownership.backstage;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.packops.ownership.backstage.BackstageImportResourceTest.ADMIN;
import static io.packops.ownership.backstage.BackstageImportResourceTest.PATH;
import static io.packops.ownership.backstage.BackstageImportResourceTest.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Bad catalogs: a 400 (syntax) or 422 (entities) in problem+json that says what and where, never a 500. */
@QuarkusTest
class BackstageImportRejectionTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void emptyBodyIsA400() {
        post("application/yaml", "").statusCode(400).contentType(PROBLEM)
                .body("status", is(400))
                .body("detail", containsString("the request body is empty"));
        post("application/json", "   \n").statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("the request body is empty"));
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: { name: billing
                spec: { type: team }
                """;
        post("application/yaml", yaml).statusCode(400).contentType(PROBLEM)
                .body("detail", allOf(containsString("not valid YAML"), containsString("line 4, column 5")))
                .body("errors[0].message", containsString("line 4, column 5"))
                .body("detail", not(containsString("at org.yaml")));
    }

    @Test
    void tabIndentationIsA400WithItsPosition() {
        post("application/yaml", "kind: Group\nmetadata:\n\tname: billing\n").statusCode(400).contentType(PROBLEM)
                .body("detail", allOf(containsString("line 3, column 1"), containsString("indent YAML with spaces")));
    }

    @Test
    void duplicateKeysAreA400() {
        post("application/yaml", "kind: Group\nmetadata:\n  name: a\n  name: b\n").statusCode(400).contentType(PROBLEM)
                .body("detail", allOf(containsString("line 4, column 3"), containsString("duplicate key 'name'")));
    }

    @Test
    void anUnclosedQuotePointsAtWhereItOpened() {
        post("application/yaml", "kind: Group\nmetadata:\n  name: 'billing\nspec: {}\n").statusCode(400).contentType(PROBLEM)
                .body("detail", allOf(containsString("line 3, column 9"), containsString("unclosed quote")));
    }

    @Test
    void malformedJsonNamesLineAndColumn() {
        post("application/json", "[\n  {\"kind\": \"Group\",\n   \"metadata\": {\"name\": \"billing\"}\n  ,]\n").statusCode(400)
                .contentType(PROBLEM)
                .body("detail", allOf(containsString("not valid JSON"), containsString("line 4")));
        post("application/json", "{\"items\": []} trailing").statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void jsonThatIsNotACatalogIsA422() {
        post("application/json", "\"catalog-info.yaml\"").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("a plain value"));
        post("application/json", "{\"entities\": []}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("neither an entity nor a catalog API response"));
        post("application/json", "{\"items\": {\"kind\": \"Group\"}}").statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", is("items"))
                .body("errors[0].message", containsString("items must be a list"));
        post("application/json", "{\"items\": []}").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("no entities"));
    }

    @Test
    void entityWithoutKindIsA422WithPathAndLine() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: { name: billing }
                ---
                apiVersion: backstage.io/v1alpha1
                metadata: { name: stripe-revenue }
                spec: { owner: billing }
                """;
        post("application/yaml", yaml).statusCode(422).contentType(PROBLEM)
                .body("errors", hasSize(1))
                .body("errors[0].field", is("documents[1].kind"))
                .body("errors[0].message", is("line 5: missing kind (Group, User, Component, ...)"))
                .body("detail", containsString("documents[1].kind"));
    }

    @Test
    void entityWithoutMetadataNameIsA422() {
        post("application/yaml", "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  title: Billing\n")
                .statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", is("documents[0].metadata.name"))
                .body("errors[0].message", containsString("missing metadata.name"));
        post("application/yaml", "kind: Group\nmetadata:\n  name: [billing]\n")
                .statusCode(422).contentType(PROBLEM)
                .body("errors[0].message", containsString("metadata.name must be a non-empty string, found a list"));
    }

    @Test
    void everyBadEntityIsListedAtOnce() {
        String json = """
                [ {"metadata": {"name": "a"}},
                  {"kind": "Group"},
                  {"kind": "User", "metadata": {"namespace": "default"}},
                  {"kind": "Group", "metadata": {"name": "fine"}},
                  "not an entity" ]
                """;
        post("application/json", json).statusCode(422).contentType(PROBLEM)
                .body("errors.field", is(List.of("[0].kind", "[1].metadata", "[2].metadata.name", "[4]")))
                .body("errors[3].message", containsString("expected an entity"))
                .body("detail", containsString("4 errors"));
    }

    @Test
    void aDocumentThatIsNotAnEntityIsA422() {
        post("application/yaml", "just some text\n").statusCode(422).contentType(PROBLEM)
                .body("errors[0].field", is("documents[0]"))
                .body("errors[0].message", containsString("expected an entity"));
    }

    @Test
    void onlyCommentsIsA422() {
        post("application/yaml", "# nothing here yet\n---\n---\n").statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("no entities"));
    }

    @Test
    void nothingImportableIsA422ThatSaysWhatWasFound() {
        String yaml = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: { name: acme-corp }
                spec: { type: organization, children: [] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: artist-lookup }
                spec: { type: service, owner: user:default/nobody }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: { name: example-groups }
                spec: { targets: [./org.yaml] }
                """;
        post("application/yaml", yaml).statusCode(422).contentType(PROBLEM)
                .body("detail", containsString("nothing to import"))
                .body("errors.message", hasItem("found Component: 1, Group: 1, Location: 1"));
    }

    @Test
    void aliasBombsAndRecursiveAliasesAreA400() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        post("application/yaml", bomb.toString()).statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("too large once its aliases are expanded"));

        StringBuilder many = new StringBuilder("a: &a [x]\nb: [");
        for (int i = 0; i < 150; i++) {
            many.append(i == 0 ? "" : ", ").append("*a");
        }
        post("application/yaml", many.append("]\n").toString()).statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("too many aliases"));

        post("application/yaml", "kind: Group\nmetadata: &m\n  name: x\n  self: *m\n").statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("nested more than"));
    }

    @Test
    void controlCharactersAreA400WithTheirPosition() {
        post("application/yaml", "kind: Group\nmetadata:\n  name: bill\u0007ing\n").statusCode(400).contentType(PROBLEM)
                .body("detail", allOf(containsString("line 3, column 13"), containsString("U+0007")));
    }

    @Test
    void anUnsupportedMediaTypeIsA415Problem() {
        given().auth().oauth2(ADMIN).contentType("text/csv").body("kind,name\nGroup,billing\n".getBytes(StandardCharsets.UTF_8))
                .when().post(PATH).then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void oddBodiesNeverAnswer500() {
        List<String> bodies = List.of("~", "- - -", "[]", "{}", "null", "? [a]\n: b\n", "kind: Group\nmetadata: []\n",
                "kind: [Group]\nmetadata: {name: x}\n", "kind: Group\nmetadata: {name: x, namespace: [a]}\n",
                "!!binary aGVsbG8=", "kind: !!java.io.File /tmp\nmetadata: {name: x}\n",
                "kind: Component\nmetadata: {name: x, annotations: {packops.io/connector: '***'}}\nspec: {owner: ':'}\n",
                "kind: Component\nmetadata: {name: x, links: 5, tags: {a: b}, annotations: [1]}\nspec: {owner: [a]}\n",
                "kind: User\nmetadata: {name: x}\nspec: {memberOf: 5, profile: 7}\n",
                "\uFEFFkind: Group\nmetadata: {name: x}\n");
        for (String body : bodies) {
            for (String type : List.of("application/yaml", "application/json")) {
                int status = post(type, body).extract().statusCode();
                assertThat(status).as(type + ": " + body).isBetween(200, 499);
            }
        }
    }
}
