package io.packops.alerting.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.packops.alerting.system.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The install-health rules of a deployment, read from YAML (a file or ConfigMap) and validated as a whole:
 * {@link #parse} reports every error at once (unknown kind or key, bad duration, threshold out of range), so a
 * broken ConfigMap fails startup with one readable list instead of a page that never comes.
 *
 * <pre>
 * rules:
 *   - kind: install-failure-rate     # also render-error-rate (same keys, minRenders for minInstalls)
 *     window: 15m                    # 1m..30d, what ingest stats accept
 *     threshold: 0.2                 # failure rate, 0 < t < 1
 *     minInstalls: 20
 *     for: 5m                        # must hold across evaluations this long before firing
 *     severity: critical
 *   - kind: install-slo-burn
 *     objective: 0.99
 *     minInstalls: 10
 *     windows:
 *       - { long: 1h, short: 5m, burnRate: 14.4, severity: critical }
 *       - { long: 6h, short: 30m, burnRate: 6, severity: error }
 *   - kind: telemetry-silent
 *     limit: 30m
 *     perConnector: true
 * </pre>
 * Each rule may have a {@code name} (default: its kind); the name is the alert's rule.
 */
public record HealthRuleSet(List<Rule> rules) {

    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    public sealed interface Rule permits RateRule, SloBurnRule, SilenceRule {
        String name();

        String kind();
    }

    /** {@code install-failure-rate} (type install) or {@code render-error-rate} (type render). */
    public record RateRule(String name, String kind, Duration window, double threshold, long minEvents,
                           Duration forDuration, String severity) implements Rule {
        public String eventType() {
            return "render-error-rate".equals(kind) ? "render" : "install";
        }
    }

    public record BurnWindow(Duration longWindow, Duration shortWindow, double burnRate, String severity) {
    }

    public record SloBurnRule(String name, String kind, double objective, long minInstalls, List<BurnWindow> windows)
            implements Rule {
    }

    public record SilenceRule(String name, String kind, Duration limit, boolean perConnector, String severity)
            implements Rule {
    }

    /** The rules file is invalid; {@link #errors()} lists every problem. */
    public static class InvalidRulesException extends RuntimeException {
        private final List<String> errors;

        public InvalidRulesException(String source, List<String> errors) {
            super("invalid rules in " + source + " (" + errors.size() + " error" + (errors.size() == 1 ? "" : "s") + "):\n  "
                    + String.join("\n  ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,9})(ms|s|m|h|d|w))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    public static HealthRuleSet parse(String yaml, String source) {
        List<String> errors = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (Exception e) {
            throw new InvalidRulesException(source, List.of("not YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray()) {
            throw new InvalidRulesException(source, List.of("expected a mapping with a 'rules' list"));
        }
        keys(root, "", Set.of("rules"), errors);
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode node : root.get("rules")) {
            String at = "rules[" + i++ + "]";
            if (!node.isObject()) {
                errors.add(at + ": expected a mapping");
                continue;
            }
            String kind = node.path("kind").asText(null);
            String name = node.hasNonNull("name") ? node.get("name").asText() : kind;
            if (kind == null) {
                errors.add(at + ".kind: required (install-failure-rate, render-error-rate, install-slo-burn, telemetry-silent)");
                continue;
            }
            Rule rule = switch (kind) {
                case "install-failure-rate", "render-error-rate" -> rate(node, at, name, kind, errors);
                case "install-slo-burn" -> burn(node, at, name, errors);
                case "telemetry-silent" -> silence(node, at, name, errors);
                default -> {
                    errors.add(at + ".kind: unknown rule kind '" + kind
                            + "' (known: install-failure-rate, render-error-rate, install-slo-burn, telemetry-silent)");
                    yield null;
                }
            };
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                errors.add(at + ".name: '" + name + "' must be a slug such as install-failure-rate");
            } else if (!names.add(name)) {
                errors.add(at + ".name: '" + name + "' is used by another rule; give each rule of a kind its own name");
            }
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRulesException(source, errors);
        }
        return new HealthRuleSet(List.copyOf(rules));
    }

    private static RateRule rate(JsonNode n, String at, String name, String kind, List<String> errors) {
        String min = kind.equals("render-error-rate") ? "minRenders" : "minInstalls";
        keys(n, at, Set.of("kind", "name", "window", "threshold", min, "for", "severity"), errors);
        Duration window = window(n, at, "window", "15m", errors);
        double threshold = number(n, at, "threshold", null, errors);
        if (!(threshold > 0 && threshold < 1)) {
            errors.add(at + ".threshold: " + n.path("threshold").asText() + " is out of range: a failure rate between 0 and 1 (exclusive), e.g. 0.2");
        }
        long minEvents = (long) number(n, at, min, 1.0, errors);
        if (minEvents < 1) {
            errors.add(at + "." + min + ": must be at least 1");
        }
        Duration forDuration = duration(n, at, "for", "0s", errors);
        return new RateRule(name, kind, window, threshold, minEvents, forDuration, severity(n, at, "error", errors));
    }

    private static SloBurnRule burn(JsonNode n, String at, String name, List<String> errors) {
        keys(n, at, Set.of("kind", "name", "objective", "minInstalls", "windows"), errors);
        double objective = number(n, at, "objective", 0.99, errors);
        if (!(objective > 0 && objective < 1)) {
            errors.add(at + ".objective: " + objective + " is out of range: a success objective between 0 and 1 (exclusive), e.g. 0.99");
        }
        long minInstalls = (long) number(n, at, "minInstalls", 10.0, errors);
        List<BurnWindow> windows = new ArrayList<>();
        JsonNode list = n.path("windows");
        if (!list.isArray() || list.isEmpty()) {
            errors.add(at + ".windows: required, a list of {long, short, burnRate, severity}");
        } else {
            int j = 0;
            for (JsonNode w : list) {
                String wat = at + ".windows[" + j++ + "]";
                keys(w, wat, Set.of("long", "short", "burnRate", "severity"), errors);
                Duration longW = window(w, wat, "long", null, errors);
                Duration shortW = window(w, wat, "short", null, errors);
                double rate = number(w, wat, "burnRate", null, errors);
                if (longW != null && shortW != null && shortW.compareTo(longW) >= 0) {
                    errors.add(wat + ".short: must be shorter than long");
                }
                if (!(rate > 0)) {
                    errors.add(wat + ".burnRate: must be greater than 0");
                } else if (objective > 0 && objective < 1 && rate * (1 - objective) > 1) {
                    errors.add(wat + ".burnRate: " + rate + " can never be reached: it needs a failure rate of "
                            + String.format(java.util.Locale.ROOT, "%.2f", rate * (1 - objective)) + " (> 1) for objective " + objective);
                }
                windows.add(new BurnWindow(longW, shortW, rate, severity(w, wat, "critical", errors)));
            }
        }
        return new SloBurnRule(name, "install-slo-burn", objective, minInstalls, List.copyOf(windows));
    }

    private static SilenceRule silence(JsonNode n, String at, String name, List<String> errors) {
        keys(n, at, Set.of("kind", "name", "limit", "perConnector", "severity"), errors);
        Duration limit = duration(n, at, "limit", "30m", errors);
        if (limit != null && limit.isZero()) {
            errors.add(at + ".limit: must be longer than 0");
        }
        JsonNode per = n.path("perConnector");
        if (!per.isMissingNode() && !per.isBoolean()) {
            errors.add(at + ".perConnector: must be true or false");
        }
        return new SilenceRule(name, "telemetry-silent", limit, per.asBoolean(false), severity(n, at, "critical", errors));
    }

    // ---- values -------------------------------------------------------------------------------------------

    private static void keys(JsonNode n, String at, Set<String> known, List<String> errors) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                errors.add((at.isEmpty() ? "" : at + ".") + key + ": unknown key (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static double number(JsonNode n, String at, String key, Double def, List<String> errors) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            if (def == null) {
                errors.add(at + "." + key + ": required");
                return Double.NaN;
            }
            return def;
        }
        if (!v.isNumber()) {
            errors.add(at + "." + key + ": '" + v.asText() + "' is not a number");
            return Double.NaN;
        }
        return v.asDouble();
    }

    private static String severity(JsonNode n, String at, String def, List<String> errors) {
        String s = n.path("severity").asText(def);
        if (!SEVERITIES.contains(s)) {
            errors.add(at + ".severity: '" + s + "' is not one of critical, error, warning, info");
        }
        return s;
    }

    /** A duration that ingest stats accept as a window: 1m..30d. */
    private static Duration window(JsonNode n, String at, String key, String def, List<String> errors) {
        Duration d = duration(n, at, key, def, errors);
        if (d != null && (d.compareTo(MIN_WINDOW) < 0 || d.compareTo(MAX_WINDOW) > 0)) {
            errors.add(at + "." + key + ": " + n.path(key).asText(def) + " is out of range: a window from 1m to 30d");
            return null;
        }
        return d;
    }

    private static Duration duration(JsonNode n, String at, String key, String def, List<String> errors) {
        JsonNode v = n.get(key);
        String text = v == null || v.isNull() ? def : v.asText();
        if (text == null) {
            errors.add(at + "." + key + ": required, a duration such as 30s, 15m, 1h, 7d");
            return null;
        }
        Duration d = parseDuration(text.trim());
        if (d == null) {
            errors.add(at + "." + key + ": '" + text + "' is not a duration (e.g. 30s, 15m, 1h30m, 7d)");
        }
        return d;
    }

    /** Prometheus-style durations: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 7d}; null when not one. */
    public static Duration parseDuration(String text) {
        if (text == null || !DURATION.matcher(text).matches()) {
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
        }
        return total;
    }

    /** The window as ingest's stats API spells it ({@code 90m}, {@code 6h}, {@code 7d}). */
    public static String statsWindow(Duration d) {
        return Durations.compact(d);
    }
}
