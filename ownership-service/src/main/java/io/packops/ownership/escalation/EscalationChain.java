package io.packops.ownership.escalation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.ownership.document.model.EscalationPolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An escalation policy resolved at the instant an alert fires: who each level pages and when.
 *
 * @param policyId     the policy whose levels these are (the {@code "*"} rule's policy after a fallback)
 * @param at           the instant the alert fires; every target is resolved at this instant
 * @param levels       the levels in order; empty when nobody at all can be reached
 * @param repeat       the policy's {@code repeat}: how many more times the chain runs after the last level
 * @param fallbackFrom the policy that was asked for, when it reached nobody and the {@code "*"} rule's policy
 *                     was used instead; null otherwise
 * @param note         why a fallback happened, or why the chain is empty; null when the policy worked as is
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationChain(String policyId, Instant at, List<Level> levels, int repeat, String fallbackFrom,
                              String note) {

    public EscalationChain {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /** True when at least one level pages somebody. */
    public boolean reachesAnyone() {
        return levels.stream().anyMatch(l -> !l.skipped());
    }

    /** The first level that pages somebody (the one paged when the alert fires), or null. */
    public Level firstResponders() {
        return levels.stream().filter(l -> !l.skipped()).findFirst().orElse(null);
    }

    /**
     * One level.
     *
     * @param level            1-based position in the policy
     * @param afterMinutes     as configured: minutes after the alert fires when no earlier level is skipped
     * @param effectiveMinutes minutes after the alert fires at which this level is actually paged (or skipped):
     *                         skipped levels do not serve their wait, so later levels move earlier
     * @param targets          each configured target with the people it resolved to
     * @param skipped          true when the level resolves to nobody; it is passed over at once
     * @param note             why the level is skipped; null when it is not
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Level(int level, int afterMinutes, int effectiveMinutes, List<TargetOnCall> targets, boolean skipped,
                        String note) {

        public Level {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }

        /** Everyone this level pages, each once (first target wins), in target order. */
        public List<Responder> responders() {
            Set<String> seen = new LinkedHashSet<>();
            List<Responder> out = new ArrayList<>();
            for (TargetOnCall t : targets) {
                for (Responder r : t.responders()) {
                    if (seen.add(r.person())) {
                        out.add(r);
                    }
                }
            }
            return out;
        }
    }

    /**
     * A configured target and who it resolved to at {@link EscalationChain#at()}.
     *
     * @param note why the target resolved to nobody; null when it resolved to someone
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetOnCall(EscalationPolicy.Target target, List<Responder> responders, String note) {

        public TargetOnCall {
            responders = responders == null ? List.of() : List.copyOf(responders);
        }
    }

    /**
     * A person a level pages.
     *
     * @param person person id
     * @param until  end of their current on-call stretch; null for a direct person target, a member of a team
     *               without schedules, or an on-call stretch with no scheduled end
     * @param via    the schedule they are on call in (schedule targets, and team targets through the team's
     *               schedules), the team id (member of a team without schedules), or null (direct person target)
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Responder(String person, Instant until, String via) {
    }
}
