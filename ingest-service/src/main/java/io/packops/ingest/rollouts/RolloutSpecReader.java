package io.packops.ingest.rollouts;

import io.packops.servicekit.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.packops.compat.manifest.Slugs;
import io.packops.servicekit.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code POST …/rollout} bodies strictly: every problem at once, each naming its field
 * ({@code steps[2]}, {@code analysis.minInstalls}, {@code cohort.warehouses[0]}). Unknown keys are errors too:
 * a misspelt cohort filter must not roll a version out to every account.
 */
final class RolloutSpecReader {

    static final int MAX_STEPS = 20;
    static final int MAX_STEP_MINUTES = 7 * 24 * 60;
    static final int MAX_MIN_INSTALLS = 1_000_000;
    static final int MAX_WAREHOUSES = 20;

    private final List<FieldError> errors = new ArrayList<>();

    private RolloutSpecReader() {
    }

    static RolloutSpec read(JsonNode body) {
        return new RolloutSpecReader().parse(body);
    }

    private RolloutSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object such as {\"steps\": [5, 25, 50, 100], \"stepMinutes\": 30}",
                    List.of(new FieldError("", "expected a JSON object")));
        }
        unknownKeys(body, "", Set.of("steps", "stepMinutes", "analysis", "cohort", "reason"));
        List<Integer> steps = steps(body.get("steps"));
        Integer stepMinutes = integer(body.get("stepMinutes"), "stepMinutes", 1, MAX_STEP_MINUTES, null);
        double maxFailureRate = RolloutSpec.DEFAULT_MAX_FAILURE_RATE;
        double maxRatio = RolloutSpec.DEFAULT_MAX_RATIO_TO_STABLE;
        int minInstalls = RolloutSpec.DEFAULT_MIN_INSTALLS;
        JsonNode analysis = body.get("analysis");
        if (analysis != null && !analysis.isNull()) {
            if (!analysis.isObject()) {
                errors.add(new FieldError("analysis", "must be an object {maxFailureRate, maxRatioToStable, minInstalls}"));
            } else {
                unknownKeys(analysis, "analysis.", Set.of("maxFailureRate", "maxRatioToStable", "minInstalls"));
                maxFailureRate = number(analysis.get("maxFailureRate"), "analysis.maxFailureRate", maxFailureRate,
                        v -> v > 0 && v <= 1, "must be a rate above 0 and at most 1, e.g. 0.05");
                maxRatio = number(analysis.get("maxRatioToStable"), "analysis.maxRatioToStable", maxRatio,
                        v -> v >= 1 && v <= 1000, "must be a ratio from 1 to 1000, e.g. 2.0");
                Integer min = integer(analysis.get("minInstalls"), "analysis.minInstalls", 1, MAX_MIN_INSTALLS, minInstalls);
                minInstalls = min == null ? minInstalls : min;
            }
        }
        List<String> warehouses = cohort(body.get("cohort"));
        String reason = null;
        JsonNode r = body.get("reason");
        if (r != null && !r.isNull()) {
            if (!r.isTextual() || r.asText().isBlank() || r.asText().length() > 500) {
                errors.add(new FieldError("reason", "must be text of 1 to 500 characters"));
            } else {
                reason = r.asText().strip();
            }
        }
        if (!errors.isEmpty()) {
            String detail = "the rollout is invalid: " + String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
            throw ProblemException.badRequest(detail, errors);
        }
        return new RolloutSpec(steps, stepMinutes, maxFailureRate, maxRatio, minInstalls, warehouses, reason);
    }

    private List<Integer> steps(JsonNode node) {
        if (node == null || node.isNull()) {
            errors.add(new FieldError("steps", "steps is required: canary percentages ending at 100, e.g. [5, 25, 50, 100]"));
            return List.of();
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_STEPS) {
            errors.add(new FieldError("steps", "must be an array of 1 to " + MAX_STEPS + " percentages ending at 100, e.g. [5, 25, 50, 100]"));
            return List.of();
        }
        List<Integer> steps = new ArrayList<>();
        int previous = 0;
        boolean ok = true;
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            if (!s.isIntegralNumber() || !s.canConvertToInt() || s.asInt() < 1 || s.asInt() > 100) {
                errors.add(new FieldError("steps[" + i + "]", "must be a whole percentage from 1 to 100, found " + s));
                ok = false;
                continue;
            }
            if (s.asInt() <= previous) {
                errors.add(new FieldError("steps[" + i + "]", "steps must be strictly increasing: " + s.asInt() + " follows " + previous));
                ok = false;
            }
            previous = s.asInt();
            steps.add(s.asInt());
        }
        if (ok && previous != 100) {
            errors.add(new FieldError("steps", "the last step must be 100 (every account of the cohort), found " + previous));
        }
        return steps;
    }

    private List<String> cohort(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("cohort", "must be an object such as {\"warehouses\": [\"snowflake\"]}"));
            return null;
        }
        unknownKeys(node, "cohort.", Set.of("warehouses"));
        JsonNode w = node.get("warehouses");
        if (w == null || w.isNull()) {
            return null; // {} = no filter
        }
        if (!w.isArray() || w.isEmpty() || w.size() > MAX_WAREHOUSES) {
            errors.add(new FieldError("cohort.warehouses", "must be an array of 1 to " + MAX_WAREHOUSES + " warehouses, e.g. [\"snowflake\"]"));
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < w.size(); i++) {
            JsonNode item = w.get(i);
            String error = item.isTextual() ? Slugs.slugError(item.asText()) : "must be a warehouse name such as snowflake";
            if (error != null) {
                errors.add(new FieldError("cohort.warehouses[" + i + "]", error));
            } else if (!out.add(item.asText())) {
                errors.add(new FieldError("cohort.warehouses[" + i + "]", item.asText() + " is repeated"));
            }
        }
        return List.copyOf(out);
    }

    private Integer integer(JsonNode node, String field, int min, int max, Integer byDefault) {
        if (node == null || node.isNull()) {
            if (byDefault == null) {
                errors.add(new FieldError(field, field + " is required"));
            }
            return byDefault;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            errors.add(new FieldError(field, "must be a whole number from " + min + " to " + max + ", found " + node));
            return byDefault;
        }
        return node.asInt();
    }

    private double number(JsonNode node, String field, double byDefault, java.util.function.DoublePredicate valid, String message) {
        if (node == null || node.isNull()) {
            return byDefault;
        }
        if (!node.isNumber() || !valid.test(node.asDouble())) {
            errors.add(new FieldError(field, message + ", found " + node));
            return byDefault;
        }
        return node.asDouble();
    }

    private void unknownKeys(JsonNode node, String prefix, Set<String> known) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                String hint = key.equals("warehouse") ? "; use \"warehouses\": [\"…\"]" : "";
                errors.add(new FieldError(prefix + key, "unknown field; expected one of " + String.join(", ", known.stream().sorted().toList()) + hint));
            }
        }
    }
}
