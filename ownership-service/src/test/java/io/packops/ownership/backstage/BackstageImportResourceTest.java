package io.packops.ownership.backstage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Rule;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class BackstageImportResourceTest {

    static final String PATH = "/v1/ownership/import/backstage";
    static final String ADMIN = "test-admin";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static ValidatableResponse post(String contentType, String body) {
        return given().auth().oauth2(ADMIN).contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(PATH).then();
    }

    @Test
    void catalogInfoYamlIsProposedAsADocumentWithNotesAndCounts() {
        post("application/yaml", BackstageCatalogs.text("catalog-info.yaml")).statusCode(200)
                .contentType("application/json")
                .body("document.teams.id", is(List.of("billing-packs", "crm-packs", "packs-core")))
                .body("document.teams[0].pagerduty.routingKey", is("${PD_BILLING_PACKS}"))
                .body("document.teams[0].slack", is("#billing-packs"))
                .body("document.people.id", is(List.of("ana-ruiz", "bo-chen", "chen-li", "dana-okafor", "eli-park", "fay-weiss")))
                .body("document.people.find { it.id == 'dana-okafor' }.team", is("crm-packs"))
                .body("document.schedules", is(List.of()))
                .body("document.escalationPolicies.id", is(List.of("billing-packs-default", "crm-packs-default", "packs-core-default")))
                .body("document.escalationPolicies[0].levels[0].afterMinutes", is(0))
                .body("document.escalationPolicies[0].levels[0].targets[0].team", is("billing-packs"))
                .body("document.rules.match.connector", is(List.of("stripe", "stripe", "salesforce", "hubspot", "*")))
                .body("document.rules[0].match.pack", is("stripe-revenue"))
                .body("document.rules[1].match.pack", nullValue())
                .body("document.rules[4].team", is("packs-core"))
                .body("document.rules[0].runbook", is("runbooks/pack-install-failures.md"))
                .body("notes.entity", hasItems("component:default/artist-lookup", "group:default/packops-org"))
                .body("notes.find { it.entity == 'component:default/salesforce-pipeline' }.message", containsString("PD_CRM_PACKS"))
                .body("summary.entities", is(19))
                .body("summary.teams", is(3))
                .body("summary.people", is(6))
                .body("summary.escalationPolicies", is(3))
                .body("summary.rules", is(5))
                // what PUT /v1/ownership would say of the proposal
                .body("valid", is(true));
    }

    @Test
    void everyTestCatalogProposesADocumentThePutWouldAccept() {
        for (String resource : List.of("catalog-info.yaml", "odd-names.yaml", "single-component.yaml", "ties.yaml")) {
            post("application/yaml", BackstageCatalogs.text(resource)).statusCode(200)
                    .body("valid", is(true)).body("errors", nullValue());
        }
    }

    @Test
    void aCatalogValueThePutWouldRejectIsReplacedAndNoted() {
        // a user whose time zone annotation is not an IANA zone: the proposal stays valid, the reviewer is told
        String catalog = BackstageCatalogs.text("single-component.yaml") + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata:
                  name: mars.rover
                  annotations:
                    packops.io/timezone: Mars/Olympus_Mons
                spec:
                  memberOf: []
                """;
        post("application/yaml", catalog).statusCode(200)
                .body("valid", is(true))
                .body("document.people.find { it.id == 'mars-rover' }.timezone", is("UTC"))
                .body("notes.message", hasItems(containsString("Mars/Olympus_Mons")));
    }

    @Test
    void theReturnedDocumentDeserialisesIntoTheModel() throws Exception {
        String body = post("application/yaml", BackstageCatalogs.text("catalog-info.yaml")).statusCode(200)
                .extract().asString();
        String document = JSON.writeValueAsString(JSON.readTree(body).get("document"));
        OwnershipDocument doc = JSON.readValue(document, OwnershipDocument.class);
        assertThat(doc).isEqualTo(new BackstageImporter()
                .importCatalog(BackstageCatalogs.text("catalog-info.yaml"), Format.YAML).document());
        assertThat(doc.rules()).filteredOn(r -> r.match().isCatchAll()).extracting(Rule::team).containsExactly("packs-core");
        assertThat(document).doesNotContain("catchAll", "null");
    }

    @Test
    void allThreeInputShapesAndEveryYamlMediaTypeGiveTheSameDocument() {
        Object expected = post("application/yaml", BackstageCatalogs.text("catalog-info.yaml")).statusCode(200)
                .extract().path("document");
        for (String type : List.of("text/yaml", "application/x-yaml", "text/plain")) {
            assertThat((Object) post(type, BackstageCatalogs.text("catalog-info.yaml")).statusCode(200)
                    .extract().path("document")).as(type).isEqualTo(expected);
        }
        assertThat((Object) post("application/json", BackstageCatalogs.asJsonArray("catalog-info.yaml")).statusCode(200)
                .extract().path("document")).as("JSON array").isEqualTo(expected);
        assertThat((Object) post("application/json", BackstageCatalogs.asApiResponse("catalog-info.yaml")).statusCode(200)
                .extract().path("document")).as("catalog API response").isEqualTo(expected);
        assertThat((Object) post("application/json; charset=utf-8", BackstageCatalogs.asApiResponse("catalog-info.yaml"))
                .statusCode(200).extract().path("document")).as("with a charset").isEqualTo(expected);
    }

    @Test
    void aRealCatalogApiResponseIsRead() {
        post("application/json", BackstageCatalogs.text("catalog-api-response.json")).statusCode(200)
                .body("document.teams[0].pagerduty.routingKey", is("${PD_STRIPE_OPS}"))
                .body("document.people[0].team", is("billing-packs"))
                .body("document.rules.match.connector", is(List.of("stripe", "*")))
                .body("notes.message", hasItem(containsString("1 Template")));
    }

    @Test
    void integrationKeysAppearNowhereInTheResponse() {
        for (String resource : List.of("catalog-info.yaml", "single-component.yaml")) {
            String body = post("application/yaml", BackstageCatalogs.text(resource)).statusCode(200).extract().asString();
            for (String key : BackstageCatalogs.SECRET_KEYS) {
                assertThat(body).as(resource).doesNotContain(key);
            }
            assertThat(body).contains("pagerduty.com/integration-key");
        }
    }

    @Test
    void withoutAStarRuleOneIsGeneratedWithANote() {
        JsonPath body = post("application/yaml", BackstageCatalogs.text("single-component.yaml")).statusCode(200)
                .extract().jsonPath();
        assertThat(body.getList("document.rules.match.connector")).containsExactly("stripe", "*");
        assertThat(body.getString("document.rules[1].team")).isEqualTo("billing");
        assertThat(body.getString("document.rules[1].supportQueue")).isEqualTo("tier1");
        List<Map<String, String>> notes = body.getList("notes");
        assertThat(notes).anySatisfy(n -> assertThat(n.get("message")).contains("catch-all rule went to the first team", "confirm"));
    }

    @Test
    void tiesKeepTheFirstOwner() {
        post("application/yaml", BackstageCatalogs.text("ties.yaml")).statusCode(200)
                .body("document.rules.match.connector", is(List.of("salesforce", "salesforce", "*")))
                .body("document.rules[0].team", is("crm-packs"))
                .body("notes.findAll { it.entity == 'component:default/salesforce-pipeline-v2' }.message",
                        hasItem(containsString("first one was kept")));
    }

    @Test
    void oddNamesAreSlugged() {
        post("application/yaml", BackstageCatalogs.text("odd-names.yaml")).statusCode(200)
                .body("document.teams.id", is(List.of("billing-team", "billing-team-2", "emea-billing-team")))
                .body("document.people.id", is(List.of("ana-ruiz", "guest", "emea-guest")))
                .body("document.rules[0].match.connector", is("google_ads"))
                .body("document.rules[0].match.pack", is("google-ads-performance"));
    }
}
