package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.packops.ownership.document.model.Slugs;
import io.packops.servicekit.outbound.OutboundAddressPolicy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One validation pass over a document tree: the violations found so far (in document order), the ids every reference
 * may point at, and the checks every section shares. A check reports what is wrong at its path
 * ({@code schedules[1].layers[0].participants[2]}) and returns the value, or null when it is absent or wrong.
 */
final class Checks {

    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    /** Checks one item of a list (a team, a layer...) at its path. */
    @FunctionalInterface
    interface ItemCheck {
        void check(JsonNode item, String path);
    }

    final JsonNode root;
    private final List<Violation> errors = new ArrayList<>();
    private final List<String> deniedPrefixes;
    /** Where a route's URL may point (service-kit's SSRF rules), checked on the literal part of a URL. */
    final OutboundAddressPolicy outbound;
    /** Every id present in a section, valid or not, so one bad id does not also break every reference to it. */
    final Set<String> teams;
    final Set<String> people;
    final Set<String> schedules;
    final Set<String> policies;

    /**
     * {@code root} must be a mapping; {@code deniedPrefixes}: variables a {@code ${...}} reference may not name;
     * {@code outbound}: where webhook URLs may point.
     */
    Checks(JsonNode root, List<String> deniedPrefixes, OutboundAddressPolicy outbound) {
        this.root = root;
        this.deniedPrefixes = deniedPrefixes;
        this.outbound = outbound;
        this.teams = ids("teams");
        this.people = ids("people");
        this.schedules = ids("schedules");
        this.policies = ids("escalationPolicies");
    }

    void error(String path, String message) {
        errors.add(new Violation(path, message));
    }

    List<Violation> violations() {
        return List.copyOf(errors);
    }

    /** The prefix of the service's own configuration that {@code variable} starts with, or null. */
    String deniedPrefix(String variable) {
        return deniedPrefixes.stream().filter(p -> !p.isBlank() && variable.startsWith(p.trim())).findFirst().orElse(null);
    }

    private Set<String> ids(String section) {
        Set<String> ids = new HashSet<>();
        JsonNode list = root.get(section);
        if (list != null && list.isArray()) {
            for (JsonNode item : list) {
                if (item.isObject() && item.path("id").isTextual()) {
                    ids.add(item.get("id").textValue());
                }
            }
        }
        return ids;
    }

