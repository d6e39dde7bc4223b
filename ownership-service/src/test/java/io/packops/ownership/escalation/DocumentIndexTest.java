package io.packops.ownership.escalation;

import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.lookup.RuleMatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-document index answers exactly as the linear scans it replaces on the lookup path. */
class DocumentIndexTest {

    static final String[] CONNECTORS = {"stripe", "salesforce", "hubspot", "*"};
    static final String[] PACKS = {"stripe-revenue", "shared-kpis", "churn", "funnel"};

    static IntStream seeds() {
        return IntStream.range(0, 200);
    }

    /**
     * Random rule sets (duplicate matches included, which the validator would reject, and rules in any order)
     * against every connector/pack question, unknown ones and absent ones included: same rule as RuleMatcher,
     * the same instance when several match equally well.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ruleIsRuleMatcher(int seed) {
        Random r = new Random(seed);
        List<Rule> rules = new ArrayList<>();
        int n = r.nextInt(14);
        for (int i = 0; i < n; i++) {
            String connector = CONNECTORS[r.nextInt(CONNECTORS.length)];
            String pack = r.nextInt(3) == 0 ? null : PACKS[r.nextInt(PACKS.length)];
            rules.add(new Rule(new Rule.Match(connector, pack), "team-" + i, "p", null, "q", null));
        }
        OwnershipDocument doc = new OwnershipDocument(null, null, null, null, rules);
        DocumentIndex index = DocumentIndex.of(doc);
        List<String> connectors = new ArrayList<>(List.of(CONNECTORS));
        connectors.add("zendesk");
        connectors.add(null);
        List<String> packs = new ArrayList<>(List.of(PACKS));
        packs.add("unknown-pack");
        packs.add(null);
        for (String connector : connectors) {
            for (String pack : packs) {
                assertThat(index.rule(connector, pack).orElse(null)).as("seed %d: %s %s/%s", seed, rules, connector, pack)
                        .isSameAs(RuleMatcher.match(rules, connector, pack).orElse(null));
            }
        }
    }

    @Test
    void idsTeamsAndCatchAllAreTheDocumentsFirstOnes() {
        Team billing = new Team("billing", "Billing", null, null, null, null, null);
        Team billingAgain = new Team("billing", "Billing again", null, null, null, null, null);
        Person ana = new Person("ana", "Ana", null, "billing", null, null);
        Person bo = new Person("bo", "Bo", null, "billing", null, null);
        Person eli = new Person("eli", "Eli", null, null, null, null);
        Schedule primary = new Schedule("primary", null, "billing", "UTC", List.of(), List.of());
        Schedule secondary = new Schedule("secondary", null, "billing", "UTC", List.of(), List.of());
        EscalationPolicy policy = new EscalationPolicy("default", null, List.of(), 0);
        List<Rule> rules = List.of(
                new Rule(new Rule.Match("stripe", null), "billing", "other", null, "q", null),
                new Rule(new Rule.Match("*", null), "billing", null, null, "q", null),
                new Rule(new Rule.Match("*", null), "billing", "default", null, "q", null));
        OwnershipDocument doc = new OwnershipDocument(List.of(billing, billingAgain), List.of(ana, bo, eli),
                List.of(primary, secondary), List.of(policy), rules);

        DocumentIndex index = DocumentIndex.of(doc);

        assertThat(DocumentIndex.of(doc)).isSameAs(index);
        assertThat(index.team("billing")).containsSame(billing).isEqualTo(doc.team("billing"));
        assertThat(index.person("bo")).containsSame(bo);
        assertThat(index.person("nobody")).isEmpty();
        assertThat(index.policy("default")).containsSame(policy);
        assertThat(index.schedule("secondary").orElseThrow().schedule()).isSameAs(secondary);
        assertThat(index.teamSchedules("billing")).containsExactly(primary, secondary);
        assertThat(index.teamSchedules("other")).isEmpty();
        assertThat(index.teamMembers("billing")).containsExactly(ana, bo);
        // as EscalationResolver always did: the first "*" rule that names a policy
        assertThat(index.catchAllPolicy()).contains("default");
        assertThat(index.rule("zendesk", null)).containsSame(rules.get(1));
    }

    @Test
    void anEqualDocumentThatIsAnotherInstanceGetsItsOwnIndex() {
        OwnershipDocument a = new OwnershipDocument(null, null, null, null, null);
        OwnershipDocument b = new OwnershipDocument(null, null, null, null, null);
        assertThat(a).isEqualTo(b);
        assertThat(DocumentIndex.of(a).document()).isSameAs(a);
        assertThat(DocumentIndex.of(b).document()).isSameAs(b);
    }
}
