package io.packops.ownership.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Escalation levels in order. {@code repeat} is how many more times the whole chain runs after the last
 * level when nobody acknowledges (0 = once), as in PagerDuty's {@code num_loops}.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EscalationPolicy(String id, String name, List<Level> levels, int repeat) {

    public EscalationPolicy {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /** One level: reached {@code afterMinutes} after the alert fired (not after the previous level); strictly increasing. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Level(int afterMinutes, List<Target> targets) {
        public Level {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    /** Exactly one of {@code person}, {@code schedule}, {@code team} is set. */
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
