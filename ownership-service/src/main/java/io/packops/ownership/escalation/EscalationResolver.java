package io.packops.ownership.escalation;

import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.escalation.EscalationChain.Level;
import io.packops.ownership.escalation.EscalationChain.Responder;
import io.packops.ownership.escalation.EscalationChain.TargetOnCall;
import io.packops.ownership.oncall.CoverageGap;
import io.packops.ownership.oncall.Intervals;
import io.packops.ownership.oncall.OnCallResolver;
import io.packops.ownership.oncall.Shift;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an escalation policy at the instant an alert fires.
 * <ul>
 *   <li>Targets: a person is always reachable; a schedule gives whoever is on call in it; a team gives whoever
 *       is on call in the schedules whose {@code team} is that team or, when the team has no schedule, every
 *       person of the team.</li>
 *   <li>A level that resolves to nobody is skipped at once: its wait is not served, so the next level is paged
 *       when the skipped one would have been ({@code effective_1 = afterMinutes_1}, {@code effective_i =
 *       effective_(i-1) + (level i-1 skipped ? 0 : afterMinutes_i - afterMinutes_(i-1))}).</li>
 *   <li>A policy that reaches nobody at all (or does not exist) falls back to the policy of the {@code "*"}
 *       rule; when that reaches nobody either the chain is empty with a note. It never throws.</li>
 * </ul>
 * Pure: no clock, no database; the caller passes the document and the instant. What it derives from a document
 * (ids to policies and schedules, each team's schedules, the schedules' prepared tracks) comes from the
 * document's {@link DocumentIndex}, built once per document.
 */
@ApplicationScoped
public class EscalationResolver {

    private final OnCallResolver onCall;

    @Inject
    public EscalationResolver(OnCallResolver onCall) {
        this.onCall = onCall;
    }

    /** The chain of {@code policyId} for an alert firing at {@code at}, falling back to the {@code "*"} policy. */
    public EscalationChain resolve(OwnershipDocument doc, String policyId, Instant at) {
        DocumentIndex index = DocumentIndex.of(doc);
        Optional<EscalationPolicy> policy = index.policy(policyId);
        EscalationChain chain = policy.map(p -> resolvePolicy(index, p, at)).orElse(null);
        if (chain != null && chain.reachesAnyone()) {
            return chain;
        }
        String why = policy.isEmpty() ? "policy " + policyId + " does not exist"
                : "policy " + policyId + " reaches nobody at " + at;
        Optional<String> fallbackId = index.catchAllPolicy();
        if (fallbackId.isEmpty() || fallbackId.get().equals(policyId)) {
            String tail = fallbackId.isEmpty() ? "; there is no \"*\" rule to fall back to"
                    : "; it is the \"*\" rule's policy, there is nothing to fall back to";
            return new EscalationChain(policyId, at, List.of(), policy.map(EscalationPolicy::repeat).orElse(0), null,
                    why + tail);
        }
        Optional<EscalationPolicy> fallback = index.policy(fallbackId.get());
        EscalationChain fb = fallback.map(p -> resolvePolicy(index, p, at)).orElse(null);
        if (fb != null && fb.reachesAnyone()) {
            return new EscalationChain(fb.policyId(), at, fb.levels(), fb.repeat(), policyId,
                    why + "; fell back to policy " + fb.policyId() + " of the \"*\" rule");
        }
        String fbWhy = fallback.isEmpty() ? "the \"*\" rule's policy " + fallbackId.get() + " does not exist"
                : "the \"*\" rule's policy " + fallbackId.get() + " reaches nobody either";
        return new EscalationChain(fallbackId.get(), at, List.of(), fallback.map(EscalationPolicy::repeat).orElse(0),
                policyId, why + "; " + fbWhy + ": nobody can be paged");
    }