    JsonNode section(String key) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return null;
        }
        if (!list.isArray()) {
            error(key, "must be a list, not " + kind(list));
            return null;
        }
        return list;
    }

    /** The field's value; null when it is absent or null, which is reported when the field is required. */
    JsonNode field(JsonNode object, String path, String key, boolean required) {
        JsonNode node = object.get(key);
        if (node != null && !node.isNull()) {
            return node;
        }
        if (required) {
            error(at(path, key), "is required");
        }
        return null;
    }

    ArrayNode list(JsonNode parent, String path, String key, boolean required) {
        JsonNode list = field(parent, path, key, required);
        if (list == null) {
            return null;
        }
        if (!list.isArray()) {
            error(at(path, key), "must be a list, not " + kind(list));
            return null;
        }
        return (ArrayNode) list;
    }

    void forEachObject(JsonNode list, String path, String what, ItemCheck check) {
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String itemPath = at(path, i);
            if (!item.isObject()) {
                error(itemPath, "must be a mapping (" + what + "), not " + kind(item));
            } else {
                check.check(item, itemPath);
            }
        }
    }

    void fields(JsonNode object, String path, List<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                String suggestion = CloseMatches.closest(name, allowed);
                error(at(path, name), "unknown field" + (suggestion != null
                        ? "; did you mean " + suggestion + "?"
                        : "; expected " + String.join(", ", allowed)));
            }
        }
    }

    void id(JsonNode object, String path, Map<String, String> seen) {
        String id = text(object, path, "id", true);
        if (id == null) {
            return;
        }
        if (!Slugs.isSlug(id)) {
            error(at(path, "id"), "must be a slug: lower-case letters, digits, - and _, starting with a letter or digit,"
                    + " at most 63 characters (got \"" + id + "\")");
        }
        String other = seen.putIfAbsent(id, path);
        if (other != null) {
            error(at(path, "id"), "duplicate id " + id + " (also " + other + ")");
        }
    }

    /** A non-blank string, or null (after reporting why when it is present or required). */
    String text(JsonNode object, String path, String key, boolean required) {
        JsonNode node = field(object, path, key, required);
        if (node == null) {
            return null;
        }
        String fieldPath = at(path, key);
        if (!node.isTextual()) {
            error(fieldPath, "must be a string, not " + kind(node) + (node.isValueNode() ? " (quote it in YAML)" : ""));
            return null;
        }
        String text = node.textValue();
        if (text.isBlank()) {
            error(fieldPath, "must not be empty");
            return null;
        }
        if (text.contains("${")) {
            error(fieldPath, "is not a secret field: ${...} references are resolved only in pagerduty.routingKey,"
                    + " slackWebhook and webhook");
            return null;
        }
        return text;
    }

    void reference(JsonNode object, String path, String key, boolean required, Set<String> known, String kind) {
        String id = text(object, path, key, required);
        if (id != null && !known.contains(id)) {
            error(at(path, key), missing(id, known, kind));
        }
    }

    void referenceElement(JsonNode element, String path, Set<String> known, String kind) {
        if (!element.isTextual() || element.textValue().isBlank()) {
            error(path, "must be the id of a " + kind + ", not " + kind(element));
        } else if (!known.contains(element.textValue())) {
            error(path, missing(element.textValue(), known, kind));
        }
    }

    String missing(String id, Set<String> known, String kind) {
        String suggestion = CloseMatches.closest(id, known);
        // an id that is not a slug is the caller's text, shown quoted as every other echoed value
        String shown = Slugs.isSlug(id) ? id : "\"" + id + "\"";
        return "no " + kind + " with id " + shown + (suggestion != null ? "; did you mean " + suggestion + "?" : "");
    }

    void email(JsonNode object, String path, String key) {
        String email = text(object, path, key, false);
        if (email != null && !EMAIL.matcher(email).matches()) {
            error(at(path, key), "must be an e-mail address like ana@example.com (got \"" + email + "\")");
        }
    }

    void zone(JsonNode object, String path, boolean required) {
        String zone = text(object, path, "timezone", required);
        if (zone == null || ZoneId.getAvailableZoneIds().contains(zone)) {
            return;
        }
        boolean offset;
        try {
            ZoneId.of(zone);
            offset = true;
        } catch (RuntimeException e) {
            offset = false;
        }
        error(at(path, "timezone"), offset
                ? "must be an IANA time zone like Europe/Madrid, not a fixed offset (got \"" + zone + "\"): offsets have no DST"
                : "is not an IANA time zone (got \"" + zone + "\")" + Optional.ofNullable(CloseMatches.closest(zone, ZoneId.getAvailableZoneIds()))
                        .map(z -> "; did you mean " + z + "?").orElse("; e.g. Europe/Madrid, America/New_York, UTC"));
    }

    Integer integer(JsonNode object, String path, String key, boolean required, int min, int max, String expected) {
        JsonNode node = field(object, path, key, required);
        if (node == null) {
            return null;
        }
        String fieldPath = at(path, key);
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            error(fieldPath, expected + " (got " + shown(node) + ")");
            return null;
        }
        return node.intValue();
    }

    LocalDateTime localDateTime(JsonNode object, String path, String key, boolean required) {
        return parsed(object, path, key, required, LocalDateTime::parse, text -> parses(OffsetDateTime::parse, text)
                ? "must be a wall-clock time without offset, e.g. 2026-11-02T09:00:00: the schedule's time zone applies"
                : "must be a local date-time like 2026-11-02T09:00:00 (got \"" + text + "\")");
    }

    OffsetDateTime instant(JsonNode object, String path, String key) {
        return parsed(object, path, key, true, OffsetDateTime::parse, text -> parses(LocalDateTime::parse, text)
                ? "must be an instant with an offset or Z, e.g. 2026-11-27T09:00:00Z (got \"" + text + "\" without one)"
                : "must be an instant like 2026-11-27T09:00:00Z or 2026-11-27T10:00:00+01:00 (got \"" + text + "\")");
    }

    /** A text field read by {@code parse}; when it does not parse, {@code why} of the text is the violation. */
    private <T> T parsed(JsonNode object, String path, String key, boolean required, Function<String, T> parse,
                         Function<String, String> why) {
        String text = text(object, path, key, required);
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (DateTimeParseException e) {
            error(at(path, key), why.apply(text));
            return null;
        }
    }

    String time(JsonNode object, String path, String key) {
        String text = text(object, path, key, true);
        if (text != null && !TIME.matcher(text).matches()) {
            error(at(path, key), "must be a time HH:mm from 00:00 to 23:59, e.g. \"09:00\" (got \"" + text + "\")");
            return null;
        }
        return text;
    }

    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        if (node.isTextual()) {
            return "the string \"" + node.textValue() + "\"";
        }
        return node.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    static String shown(JsonNode node) {
        return node.isTextual() ? "\"" + node.textValue() + "\"" : node.isValueNode() ? node.asText() : kind(node);
    }

    private static boolean parses(Function<String, ?> parse, String text) {
        try {
            parse.apply(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
