package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Escalation levels in order. {@code repeat} is how many more times the whole chain runs after the last
 * level when nobody acknowledges (0 = once), as in PagerDuty's {@code num_loops}.
 * <p>
 * Targets are resolved when the alert fires ({@code EscalationResolver}): a level whose targets all resolve to
 * nobody (an empty slot) is skipped at once instead of waiting out its delay, and a policy that resolves to
 * nobody at all falls back to the policy of the {@code "*"} rule.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationPolicy(String id, String name, List<Level> levels, int repeat) {

    public EscalationPolicy {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /**
     * One level, paged {@code afterMinutes} after the alert fires (the first level usually 0; strictly increasing
     * along the policy). That is the configured time: when earlier levels are skipped as empty, later levels
     * are paged earlier, by the skipped levels' waits.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Level(int afterMinutes, List<Target> targets) {
        public Level {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    /**
     * Exactly one of {@code person}, {@code schedule}, {@code team} is set. A person is always reachable; a
     * schedule resolves to whoever is on call in it; a team to whoever is on call in the schedules whose
     * {@code team} is that team or, when the team has no schedule, to every person of the team.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String person, String schedule, String team) {

        public static Target person(String id) {
            return new Target(id, null, null);
        }

        public static Target schedule(String id) {
            return new Target(null, id, null);
        }

        public static Target team(String id) {
            return new Target(null, null, id);
        }
    }
}