    /**
     * Whether {@code policyId} on its own (no {@code "*"} fallback) reaches somebody when an alert fires at any
     * instant of {@code [from, to)}: always, when a level has a direct person target or a team target without
     * schedules but with members; otherwise exactly when one of the schedules it names (directly or through a
     * team) has somebody on call. Agrees with {@link #resolve}: an alert at {@code at} reaches somebody through
     * the policy itself iff {@code at} is in no {@code unreachable} stretch. An unknown policy reaches nobody.
     */
    public PolicyReach reach(OwnershipDocument doc, String policyId, Instant from, Instant to) {
        Optional<EscalationPolicy> policy = doc.policy(policyId);
        if (policy.isEmpty() || !from.isBefore(to)) {
            List<CoverageGap> all = from.isBefore(to) ? List.of(new CoverageGap(from, to)) : List.of();
            return new PolicyReach(policyId, false, all.isEmpty(), all);
        }
        List<Schedule> schedules = new ArrayList<>();
        for (EscalationPolicy.Level level : policy.get().levels()) {
            for (EscalationPolicy.Target target : level.targets()) {
                if (target.person() != null) {
                    return new PolicyReach(policyId, true, true, List.of());
                }
                if (target.schedule() != null) {
                    doc.schedule(target.schedule()).ifPresent(schedules::add);
                } else if (target.team() != null) {
                    DocumentIndex index = DocumentIndex.of(doc);
                    List<Schedule> teamSchedules = index.teamSchedules(target.team());
                    if (teamSchedules.isEmpty() && !index.teamMembers(target.team()).isEmpty()) {
                        return new PolicyReach(policyId, true, true, List.of());
                    }
                    schedules.addAll(teamSchedules);
                }
            }
        }
        List<CoverageGap> covered = new ArrayList<>();
        for (Schedule s : schedules) {
            for (Shift shift : onCall.shifts(s, from, to)) {
                covered.add(new CoverageGap(shift.start(), shift.end()));
            }
        }
        List<CoverageGap> gaps = Intervals.complement(covered, from, to);
        boolean never = gaps.size() == 1 && gaps.get(0).start().equals(from) && gaps.get(0).end().equals(to);
        return new PolicyReach(policyId, !never, gaps.isEmpty(), gaps);
    }

    private EscalationChain resolvePolicy(DocumentIndex doc, EscalationPolicy policy, Instant at) {
        List<Level> levels = new ArrayList<>();
        int effective = 0;
        for (int i = 0; i < policy.levels().size(); i++) {
            EscalationPolicy.Level level = policy.levels().get(i);
            if (i == 0) {
                effective = level.afterMinutes();
            } else if (!levels.get(i - 1).skipped()) {
                effective += level.afterMinutes() - policy.levels().get(i - 1).afterMinutes();
            }
            List<TargetOnCall> targets = new ArrayList<>(level.targets().size());
            boolean skipped = true;
            for (EscalationPolicy.Target t : level.targets()) {
                TargetOnCall resolved = resolveTarget(doc, t, at);
                targets.add(resolved);
                skipped &= resolved.responders().isEmpty();
            }
            String note = null;
            if (skipped) {
                List<String> why = targets.stream().map(TargetOnCall::note).toList();
                note = (why.isEmpty() ? "level has no targets" : String.join("; ", why)) + ": skipped at once";
            }
            levels.add(new Level(i + 1, level.afterMinutes(), effective, targets, skipped, note));
        }
        return new EscalationChain(policy.id(), at, levels, policy.repeat(), null, null);
    }

    private TargetOnCall resolveTarget(DocumentIndex doc, EscalationPolicy.Target target, Instant at) {
        if (target.person() != null) {
            return new TargetOnCall(target, List.of(new Responder(target.person(), null, null)), null);
        }
        if (target.schedule() != null) {
            Optional<OnCallResolver.Prepared> schedule = doc.schedule(target.schedule());
            if (schedule.isEmpty()) {
                return new TargetOnCall(target, List.of(), "schedule " + target.schedule() + " does not exist");
            }
            List<Responder> r = schedule.get().onCall(at)
                    .map(s -> List.of(new Responder(s.person(), s.end(), target.schedule()))).orElse(List.of());
            return new TargetOnCall(target, r, r.isEmpty() ? "nobody on call in schedule " + target.schedule() : null);
        }
        if (target.team() != null) {
            String team = target.team();
            List<Schedule> schedules = doc.teamSchedules(team);
            List<Responder> out = new ArrayList<>();
            if (schedules.isEmpty()) {
                for (Person p : doc.teamMembers(team)) {
                    out.add(new Responder(p.id(), null, team));
                }
                return new TargetOnCall(target, out, out.isEmpty() ? "team " + team + " has no schedule and no members" : null);
            }
            for (Schedule s : schedules) {
                // the index prepares the first schedule of each id; a duplicate id (the validator rejects it) resolves afresh
                OnCallResolver.Prepared prepared = doc.schedule(s.id()).filter(p -> p.schedule() == s).orElse(null);
                Optional<Shift> shift = prepared != null ? prepared.onCall(at) : onCall.onCall(s, at);
                shift.filter(sh -> out.stream().noneMatch(r -> r.person().equals(sh.person())))
                        .ifPresent(sh -> out.add(new Responder(sh.person(), sh.end(), s.id())));
            }
            return new TargetOnCall(target, out, out.isEmpty() ? "nobody on call in team " + team + "'s schedules "
                    + String.join(", ", schedules.stream().map(Schedule::id).toList()) : null);
        }
        return new TargetOnCall(target, List.of(), "target names no person, schedule or team");
    }
}
