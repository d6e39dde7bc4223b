package io.packops.ownership.escalation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.packops.ownership.document.model.EscalationPolicy.Target;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.escalation.EscalationChain.Level;
import io.packops.ownership.escalation.EscalationChain.Responder;
import io.packops.ownership.oncall.CoverageGap;
import io.packops.ownership.oncall.OnCallResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Escalation chains resolved at the instant an alert fires: see {@code oncall/escalation.yaml}. */
class EscalationResolverTest {

    static final Instant DAY = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant NIGHT = Instant.parse("2026-11-25T23:00:00Z");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());

    static OwnershipDocument doc;
    static OwnershipDocument designSample;

    final EscalationResolver resolver = new EscalationResolver(new OnCallResolver());

    @BeforeAll
    static void read() throws Exception {
        doc = read("/oncall/escalation.yaml");
        designSample = read("/ownership/design-sample.yaml");
    }

    static OwnershipDocument read(String resource) throws Exception {
        try (InputStream in = EscalationResolverTest.class.getResourceAsStream(resource)) {
            return YAML.readValue(in, OwnershipDocument.class);
        }
    }

    static Instant utc(String s) {
        return Instant.parse(s);
    }

    /** The same document with the {@code "*"} rule paging {@code policy} instead (or no {@code "*"} rule at all). */
    static OwnershipDocument withCatchAll(String policy) {
        List<Rule> rules = doc.rules().stream()
                .filter(r -> !r.match().isCatchAll())
                .toList();
        if (policy != null) {
            rules = new ArrayList<>(rules);
            rules.add(new Rule(new Rule.Match("*", null), "packs-core", policy, null, null, null));
        }
        return new OwnershipDocument(doc.teams(), doc.people(), doc.schedules(), doc.escalationPolicies(), rules);
    }

    // --- levels -----------------------------------------------------------------------------------------------

    @Test
    void levelsResolveToWhoIsOnCallWithUntilAndVia() {
        EscalationChain chain = resolver.resolve(doc, "billing-default", DAY);

        assertThat(chain.policyId()).isEqualTo("billing-default");
        assertThat(chain.at()).isEqualTo(DAY);
        assertThat(chain.repeat()).isEqualTo(1);
        assertThat(chain.fallbackFrom()).isNull();
        assertThat(chain.note()).isNull();
        assertThat(chain.levels()).extracting(Level::level, Level::afterMinutes, Level::effectiveMinutes, Level::skipped)
                .containsExactly(tuple(1, 0, 0, false),
                        tuple(2, 15, 15, false));
        assertThat(chain.levels().get(0).responders())
                .containsExactly(new Responder("ana", utc("2026-11-30T08:00:00Z"), "billing-primary"));
        assertThat(chain.levels().get(0).targets().get(0).target()).isEqualTo(Target.schedule("billing-primary"));
        assertThat(chain.levels().get(1).responders()).containsExactly(new Responder("dana", null, null));
        assertThat(chain.levels()).allSatisfy(l -> assertThat(l.note()).isNull());
    }

    @Test
    void designSampleBusinessHoursLayerIsPagedFirstDuringTheDay() {
        EscalationChain chain = resolver.resolve(designSample, "billing-default", DAY);

        assertThat(chain.levels().get(0).responders())
                .containsExactly(new Responder("dana", utc("2026-11-25T17:00:00Z"), "billing-primary"));
        assertThat(resolver.resolve(designSample, "billing-default", NIGHT).levels().get(0).responders())
                .containsExactly(new Responder("ana", utc("2026-11-26T08:00:00Z"), "billing-primary"));
    }

    @Test
    void emptyLevelIsSkippedAtOnceAndLaterLevelsMoveEarlier() {
        EscalationChain day = resolver.resolve(doc, "night-first", DAY);

        assertThat(day.levels()).extracting(Level::afterMinutes).containsExactly(0, 10, 25);
        assertThat(day.levels()).extracting(Level::effectiveMinutes).containsExactly(0, 0, 15);
        assertThat(day.levels()).extracting(Level::skipped).containsExactly(true, false, false);
        assertThat(day.levels().get(0).responders()).isEmpty();
        assertThat(day.levels().get(0).note()).contains("nobody on call in schedule night-only", "skipped");
        assertThat(day.levels().get(0).targets().get(0).note()).isEqualTo("nobody on call in schedule night-only");
        assertThat(day.levels().get(1).responders()).extracting(Responder::person).containsExactly("ana");
        assertThat(day.firstResponders().level()).isEqualTo(2);
        assertThat(day.repeat()).isEqualTo(2);
        assertThat(day.fallbackFrom()).isNull();
    }

    @Test
    void levelsThatAllResolveServeEveryConfiguredWait() {
        EscalationChain night = resolver.resolve(doc, "night-first", NIGHT);

        assertThat(night.levels()).extracting(Level::effectiveMinutes).containsExactly(0, 10, 25);
        assertThat(night.levels()).noneMatch(Level::skipped);
        assertThat(night.levels().get(0).responders())
                .containsExactly(new Responder("ivo", utc("2026-11-26T05:00:00Z"), "night-only"));
    }

    @Test
    void consecutiveEmptyLevelsAreAllSkippedWithoutWaiting() {
        EscalationChain chain = resolver.resolve(doc, "empty-then-person", DAY);

        assertThat(chain.levels()).extracting(Level::skipped).containsExactly(true, true, false);
        assertThat(chain.levels()).extracting(Level::effectiveMinutes).containsExactly(5, 5, 5);
        assertThat(chain.levels().get(1).note()).contains("team empty-team has no schedule and no members");
        assertThat(chain.firstResponders().responders()).containsExactly(new Responder("dana", null, null));
    }

    @Test
    void levelWithOneEmptyTargetStillPagesItsOtherTargets() {
        EscalationChain chain = resolver.resolve(doc, "mixed-level", DAY);

        Level level = chain.levels().get(0);
        assertThat(level.skipped()).isFalse();
        assertThat(level.note()).isNull();
        assertThat(level.targets()).hasSize(3);
        assertThat(level.targets().get(0).responders()).isEmpty();
        assertThat(level.targets().get(0).note()).isNotNull();
        assertThat(level.responders()).extracting(Responder::person).containsExactly("dana", "ana");
    }

    // --- team targets -----------------------------------------------------------------------------------------

    @Test
    void teamWithoutScheduleResolvesToEveryMember() {
        Level first = resolver.resolve(doc, "teams", DAY).levels().get(0);

        assertThat(first.responders()).containsExactly(new Responder("gus", null, "data-eng"),
                new Responder("hana", null, "data-eng"));
    }

    @Test
    void teamWithScheduleResolvesToWhoIsOnCallInIt() {
        EscalationChain chain = resolver.resolve(doc, "teams", DAY);

        assertThat(chain.levels().get(1).responders())
                .containsExactly(new Responder("fay", utc("2026-11-25T18:00:00Z"), "core-primary"));
        assertThat(resolver.resolve(doc, "teams", NIGHT).levels().get(1).responders())
                .containsExactly(new Responder("eli", utc("2026-11-26T18:00:00Z"), "core-primary"));
    }

    @Test
    void teamWhoseSchedulesHaveNobodyIsSkippedEvenWithMembers() {
        EscalationChain chain = resolver.resolve(doc, "teams", DAY);

        Level third = chain.levels().get(2);
        assertThat(third.skipped()).isTrue();
        assertThat(third.note()).contains("nobody on call in team night-team's schedules night-only");
        assertThat(third.effectiveMinutes()).isEqualTo(45);
    }

    // --- fallback ---------------------------------------------------------------------------------------------

    @Test
    void policyReachingNobodyFallsBackToTheCatchAllRulesPolicy() {
        EscalationChain chain = resolver.resolve(doc, "nights-only", DAY);

        assertThat(chain.policyId()).isEqualTo("core-default");
        assertThat(chain.fallbackFrom()).isEqualTo("nights-only");
        assertThat(chain.note()).contains("nights-only reaches nobody", "fell back to policy core-default");
        assertThat(chain.repeat()).isZero();
        assertThat(chain.levels().get(0).responders())
                .containsExactly(new Responder("fay", utc("2026-11-25T18:00:00Z"), "core-primary"));
        assertThat(chain.reachesAnyone()).isTrue();
    }

    @Test
    void policyThatReachesSomebodyAtNightDoesNotFallBack() {
        EscalationChain chain = resolver.resolve(doc, "nights-only", NIGHT);

        assertThat(chain.policyId()).isEqualTo("nights-only");
        assertThat(chain.fallbackFrom()).isNull();
        assertThat(chain.levels().get(1).responders())
                .containsExactly(new Responder("ivo", utc("2026-11-26T05:00:00Z"), "night-only"));
    }

    @Test
    void unknownPolicyFallsBackWithANote() {
        EscalationChain chain = resolver.resolve(doc, "no-such-policy", DAY);

        assertThat(chain.policyId()).isEqualTo("core-default");
        assertThat(chain.fallbackFrom()).isEqualTo("no-such-policy");
        assertThat(chain.note()).contains("policy no-such-policy does not exist");
    }

    @Test
    void chainIsEmptyWithANoteWhenTheFallbackReachesNobodyEither() {
        EscalationChain chain = resolver.resolve(withCatchAll("night-backup"), "nights-only", DAY);

        assertThat(chain.levels()).isEmpty();
        assertThat(chain.reachesAnyone()).isFalse();
        assertThat(chain.firstResponders()).isNull();
        assertThat(chain.policyId()).isEqualTo("night-backup");
        assertThat(chain.fallbackFrom()).isEqualTo("nights-only");
        assertThat(chain.note()).contains("nights-only reaches nobody", "night-backup reaches nobody either",
                "nobody can be paged");
    }

    @Test
    void catchAllPolicyReachingNobodyHasNothingToFallBackTo() {
        EscalationChain chain = resolver.resolve(withCatchAll("hollow"), "hollow", DAY);

        assertThat(chain.levels()).isEmpty();
        assertThat(chain.policyId()).isEqualTo("hollow");
        assertThat(chain.fallbackFrom()).isNull();
        assertThat(chain.note()).contains("hollow reaches nobody", "nothing to fall back to");
    }

    @Test
    void documentWithoutCatchAllRuleNeverThrows() {
        EscalationChain chain = resolver.resolve(withCatchAll(null), "hollow", DAY);

        assertThat(chain.levels()).isEmpty();
        assertThat(chain.note()).contains("no \"*\" rule");
        assertThat(resolver.resolve(withCatchAll(null), "no-such-policy", DAY).note()).contains("does not exist");
    }

    // --- reach (readiness) ------------------------------------------------------------------------------------

    @Test
    void policyWithADirectPersonIsAlwaysReachable() {
        PolicyReach reach = resolver.reach(doc, "night-first", DAY, DAY.plus(Duration.ofDays(14)));

        assertThat(reach).isEqualTo(new PolicyReach("night-first", true, true, List.of()));
    }

    @Test
    void teamWithoutScheduleButWithMembersIsAlwaysReachable() {
        assertThat(resolver.reach(doc, "teams", DAY, DAY.plus(Duration.ofDays(14))).alwaysReachable()).isTrue();
    }

    @Test
    void nightOnlyPolicyIsUnreachableExactlyDuringTheDay() {
        PolicyReach reach = resolver.reach(doc, "nights-only", utc("2026-11-25T00:00:00Z"), utc("2026-11-27T00:00:00Z"));

        assertThat(reach.everReachable()).isTrue();
        assertThat(reach.alwaysReachable()).isFalse();
        assertThat(reach.unreachable()).containsExactly(
                new CoverageGap(utc("2026-11-25T05:00:00Z"), utc("2026-11-25T21:00:00Z")),
                new CoverageGap(utc("2026-11-26T05:00:00Z"), utc("2026-11-26T21:00:00Z")));
    }

    @Test
    void reachAgreesWithResolveAtEveryInstant() {
        Instant from = utc("2026-11-24T00:00:00Z");
        Instant to = utc("2026-11-28T00:00:00Z");
        for (String policy : List.of("nights-only", "night-first", "teams", "hollow", "core-default")) {
            PolicyReach reach = resolver.reach(doc, policy, from, to);
            for (Instant at = from; at.isBefore(to); at = at.plus(Duration.ofMinutes(20))) {
                Instant t = at;
                boolean inGap = reach.unreachable().stream().anyMatch(g -> !t.isBefore(g.start()) && t.isBefore(g.end()));
                EscalationChain chain = resolver.resolve(doc, policy, t);
                boolean reachedItself = chain.fallbackFrom() == null && chain.reachesAnyone();
                assertThat(reachedItself).as(policy + " at " + t).isEqualTo(!inGap);
            }
        }
    }

    @Test
    void policyThatCanReachNobodyIsNeverReachable() {
        Instant from = DAY;
        Instant to = DAY.plus(Duration.ofDays(14));

        assertThat(resolver.reach(doc, "hollow", from, to))
                .isEqualTo(new PolicyReach("hollow", false, false, List.of(new CoverageGap(from, to))));
        assertThat(resolver.reach(doc, "no-such-policy", from, to).everReachable()).isFalse();
    }

    @Test
    void scheduleCoverageStartingInsideTheHorizonLeavesTheTimeBeforeUnreachable() {
        PolicyReach reach = resolver.reach(doc, "core-default", utc("2026-10-31T00:00:00Z"), utc("2026-11-14T00:00:00Z"));

        // core-primary starts 2026-11-01 10:00 in Los Angeles (PST since 02:00 that day) = 18:00Z
        assertThat(reach.unreachable())
                .containsExactly(new CoverageGap(utc("2026-10-31T00:00:00Z"), utc("2026-11-01T18:00:00Z")));
        assertThat(reach.everReachable()).isTrue();
    }
}
