package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.packops.ownership.document.validation.Checks.at;

/**
 * {@code escalationPolicies}: at least one level, {@code afterMinutes} strictly increasing (minutes since the alert
 * fired), each target exactly one existing person, schedule or team, {@code repeat} 0 to {@value #MAX_REPEAT}.
 */
final class PoliciesValidator implements SectionValidator {

    private static final List<String> POLICY_FIELDS = List.of("id", "name", "levels", "repeat");
    private static final List<String> LEVEL_FIELDS = List.of("afterMinutes", "targets");
    private static final List<String> TARGET_FIELDS = List.of("person", "schedule", "team");
    static final int MAX_REPEAT = 9;

    @Override
    public void validate(Checks c) {
        Map<String, String> seen = new HashMap<>();
        c.forEachObject(c.section("escalationPolicies"), "escalationPolicies", "an escalation policy", (policy, path) -> {
            c.fields(policy, path, POLICY_FIELDS);
            c.id(policy, path, seen);
            c.text(policy, path, "name", false);
            ArrayNode levels = c.list(policy, path, "levels", true);
            if (levels != null && levels.isEmpty()) {
                c.error(at(path, "levels"), "must have at least one level");
            }
            Integer[] previous = {null};
            c.forEachObject(levels, at(path, "levels"), "a level", (level, levelPath) -> {
                c.fields(level, levelPath, LEVEL_FIELDS);
                Integer after = c.integer(level, levelPath, "afterMinutes", true, 0, Integer.MAX_VALUE,
                        "must be a whole number of minutes since the alert fired, 0 or more");
                if (after != null && previous[0] != null && after <= previous[0]) {
                    c.error(at(levelPath, "afterMinutes"), "must be greater than the previous level's afterMinutes ("
                            + previous[0] + "): it counts minutes since the alert fired, so levels are strictly increasing");
                }
                if (after != null) {
                    previous[0] = after;
                }
                ArrayNode targets = c.list(level, levelPath, "targets", true);
                if (targets != null && targets.isEmpty()) {
                    c.error(at(levelPath, "targets"), "must have at least one target");
                }
                c.forEachObject(targets, at(levelPath, "targets"), "a target", (item, itemPath) -> target(c, item, itemPath));
            });
            c.integer(policy, path, "repeat", false, 0, MAX_REPEAT,
                    "must be a whole number from 0 to " + MAX_REPEAT + " (how many more times the chain runs after its last level)");
        });
    }

    private void target(Checks c, JsonNode target, String path) {
        c.fields(target, path, TARGET_FIELDS);
        List<String> set = TARGET_FIELDS.stream().filter(k -> target.hasNonNull(k)).toList();
        if (set.size() != 1) {
            c.error(path, "must name exactly one of person, schedule or team"
                    + (set.isEmpty() ? "" : " (has " + String.join(" and ", set) + ")"));
            return;
        }
        switch (set.get(0)) {
            case "person" -> c.reference(target, path, "person", true, c.people, "person");
            case "schedule" -> c.reference(target, path, "schedule", true, c.schedules, "schedule");
            default -> c.reference(target, path, "team", true, c.teams, "team");
        }
    }
}
