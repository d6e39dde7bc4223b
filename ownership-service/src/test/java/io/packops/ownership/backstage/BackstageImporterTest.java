package io.packops.ownership.backstage;

import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.backstage.BackstageImporter.Note;
import io.packops.ownership.backstage.BackstageImporter.Result;
import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Team;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping itself, without HTTP: catalogs in, proposed documents and notes out. */
class BackstageImporterTest {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private final BackstageImporter importer = new BackstageImporter();

    private Result yaml(String resource) {
        return importer.importCatalog(BackstageCatalogs.text(resource), Format.YAML);
    }

    private static List<String> notesOn(Result r, String entity) {
        return r.notes().stream().filter(n -> entity.equals(n.entity())).map(Note::message).toList();
    }

    private static Rule rule(OwnershipDocument doc, String connector, String pack) {
        return doc.rules().stream().filter(r -> r.match().equals(new Rule.Match(connector, pack))).findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + connector + "/" + pack + " in " + doc.rules()));
    }

    @Test
    void realisticCatalogBecomesTeamsPeopleRulesAndPolicies() {
        Result r = yaml("catalog-info.yaml");
        OwnershipDocument doc = r.document();

        assertThat(doc.teams()).extracting(Team::id).containsExactly("billing-packs", "crm-packs", "packs-core");
        Team billing = doc.team("billing-packs").orElseThrow();
        assertThat(billing.name()).isEqualTo("Billing packs");
        assertThat(billing.email()).isEqualTo("billing-packs@example.com");
        assertThat(billing.slack()).isEqualTo("#billing-packs");
        assertThat(billing.pagerduty().routingKey()).isEqualTo("${PD_BILLING_PACKS}");
        Team crm = doc.team("crm-packs").orElseThrow();
        assertThat(crm.name()).as("metadata.title when there is no displayName").isEqualTo("CRM packs");
        assertThat(crm.slack()).isEqualTo("#crm-packs");
        assertThat(crm.pagerduty().routingKey()).as("from the component it owns").isEqualTo("${PD_CRM_PACKS}");
        assertThat(doc.team("packs-core").orElseThrow().pagerduty()).isNull();

        assertThat(doc.people()).containsExactly(
                new Person("ana-ruiz", "Ana Ruiz", "ana@example.com", "billing-packs", "Europe/Madrid", null),
                new Person("bo-chen", "Bo Chen", "bo@example.com", "billing-packs", "Europe/Madrid", null),
                new Person("chen-li", "chen.li", "chen@example.com", "billing-packs", "UTC", null),
                new Person("dana-okafor", "Dana Okafor", "dana@example.com", "crm-packs", "America/New_York", null),
                new Person("eli-park", "Eli Park", "eli@example.com", "packs-core", "America/Los_Angeles", null),
                new Person("fay-weiss", "Fay Weiss", "fay@example.com", "packs-core", "UTC", null));

        assertThat(doc.rules()).extracting(Rule::match).containsExactly(
                new Rule.Match("stripe", "stripe-revenue"),
                new Rule.Match("stripe", null),
                new Rule.Match("salesforce", "salesforce-pipeline"),
                new Rule.Match("hubspot", "hubspot-marketing"),
                new Rule.Match("*", null));
        assertThat(rule(doc, "stripe", "stripe-revenue")).isEqualTo(new Rule(new Rule.Match("stripe", "stripe-revenue"),
                "billing-packs", "billing-packs-default", "runbooks/pack-install-failures.md", "tier2-billing", null));
        assertThat(rule(doc, "stripe", null)).isEqualTo(new Rule(new Rule.Match("stripe", null), "billing-packs",
                "billing-packs-default", "https://runbooks.example.com/stripe", "tier2-billing",
                "Thanks for reporting this. The {connector} pack is owned by {team}; we are on it."));
        assertThat(rule(doc, "salesforce", "salesforce-pipeline")).isEqualTo(new Rule(new Rule.Match("salesforce",
                "salesforce-pipeline"), "crm-packs", "crm-packs-default", null, "tier1", null));
        assertThat(rule(doc, "hubspot", "hubspot-marketing").team()).as("a user owner means their team").isEqualTo("crm-packs");
        assertThat(rule(doc, "*", null)).isEqualTo(new Rule(new Rule.Match("*", null), "packs-core", "packs-core-default",
                "https://runbooks.example.com/pack-install-failures", "tier1", null));

        assertThat(doc.escalationPolicies()).containsExactly(
                new EscalationPolicy("billing-packs-default", "Billing packs (imported from Backstage)",
                        List.of(new EscalationPolicy.Level(0, List.of(EscalationPolicy.Target.team("billing-packs")))), 0),
                new EscalationPolicy("crm-packs-default", "CRM packs (imported from Backstage)",
                        List.of(new EscalationPolicy.Level(0, List.of(EscalationPolicy.Target.team("crm-packs")))), 0),
                new EscalationPolicy("packs-core-default", "Packs core (imported from Backstage)",
                        List.of(new EscalationPolicy.Level(0, List.of(EscalationPolicy.Target.team("packs-core")))), 0));
        assertThat(doc.schedules()).as("Backstage has no on-call data").isEmpty();

        assertThat(r.summary()).isEqualTo(new BackstageImporter.Summary(19, 3, 6, 3, 5, r.notes().size()));
    }

    @Test
    void notesTellTheReviewerWhatToCheck() {
        Result r = yaml("catalog-info.yaml");
        assertThat(notesOn(r, "group:default/packops-org")).singleElement().asString()
                .contains("not imported as a team", "organization");
        assertThat(notesOn(r, "group:default/billing-packs")).anySatisfy(m -> assertThat(m)
                .contains("PD_BILLING_PACKS", "pagerduty.com/integration-key", "not copied"));
        assertThat(notesOn(r, "component:default/salesforce-pipeline")).anySatisfy(m -> assertThat(m)
                .contains("PD_CRM_PACKS", "pagerduty.com/integration-key"));
        assertThat(notesOn(r, "component:default/salesforce-pipeline")).anySatisfy(m -> assertThat(m)
                .contains("support queue tier1"));
        assertThat(notesOn(r, "component:default/salesforce-pipeline")).anySatisfy(m -> assertThat(m)
                .contains("no runbook"));
        assertThat(notesOn(r, "component:default/hubspot-marketing")).anySatisfy(m -> assertThat(m)
                .contains("user:default/dana.okafor", "is a person", "crm-packs"));
        assertThat(notesOn(r, "component:default/artist-lookup")).singleElement().asString()
                .contains("no packops.io/connector", "no rule");
        assertThat(notesOn(r, "component:default/pack-installer")).anySatisfy(m -> assertThat(m)
                .contains("catch-all", "packs-core"));
        assertThat(notesOn(r, "user:default/chen.li")).anySatisfy(m -> assertThat(m).contains("UTC"));
        assertThat(notesOn(r, "user:default/chen.li")).anySatisfy(m -> assertThat(m)
                .contains("chen-li", "made from the name 'chen.li'"));
        assertThat(notesOn(r, "user:default/fay.weiss")).anySatisfy(m -> assertThat(m)
                .contains("'Pacific/Nowhere' is not an IANA time zone", "UTC"));
        assertThat(notesOn(r, "group:default/crm-packs")).anySatisfy(m -> assertThat(m)
                .contains("crm-packs-default", "schedules live in PagerDuty"));
        assertThat(r.notes()).anySatisfy(n -> {
            assertThat(n.entity()).isNull();
            assertThat(n.message()).contains("1 Domain", "1 Location");
        });
        assertThat(notesOn(r, "system:default/billing-platform")).as("a System without packops annotations is not a rule").isEmpty();
    }

    @Test
    void everyIdIsASlugAndEveryReferenceResolves() {
        for (String resource : List.of("catalog-info.yaml", "odd-names.yaml", "ties.yaml", "single-component.yaml")) {
            OwnershipDocument doc = yaml(resource).document();
            doc.teams().forEach(t -> assertThat(t.id()).matches(ID));
            doc.people().forEach(p -> assertThat(p.id()).matches(ID));
            doc.escalationPolicies().forEach(p -> assertThat(p.id()).matches(ID));
            assertThat(doc.teams()).extracting(Team::id).doesNotHaveDuplicates();
            assertThat(doc.people()).extracting(Person::id).doesNotHaveDuplicates();
            doc.people().stream().filter(p -> p.team() != null).forEach(p -> assertThat(doc.team(p.team())).isPresent());
            doc.escalationPolicies().forEach(p -> {
                assertThat(p.levels()).isNotEmpty();
                p.levels().forEach(l -> l.targets().forEach(t -> assertThat(doc.team(t.team())).isPresent()));
            });
            assertThat(doc.rules()).extracting(Rule::match).doesNotHaveDuplicates();
            assertThat(doc.rules()).filteredOn(r -> r.match().isCatchAll()).hasSize(1);
            doc.rules().forEach(rule -> {
                assertThat(doc.team(rule.team())).as(resource + " " + rule).isPresent();
                assertThat(doc.policy(rule.escalation())).as(resource + " " + rule).isPresent();
                assertThat(rule.supportQueue()).isNotBlank();
                if (rule.runbook() != null) {
                    assertThat(rule.runbook()).matches("https://.+|runbooks/.+\\.md");
                }
            });
            doc.teams().stream().filter(t -> t.pagerduty() != null)
                    .forEach(t -> assertThat(t.pagerduty().routingKey()).matches("\\$\\{[A-Z_][A-Z0-9_]*}"));
        }
    }

    @Test
    void integrationKeysNeverAppearInDocumentOrNotes() throws Exception {
        for (String resource : List.of("catalog-info.yaml", "single-component.yaml")) {
            Result r = yaml(resource);
            String json = BackstageCatalogs.JSON.writeValueAsString(r);
            for (String key : BackstageCatalogs.SECRET_KEYS) {
                assertThat(json).doesNotContain(key);
            }
        }
    }

    @Test
    void aSingleComponentMakesATeamFromItsOwnerReferenceAndTheCatchAllGoesToIt() {
        Result r = yaml("single-component.yaml");
        OwnershipDocument doc = r.document();
        assertThat(doc.teams()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo("billing");
            assertThat(t.pagerduty().routingKey()).isEqualTo("${PD_BILLING}");
        });
        assertThat(doc.rules()).extracting(Rule::match).containsExactly(new Rule.Match("stripe", "stripe-subscriptions"),
                new Rule.Match("*", null));
        assertThat(rule(doc, "stripe", "stripe-subscriptions").runbook())
                .isEqualTo("https://github.com/packops/runbooks/blob/main/stripe-subscriptions.md");
        assertThat(notesOn(r, "group:default/billing")).anySatisfy(m -> assertThat(m)
                .contains("not in this catalog", "add its name, email and paging route"));
        assertThat(notesOn(r, "group:default/billing")).anySatisfy(m -> assertThat(m)
                .contains("catch-all rule went to the first team, billing", "confirm"));
        assertThat(doc.people()).isEmpty();
    }

    @Test
    void withoutAStarRuleOrCatchAllMarkerTheFirstTeamGetsItWithANote() {
        Result r = yaml("ties.yaml");
        assertThat(rule(r.document(), "*", null)).isEqualTo(new Rule(new Rule.Match("*", null), "crm-packs",
                "crm-packs-default", null, "tier1", null));
        assertThat(notesOn(r, "group:default/crm-packs")).anySatisfy(m -> assertThat(m).contains("confirm"));
    }

    @Test
    void tiesKeepTheFirstAndNoteTheOthers() {
        Result r = yaml("ties.yaml");
        OwnershipDocument doc = r.document();
        assertThat(doc.rules()).extracting(Rule::match).containsExactly(
                new Rule.Match("salesforce", "salesforce-pipeline"),
                new Rule.Match("salesforce", null),
                new Rule.Match("*", null));
        assertThat(rule(doc, "salesforce", "salesforce-pipeline").team()).isEqualTo("crm-packs");
        assertThat(rule(doc, "salesforce", "salesforce-pipeline").supportQueue()).isEqualTo("tier2-crm");
        assertThat(rule(doc, "salesforce", null).team()).as("from salesforce-connector, the first plain salesforce")
                .isEqualTo("crm-packs");
        assertThat(notesOn(r, "component:default/salesforce-pipeline-v2")).anySatisfy(m -> assertThat(m)
                .contains("same match as component:default/salesforce-pipeline", "team crm-packs", "first one was kept"));
        assertThat(notesOn(r, "api:default/salesforce-sync-api")).anySatisfy(m -> assertThat(m)
                .contains("same match as component:default/salesforce-connector"));
    }

    @Test
    void namesAreSluggedAndClashesResolvedWithNotes() {
        Result r = yaml("odd-names.yaml");
        OwnershipDocument doc = r.document();
        assertThat(doc.teams()).extracting(Team::id).containsExactly("billing-team", "billing-team-2", "emea-billing-team");
        assertThat(notesOn(r, "group:default/Billing_Team")).anySatisfy(m -> assertThat(m)
                .contains("team id billing-team was made from the name 'Billing_Team'"));
        assertThat(notesOn(r, "group:default/billing.team")).anySatisfy(m -> assertThat(m)
                .contains("billing-team-2", "already the id of group:default/Billing_Team"));
        assertThat(notesOn(r, "group:emea/billing-team")).anySatisfy(m -> assertThat(m).contains("emea-billing-team"));

        assertThat(doc.people()).extracting(Person::id, Person::team).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ana-ruiz", "billing-team"),
                org.assertj.core.groups.Tuple.tuple("guest", "billing-team-2"),
                org.assertj.core.groups.Tuple.tuple("emea-guest", "emea-billing-team"));

        assertThat(doc.rules()).extracting(Rule::match).containsExactly(
                new Rule.Match("google_ads", "google-ads-performance"),
                new Rule.Match("facebook-ads", null),
                new Rule.Match("*", null));
        assertThat(doc.rules()).allSatisfy(rule -> assertThat(rule.team()).isEqualTo("emea-billing-team"));
        assertThat(notesOn(r, "component:default/Google Ads Pack")).anySatisfy(m -> assertThat(m)
                .contains("pack 'Google Ads Performance' was written as the slug google-ads-performance"));
        assertThat(notesOn(r, "component:emea/facebook-ads")).anySatisfy(m -> assertThat(m)
                .contains("connector 'Facebook Ads' was written as the slug facebook-ads"));
    }

    @Test
    void entityReferencesInEveryFormResolve() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: { name: billing }
                spec: { type: team, children: [] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: a }
                spec: { memberOf: [billing] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: b }
                spec: { memberOf: [group:billing] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: c }
                spec: { memberOf: ["group:default/billing"] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: d }
                spec: { memberOf: ["GROUP:Default/BILLING"] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: e }
                spec: { memberOf: ["default/billing"] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: x1, annotations: { packops.io/connector: one } }
                spec: { owner: billing }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: x2, annotations: { packops.io/connector: two } }
                spec: { owner: "group:billing" }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: x3, annotations: { packops.io/connector: three } }
                spec: { owner: "group:default/billing" }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: x4, annotations: { packops.io/connector: four } }
                spec: { owner: "user:default/a" }
                """;
        OwnershipDocument doc = importer.importCatalog(catalog, Format.YAML).document();
        assertThat(doc.teams()).extracting(Team::id).containsExactly("billing");
        assertThat(doc.people()).extracting(Person::team).containsOnly("billing").hasSize(5);
        assertThat(doc.rules()).extracting(Rule::team).containsOnly("billing").hasSize(5);
    }

    @Test
    void anExistingEnvironmentReferenceIsKeptAndTheApiShapeIsRead() {
        Result r = importer.importCatalog(BackstageCatalogs.text("catalog-api-response.json"), Format.JSON);
        OwnershipDocument doc = r.document();
        assertThat(doc.team("billing-packs").orElseThrow().pagerduty().routingKey()).isEqualTo("${PD_STRIPE_OPS}");
        assertThat(doc.people()).singleElement().satisfies(p -> {
            assertThat(p.team()).as("from the memberOf relation").isEqualTo("billing-packs");
            assertThat(p.timezone()).isEqualTo("Europe/Madrid");
        });
        assertThat(doc.rules()).extracting(Rule::match).containsExactly(new Rule.Match("stripe", "stripe-revenue"),
                new Rule.Match("*", null));
        assertThat(r.notes()).anySatisfy(n -> assertThat(n.message()).contains("1 Template"));
    }

    @Test
    void threeInputShapesGiveTheSameDocument() {
        Result yaml = yaml("catalog-info.yaml");
        Result array = importer.importCatalog(BackstageCatalogs.asJsonArray("catalog-info.yaml"), Format.JSON);
        Result api = importer.importCatalog(BackstageCatalogs.asApiResponse("catalog-info.yaml"), Format.JSON);
        Result apiAsYaml = importer.importCatalog(BackstageCatalogs.asApiResponse("catalog-info.yaml"), Format.YAML);
        assertThat(array.document()).isEqualTo(yaml.document());
        assertThat(api.document()).isEqualTo(yaml.document());
        assertThat(apiAsYaml.document()).isEqualTo(yaml.document());
        assertThat(array.notes()).isEqualTo(yaml.notes());
    }

    @Test
    void onlyOrganisationalGroupsIsNothingToImport() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: { name: acme-corp }
                spec: { type: organization, children: [] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: { name: example-groups }
                spec: { targets: [./team-a-group.yaml] }
                """;
        assertThatThrownBy(() -> importer.importCatalog(catalog, Format.YAML))
                .isInstanceOfSatisfying(CatalogRejected.class, e -> {
                    assertThat(new BackstageProblems().rejected(e).getStatus()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("nothing to import");
                    assertThat(e.violations()).anySatisfy(f -> assertThat(f.message()).contains("Group: 1", "Location: 1"));
                });
    }

    @Test
    void aSecondDifferentKeyForTheSameTeamIsNotedNotUsed() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: one, annotations: { packops.io/connector: one, pagerduty.com/integration-key: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1 } }
                spec: { owner: core }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: two, annotations: { packops.io/connector: two, pagerduty.com/integration-key: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2 } }
                spec: { owner: core }
                """;
        Result r = importer.importCatalog(catalog, Format.YAML);
        assertThat(r.document().team("core").orElseThrow().pagerduty().routingKey()).isEqualTo("${PD_CORE}");
        assertThat(notesOn(r, "component:default/two")).anySatisfy(m -> assertThat(m)
                .contains("differs from the one of component:default/one").doesNotContain("aaaaaaaa"));
    }

    @Test
    void aMemberOfAGroupKnownOnlyAsAnOwnerJoinsThatTeam() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: { name: ana, annotations: { packops.io/timezone: Europe/Madrid } }
                spec: { memberOf: [billing] }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: stripe-revenue, annotations: { packops.io/connector: stripe } }
                spec: { type: dashboard-pack, owner: group:default/billing }
                """;
        OwnershipDocument doc = importer.importCatalog(catalog, Format.YAML).document();
        assertThat(doc.people()).singleElement().extracting(Person::team).isEqualTo("billing");
    }

    @Test
    void severalConnectorsInOneAnnotationMakeOneRuleEach() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata: { name: crm-connectors, annotations: { packops.io/connector: "salesforce, hubspot,salesforce" } }
                spec: { owner: crm }
                """;
        OwnershipDocument doc = importer.importCatalog(catalog, Format.YAML).document();
        assertThat(doc.rules()).extracting(Rule::match).containsExactly(new Rule.Match("salesforce", null),
                new Rule.Match("hubspot", null), new Rule.Match("*", null));
    }

    @Test
    void onlyHttpsUrlsAndRunbooksPathsAreRunbooks() {
        String catalog = """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: stripe-revenue
                  annotations: { packops.io/connector: stripe, packops.io/runbook: "http://wiki.example.com/stripe" }
                  links:
                    - { url: "docs/runbook.md", title: Runbook }
                    - { url: "https://wiki.example.com/stripe", title: On-call playbook }
                spec: { owner: billing }
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: stripe-legacy
                  annotations: { packops.io/connector: stripe-legacy }
                  links: [ { url: "/runbooks/stripe/legacy.md", type: runbook } ]
                spec: { owner: billing }
                """;
        Result r = importer.importCatalog(catalog, Format.YAML);
        assertThat(rule(r.document(), "stripe", null).runbook()).isEqualTo("https://wiki.example.com/stripe");
        assertThat(rule(r.document(), "stripe-legacy", null).runbook()).isEqualTo("runbooks/stripe/legacy.md");
        assertThat(notesOn(r, "component:default/stripe-revenue"))
                .anySatisfy(m -> assertThat(m).contains("http://wiki.example.com/stripe", "neither an https URL"))
                .anySatisfy(m -> assertThat(m).contains("docs/runbook.md", "neither an https URL"));
    }
}
