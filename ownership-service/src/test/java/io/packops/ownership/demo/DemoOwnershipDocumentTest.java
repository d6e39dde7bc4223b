package io.packops.ownership.demo;

import io.packops.ownership.document.OwnershipFileLoader;
import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.escalation.EscalationChain;
import io.packops.ownership.escalation.EscalationResolver;
import io.packops.ownership.readiness.ReadinessChecker;
import io.packops.ownership.readiness.ReadinessGap;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo ownership document {@code ./packops up} loads (deploy/demo/ownership.yaml): valid, and every escalation
 * wakes somebody new — the drills show level 2 being paged, so level 2 must never be level 1's person again.
 */
@QuarkusTest
class DemoOwnershipDocumentTest {

    /** Surefire runs in the module directory. */
    static final Path DEMO = Path.of("../deploy/demo/ownership.yaml");
    /** When every demo layer has started (Mon 2 Nov 2026 09:00 London); half a year reaches past both DST changes of 2027. */
    static final Instant FROM = Instant.parse("2026-11-02T09:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofDays(182));

    @Inject
    OwnershipFileLoader loader;

    @Inject
    EscalationResolver escalation;

    @Inject
    ReadinessChecker readiness;

    OwnershipDocument demo;

    @BeforeEach
    void readTheDemo() throws IOException {
        demo = loader.validate(DEMO.toString(), Files.readString(DEMO));
    }

    @Test
    void everyPolicyIsPrimaryThenSecondaryThenLeadEachWakingSomebodyNew() {
        Set<String> policies = new LinkedHashSet<>(demo.rules().stream().map(Rule::escalation).toList());
        assertThat(policies).containsExactly("billing-default", "crm-default", "commerce-default", "support-default", "core-default");
        List<String> problems = new ArrayList<>();
        int instants = 0;
        for (Instant at = FROM; at.isBefore(TO); at = at.plus(Duration.ofMinutes(30)), instants++) {
            for (String policy : policies) {
                EscalationChain chain = escalation.resolve(demo, policy, at);
                List<EscalationChain.Level> levels = chain.levels();
                if (chain.fallbackFrom() != null || levels.size() != 3 || levels.stream().anyMatch(EscalationChain.Level::skipped)) {
                    problems.add(policy + " at " + at + ": " + chain);
                    continue;
                }
                Set<String> l1 = people(levels.get(0));
                Set<String> l2 = people(levels.get(1));
                Set<String> l3 = people(levels.get(2));
                Set<String> earlier = new HashSet<>(l1);
                earlier.addAll(l2);
                if (l1.size() != 1 || l2.size() != 1 || l1.equals(l2) || earlier.containsAll(l3)) {
                    problems.add(policy + " at " + at + ": level 1 " + l1 + ", level 2 " + l2 + ", level 3 " + l3);
                }
            }
        }
        assertThat(instants).isEqualTo(182 * 48);
        assertThat(problems).as("instants where an escalation wakes nobody new").isEmpty();
    }

    @Test
    void levelsAreZeroFifteenThirtyMinutesAndTheThirdIsTheTeamLead() {
        for (EscalationPolicy p : demo.escalationPolicies()) {
            assertThat(p.levels()).extracting(EscalationPolicy.Level::afterMinutes).as(p.id()).containsExactly(0, 15, 30);
            assertThat(p.repeat()).as(p.id()).isEqualTo(1);
            assertThat(p.levels().get(1).targets().get(0).schedule()).as(p.id()).endsWith("-secondary");
        }
        assertThat(demo.policy("billing-default").orElseThrow().levels().get(2).targets())
                .containsExactly(EscalationPolicy.Target.person("nora"));
        // Mon 7 Dec 2026 10:00 Madrid, chen's week: dana covers billing-primary's business hours, the secondary is bo
        // (last week's primary); after hours chen is primary and bo still secondary
        EscalationChain billing = escalation.resolve(demo, "billing-default", Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(billing.levels()).extracting(l -> people(l).iterator().next()).containsExactly("dana", "bo", "nora");
        EscalationChain night = escalation.resolve(demo, "billing-default", Instant.parse("2026-12-07T22:00:00Z"));
        assertThat(night.levels()).extracting(l -> people(l).iterator().next()).containsExactly("chen", "bo", "nora");
        // Fri 27 Nov: bo's override makes him primary in ana's week; the secondary that week is chen, not bo
        EscalationChain override = escalation.resolve(demo, "billing-default", Instant.parse("2026-11-27T20:00:00Z"));
        assertThat(override.levels()).extracting(l -> people(l).iterator().next()).containsExactly("bo", "chen", "nora");
    }

    @Test
    void readinessFindsNoEscalationOrCoverageGapAndNamesTheConnectorsOnlyTheCatchAllOwns() {
        List<ReadinessGap> gaps = readiness.check(demo, Instant.parse("2026-12-07T00:00:00Z"),
                Instant.parse("2026-12-07T00:00:00Z").plus(Duration.ofDays(90)), Set.of(), Set.of(), route -> true);

        assertThat(gaps).extracting(ReadinessGap::kind).as(gaps.toString())
                .doesNotContain("level-wakes-nobody-new", "schedule-coverage-hole", "policy-reaches-nobody",
                        "policy-reaches-nobody-at-times", "single-level-policy", "person-in-no-schedule");
        // the catalogue's connectors without a rule of their own are routed by "*" only: the report says so
        assertThat(gaps).filteredOn(g -> g.kind().equals("catch-all-owner")).extracting(ReadinessGap::subject)
                .containsExactlyInAnyOrder("connector:github", "connector:jira", "connector:google_ads");
        assertThat(demo.connectors()).containsExactly("stripe", "salesforce", "hubspot", "shopify", "zendesk", "github", "jira", "google_ads");
    }

    private static Set<String> people(EscalationChain.Level level) {
        Set<String> out = new LinkedHashSet<>();
        level.responders().forEach(r -> out.add(r.person()));
        return out;
    }
}
