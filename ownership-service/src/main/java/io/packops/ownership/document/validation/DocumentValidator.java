package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.ownership.document.RevisionDiff;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Restriction;
import io.packops.ownership.document.model.Slugs;
import io.packops.ownership.system.OwnershipConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a whole ownership document tree (as parsed, before it becomes the model) and reports every
 * error at once, each with its path ({@code schedules[1].layers[0].participants[2]}; {@code $} for the
 * document itself). A document without errors maps to an {@link OwnershipDocument}.
 *
 * <p>Rules beyond DESIGN's example, chosen here: every section is optional but the rules need a catch-all,
 * a schedule needs a team, a time zone and at least one layer; a rule needs a team, an escalation policy and a
 * support queue (a missing runbook is a readiness gap, not an error); {@code ${ENV_VAR}} references are
 * allowed only in the secret fields, where they may be the whole value or part of it.
 */
@ApplicationScoped
public class DocumentValidator {

    public static final Pattern REFERENCE_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");
    public static final int MAX_ROTATION_HOURS = 8760;
    public static final int MAX_REPEAT = 9;

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+'-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern SLACK_CHANNEL = Pattern.compile("#?[\\p{L}\\p{N}._-]{1,80}");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]{5,30}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern RUNBOOK_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*(#[A-Za-z0-9_.-]+)?");

    private static final List<String> DOCUMENT_FIELDS = List.of("teams", "people", "schedules", "escalationPolicies", "rules",
            "connectors");
    private static final List<String> TEAM_FIELDS = List.of("id", "name", "slack", "slackWebhook", "email", "pagerduty", "webhook");
    private static final List<String> PAGERDUTY_FIELDS = List.of("routingKey");
    private static final List<String> PERSON_FIELDS = List.of("id", "name", "email", "team", "timezone", "phone");
    private static final List<String> SCHEDULE_FIELDS = List.of("id", "name", "team", "timezone", "layers", "overrides");
    private static final List<String> LAYER_FIELDS = List.of("name", "start", "end", "rotation", "participants", "restrictions");
    private static final List<String> ROTATION_FIELDS = List.of("hours");
    private static final List<String> RESTRICTION_FIELDS = List.of("days", "from", "to");
    private static final List<String> OVERRIDE_FIELDS = List.of("person", "start", "end");
    private static final List<String> POLICY_FIELDS = List.of("id", "name", "levels", "repeat");
    private static final List<String> LEVEL_FIELDS = List.of("afterMinutes", "targets");
    private static final List<String> TARGET_FIELDS = List.of("person", "schedule", "team");
    private static final List<String> RULE_FIELDS = List.of("match", "team", "escalation", "runbook", "supportQueue", "firstReply");
    private static final List<String> MATCH_FIELDS = List.of("connector", "pack");

    /** The outcome: the document when there is no error, else every error in document order. */
    public record Result(OwnershipDocument document, List<Violation> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    @Inject
    ObjectMapper mapper;

    @Inject
    OwnershipConfig config;

    /** Validates {@code root} (null: nothing was sent) and, when valid, maps it to the model. */
    public Result validate(JsonNode root) {
        Run run = new Run(root);
        run.document();
        if (!run.errors.isEmpty()) {
            return new Result(null, List.copyOf(run.errors));
        }
        try {
            return new Result(mapper.treeToValue(normalised(root), OwnershipDocument.class), List.of());
        } catch (Exception e) {
            // The checks above are meant to admit only what the model can read; this is a bug, not bad input.
            Log.error("a document that passed validation could not be mapped to the model", e);
            return new Result(null, List.of(new Violation("$", "the document could not be read: " + e.getMessage())));
        }
    }

    /** Overrides as UTC instants ({@code +01:00} becomes {@code Z}), so equal documents compare equal. */
    private static JsonNode normalised(JsonNode root) {
        ObjectNode copy = (ObjectNode) root.deepCopy();
        for (JsonNode schedule : copy.path("schedules")) {
            for (JsonNode override : schedule.path("overrides")) {
                for (String key : List.of("start", "end")) {
                    ((ObjectNode) override).put(key, OffsetDateTime.parse(override.get(key).textValue()).toInstant().toString());
                }
            }
        }
        return copy;
    }

    /** One validation pass: the errors found and the ids every reference may point at. */
    private final class Run {
        final JsonNode root;
        final List<Violation> errors = new ArrayList<>();
        Set<String> teams = Set.of();
        Set<String> people = Set.of();
        Set<String> schedules = Set.of();
        Set<String> policies = Set.of();

        Run(JsonNode root) {
            this.root = root;
        }

        void error(String path, String message) {
            errors.add(new Violation(path, message));
        }

        void document() {
            if (root == null) {
                error("$", "the document is empty; expected a mapping with " + String.join(", ", DOCUMENT_FIELDS));
                return;
            }
            if (!root.isObject()) {
                error("$", "the document must be a mapping with " + String.join(", ", DOCUMENT_FIELDS) + ", not " + kind(root));
                return;
            }
            fields(root, "", DOCUMENT_FIELDS);
            teams = ids("teams");
            people = ids("people");
            schedules = ids("schedules");
            policies = ids("escalationPolicies");
            teams();
            people();
            schedules();
            policies();
            rules();
            connectors();
        }

        /** Every id present in a section, valid or not, so one bad id does not also break every reference to it. */
        Set<String> ids(String section) {
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

        // ---- sections ------------------------------------------------------------------------------------

        void teams() {
            Map<String, String> seen = new HashMap<>();
            forEachObject(section("teams"), "teams", "a team", (team, path) -> {
                fields(team, path, TEAM_FIELDS);
                id(team, path, seen);
                text(team, path, "name", true);
                String slack = text(team, path, "slack", false);
                if (slack != null && !SLACK_CHANNEL.matcher(slack).matches()) {
                    error(at(path, "slack"), "must be a Slack channel name like #billing-packs");
                }
                email(team, path, "email");
                JsonNode pagerduty = team.get("pagerduty");
                if (pagerduty != null && !pagerduty.isNull()) {
                    String pdPath = at(path, "pagerduty");
                    if (!pagerduty.isObject()) {
                        error(pdPath, "must be a mapping { routingKey: \"${PD_...}\" }, not " + kind(pagerduty));
                    } else {
                        fields(pagerduty, pdPath, PAGERDUTY_FIELDS);
                        secret(pagerduty, pdPath, "routingKey", true, SecretKind.KEY);
                    }
                }
                secret(team, path, "slackWebhook", false, SecretKind.HTTPS_URL);
                secret(team, path, "webhook", false, SecretKind.HTTP_URL);
            });
        }

        void people() {
            Map<String, String> seen = new HashMap<>();
            forEachObject(section("people"), "people", "a person", (person, path) -> {
                fields(person, path, PERSON_FIELDS);
                id(person, path, seen);
                text(person, path, "name", true);
                email(person, path, "email");
                reference(person, path, "team", false, teams, "team");
                zone(person, path, false);
                String phone = text(person, path, "phone", false);
                if (phone != null && !PHONE.matcher(phone).matches()) {
                    error(at(path, "phone"), "must be a phone number like +34 600 000 000");
                }
            });
        }

        void schedules() {
            Map<String, String> seen = new HashMap<>();
            forEachObject(section("schedules"), "schedules", "a schedule", (schedule, path) -> {
                fields(schedule, path, SCHEDULE_FIELDS);
                id(schedule, path, seen);
                text(schedule, path, "name", false);
                reference(schedule, path, "team", true, teams, "team");
                zone(schedule, path, true);
                ArrayNode layers = list(schedule, path, "layers", true);
                if (layers != null && layers.isEmpty()) {
                    error(at(path, "layers"), "must have at least one layer");
                }
                Map<String, String> layerNames = new HashMap<>();
                forEachObject(layers, at(path, "layers"), "a layer", (layer, layerPath) -> layer(layer, layerPath, layerNames));
                forEachObject(list(schedule, path, "overrides", false), at(path, "overrides"), "an override", this::override);
            });
        }

        void layer(JsonNode layer, String path, Map<String, String> names) {
            fields(layer, path, LAYER_FIELDS);
            String name = text(layer, path, "name", false);
            if (name != null) {
                String other = names.putIfAbsent(name, path);
                if (other != null) {
                    error(at(path, "name"), "duplicate layer name " + name + " (also " + other + ")");
                }
            }
            LocalDateTime start = localDateTime(layer, path, "start", true);
            LocalDateTime end = localDateTime(layer, path, "end", false);
            if (start != null && end != null && !end.isAfter(start)) {
                error(at(path, "end"), "must be after start (" + start + ")");
            }
            rotation(layer.get("rotation"), at(path, "rotation"));
            ArrayNode participants = list(layer, path, "participants", true);
            if (participants != null) {
                if (participants.isEmpty()) {
                    error(at(path, "participants"), "must name at least one person");
                }
                for (int i = 0; i < participants.size(); i++) {
                    referenceElement(participants.get(i), at(at(path, "participants"), i), people, "person");
                }
            }
            forEachObject(list(layer, path, "restrictions", false), at(path, "restrictions"), "a restriction", this::restriction);
        }

        void rotation(JsonNode rotation, String path) {
            String expected = "must be daily, weekly or {hours: N}";
            if (rotation == null || rotation.isNull()) {
                error(path, "is required: daily, weekly or {hours: N}");
            } else if (rotation.isTextual()) {
                if (!rotation.textValue().equals("daily") && !rotation.textValue().equals("weekly")) {
                    error(path, expected + " (got \"" + rotation.textValue() + "\")");
                }
            } else if (rotation.isObject()) {
                fields(rotation, path, ROTATION_FIELDS);
                integer(rotation, path, "hours", true, 1, MAX_ROTATION_HOURS,
                        "must be a whole number of hours from 1 to " + MAX_ROTATION_HOURS);
            } else {
                error(path, expected + ", not " + kind(rotation));
            }
        }

        void restriction(JsonNode restriction, String path) {
            fields(restriction, path, RESTRICTION_FIELDS);
            JsonNode days = restriction.get("days");
            if (days != null && !days.isNull()) {
                String daysPath = at(path, "days");
                if (!days.isArray()) {
                    error(daysPath, "must be a list of days (mon, tue, wed, thu, fri, sat, sun), not " + kind(days));
                } else if (days.isEmpty()) {
                    error(daysPath, "must name at least one day (leave days out for every day)");
                } else {
                    Set<DayOfWeek> seen = EnumSet.noneOf(DayOfWeek.class);
                    for (int i = 0; i < days.size(); i++) {
                        JsonNode day = days.get(i);
                        String dayPath = at(daysPath, i);
                        DayOfWeek parsed = null;
                        if (day.isTextual()) {
                            try {
                                parsed = Restriction.day(day.textValue());
                            } catch (IllegalArgumentException e) {
                                // reported below
                            }
                        }
                        if (parsed == null) {
                            error(dayPath, "must be a day: mon, tue, wed, thu, fri, sat or sun (got " + shown(day) + ")");
                        } else if (!seen.add(parsed)) {
                            error(dayPath, "duplicate day " + day.textValue());
                        }
                    }
                }
            }
            String from = time(restriction, path, "from");
            String to = time(restriction, path, "to");
            if (from != null && to != null && from.equals(to)) {
                error(at(path, "to"), "must differ from from (" + from
                        + "); a window across midnight is written e.g. from 22:00 to 06:00");
            }
        }

        void override(JsonNode override, String path) {
            fields(override, path, OVERRIDE_FIELDS);
            reference(override, path, "person", true, people, "person");
            OffsetDateTime start = instant(override, path, "start");
            OffsetDateTime end = instant(override, path, "end");
            if (start != null && end != null && !end.toInstant().isAfter(start.toInstant())) {
                error(at(path, "end"), "must be after start (" + start.toInstant() + ")");
            }
        }

        void policies() {
            Map<String, String> seen = new HashMap<>();
            forEachObject(section("escalationPolicies"), "escalationPolicies", "an escalation policy", (policy, path) -> {
                fields(policy, path, POLICY_FIELDS);
                id(policy, path, seen);
                text(policy, path, "name", false);
                ArrayNode levels = list(policy, path, "levels", true);
                if (levels != null && levels.isEmpty()) {
                    error(at(path, "levels"), "must have at least one level");
                }
                Integer[] previous = {null};
                forEachObject(levels, at(path, "levels"), "a level", (level, levelPath) -> {
                    fields(level, levelPath, LEVEL_FIELDS);
                    Integer after = integer(level, levelPath, "afterMinutes", true, 0, Integer.MAX_VALUE,
                            "must be a whole number of minutes since the alert fired, 0 or more");
                    if (after != null && previous[0] != null && after <= previous[0]) {
                        error(at(levelPath, "afterMinutes"), "must be greater than the previous level's afterMinutes ("
                                + previous[0] + "): it counts minutes since the alert fired, so levels are strictly increasing");
                    }
                    if (after != null) {
                        previous[0] = after;
                    }
                    ArrayNode targets = list(level, levelPath, "targets", true);
                    if (targets != null && targets.isEmpty()) {
                        error(at(levelPath, "targets"), "must have at least one target");
                    }
                    forEachObject(targets, at(levelPath, "targets"), "a target", this::target);
                });
                integer(policy, path, "repeat", false, 0, MAX_REPEAT,
                        "must be a whole number from 0 to " + MAX_REPEAT + " (how many more times the chain runs after its last level)");
            });
        }

        void target(JsonNode target, String path) {
            fields(target, path, TARGET_FIELDS);
            List<String> set = TARGET_FIELDS.stream().filter(k -> target.hasNonNull(k)).toList();
            if (set.size() != 1) {
                error(path, "must name exactly one of person, schedule or team"
                        + (set.isEmpty() ? "" : " (has " + String.join(" and ", set) + ")"));
                return;
            }
            switch (set.get(0)) {
                case "person" -> reference(target, path, "person", true, people, "person");
                case "schedule" -> reference(target, path, "schedule", true, schedules, "schedule");
                default -> reference(target, path, "team", true, teams, "team");
            }
        }

        void rules() {
            Map<String, String> matches = new LinkedHashMap<>();
            boolean[] catchAll = {false};
            JsonNode rules = section("rules");
            forEachObject(rules, "rules", "a rule", (rule, path) -> {
                fields(rule, path, RULE_FIELDS);
                String key = match(rule.get("match"), at(path, "match"));
                if (key != null) {
                    String other = matches.putIfAbsent(key, path);
                    if (other != null) {
                        error(at(path, "match"), "ties with " + other + ": both match " + key
                                + "; two rules with the same match cannot be ranked (most specific wins: pack > connector > \"*\")");
                    }
                    catchAll[0] |= key.equals("*");
                }
                reference(rule, path, "team", true, teams, "team");
                reference(rule, path, "escalation", true, policies, "escalation policy");
                runbook(rule, path);
                text(rule, path, "supportQueue", true);
                text(rule, path, "firstReply", false);
            });
            if (!catchAll[0] && rules != null) {
                error("rules", "must include a catch-all rule { match: { connector: \"*\" } } (without pack), so that every connector has an owner");
            }
        }

        /** The catalogue of connectors packs ship for: slugs (not {@code "*"}), each once. */
        void connectors() {
            JsonNode list = section("connectors");
            if (list == null) {
                return;
            }
            Map<String, String> seen = new HashMap<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode node = list.get(i);
                String path = at("connectors", i);
                if (!node.isTextual()) {
                    error(path, "must be a connector slug like stripe, not " + kind(node) + (node.isValueNode() ? " (quote it in YAML)" : ""));
                    continue;
                }
                String connector = node.textValue();
                String lower = connector.toLowerCase(Locale.ROOT);
                if (connector.equals("*")) {
                    error(path, "\"*\" is not a connector: list the connectors packs are shipped for (the \"*\" rule routes every other one)");
                } else if (!Slugs.isSlug(connector)) {
                    error(path, "must be a connector slug: lower-case letters, digits, - and _, starting with a letter or digit,"
                            + " at most 63 characters (got \"" + connector + "\")"
                            + (Slugs.isSlug(lower) ? "; write " + lower : ""));
                } else {
                    String other = seen.putIfAbsent(connector, path);
                    if (other != null) {
                        error(path, "duplicate connector " + connector + " (also " + other + ")");
                    }
                }
            }
        }

        /** The rule's identity ({@code stripe}, {@code stripe/stripe-revenue}, {@code *}), or null when the match is invalid. */
        String match(JsonNode match, String path) {
            if (match == null || match.isNull()) {
                error(path, "is required: { connector: <slug or \"*\">, pack: <optional slug> }");
                return null;
            }
            if (!match.isObject()) {
                error(path, "must be a mapping { connector: <slug or \"*\">, pack: <optional slug> }, not " + kind(match));
                return null;
            }
            fields(match, path, MATCH_FIELDS);
            String connector = text(match, path, "connector", true);
            boolean valid = connector != null;
            if (connector != null && !connector.equals("*") && !Slugs.isSlug(connector)) {
                error(at(path, "connector"), "must be a connector slug or \"*\" (got \"" + connector + "\")");
                valid = false;
            }
            boolean packGiven = match.hasNonNull("pack");
            String pack = text(match, path, "pack", false);
            if (packGiven && pack == null) {
                valid = false; // reported by text()
            } else if (pack != null && !Slugs.isSlug(pack)) {
                error(at(path, "pack"), "must be a pack slug (got \"" + pack + "\")");
                valid = false;
            }
            return valid ? RevisionDiff.ruleKey(connector, pack) : null;
        }

        void runbook(JsonNode rule, String path) {
            String runbook = text(rule, path, "runbook", false);
            if (runbook == null) {
                return;
            }
            String runbookPath = at(path, "runbook");
            if (runbook.contains("://")) {
                URI uri;
                try {
                    uri = new URI(runbook);
                } catch (URISyntaxException e) {
                    uri = null;
                }
                if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    error(runbookPath, "must be an https URL or a relative path like runbooks/pack-install-failures.md");
                }
                return;
            }
            if (runbook.startsWith("/")) {
                error(runbookPath, "must be a relative path like runbooks/pack-install-failures.md, not an absolute path");
            } else if (List.of(runbook.split("[/#]")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
                error(runbookPath, "must not contain . or .. segments; a runbook lives inside the repository, e.g. runbooks/rollback.md");
            } else if (!RUNBOOK_PATH.matcher(runbook).matches()) {
                error(runbookPath, "must be a relative path like runbooks/pack-install-failures.md (letters, digits, . _ - and /)"
                        + " or an https URL");
            }
        }

        // ---- field helpers -------------------------------------------------------------------------------

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

        ArrayNode list(JsonNode parent, String path, String key, boolean required) {
            JsonNode list = parent.get(key);
            if (list == null || list.isNull()) {
                if (required) {
                    error(at(path, key), "is required");
                }
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
            JsonNode node = object.get(key);
            String fieldPath = at(path, key);
            if (node == null || node.isNull()) {
                if (required) {
                    error(fieldPath, "is required");
                }
                return null;
            }
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
            JsonNode node = object.get(key);
            String fieldPath = at(path, key);
            if (node == null || node.isNull()) {
                if (required) {
                    error(fieldPath, "is required");
                }
                return null;
            }
            if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
                error(fieldPath, expected + " (got " + shown(node) + ")");
                return null;
            }
            return node.intValue();
        }

        LocalDateTime localDateTime(JsonNode object, String path, String key, boolean required) {
            String text = text(object, path, key, required);
            if (text == null) {
                return null;
            }
            try {
                return LocalDateTime.parse(text);
            } catch (DateTimeParseException e) {
                boolean hasOffset = parsesAsOffsetDateTime(text);
                error(at(path, key), hasOffset
                        ? "must be a wall-clock time without offset, e.g. 2026-11-02T09:00:00: the schedule's time zone applies"
                        : "must be a local date-time like 2026-11-02T09:00:00 (got \"" + text + "\")");
                return null;
            }
        }

        OffsetDateTime instant(JsonNode object, String path, String key) {
            String text = text(object, path, key, true);
            if (text == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                boolean local = parsesAsLocalDateTime(text);
                error(at(path, key), local
                        ? "must be an instant with an offset or Z, e.g. 2026-11-27T09:00:00Z (got \"" + text + "\" without one)"
                        : "must be an instant like 2026-11-27T09:00:00Z or 2026-11-27T10:00:00+01:00 (got \"" + text + "\")");
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

        void secret(JsonNode object, String path, String key, boolean required, SecretKind kind) {
            JsonNode node = object.get(key);
            String fieldPath = at(path, key);
            if (node == null || node.isNull()) {
                if (required) {
                    error(fieldPath, "is required");
                }
                return;
            }
            if (!node.isTextual()) {
                error(fieldPath, "must be a string (usually a ${ENV_VAR} reference), not " + kind(node));
                return;
            }
            String value = node.textValue();
            if (value.isBlank()) {
                error(fieldPath, "must not be empty");
                return;
            }
            // Never echo a literal secret in an error: messages name references only.
            int references = 0;
            for (int i = value.indexOf("${"); i >= 0; i = value.indexOf("${", i + 2)) {
                int end = value.indexOf('}', i);
                if (end < 0) {
                    error(fieldPath, "has an unclosed ${ reference; write ${ENV_VAR}");
                    return;
                }
                String name = value.substring(i + 2, end);
                if (!REFERENCE_NAME.matcher(name).matches()) {
                    error(fieldPath, "${" + name + "} is not a valid reference: write ${ENV_VAR}, an environment variable"
                            + " name of upper-case letters, digits and _ ([A-Z_][A-Z0-9_]*)");
                    return;
                }
                String denied = deniedPrefix(name);
                if (denied != null) {
                    error(fieldPath, "${" + name + "} names the service's own configuration (" + denied
                            + "*), not a paging secret; use a variable of its own, e.g. ${PD_BILLING_PACKS}");
                    return;
                }
                references++;
            }
            if (references > 0) {
                return;
            }
            switch (kind) {
                case KEY -> {
                    if (value.chars().anyMatch(Character::isWhitespace)) {
                        error(fieldPath, "must be a routing key without whitespace, or a ${ENV_VAR} reference");
                    }
                }
                case HTTPS_URL, HTTP_URL -> {
                    URI uri;
                    try {
                        uri = new URI(value);
                    } catch (URISyntaxException e) {
                        uri = null;
                    }
                    String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    boolean ok = uri != null && uri.getHost() != null
                            && (scheme.equals("https") || (kind == SecretKind.HTTP_URL && scheme.equals("http")));
                    if (!ok) {
                        error(fieldPath, "must be " + (kind == SecretKind.HTTPS_URL ? "an https" : "an http(s)")
                                + " URL or a ${ENV_VAR} reference (better: keep the URL in the environment)");
                    }
                }
            }
        }
    }

    private String deniedPrefix(String variable) {
        return config.secrets().deniedPrefixes().stream()
                .filter(p -> !p.isBlank() && variable.startsWith(p.trim())).findFirst().orElse(null);
    }

    private enum SecretKind { KEY, HTTPS_URL, HTTP_URL }

    @FunctionalInterface
    private interface ItemCheck {
        void check(JsonNode item, String path);
    }

    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    private static String kind(JsonNode node) {
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

    private static String shown(JsonNode node) {
        return node.isTextual() ? "\"" + node.textValue() + "\"" : node.isValueNode() ? node.asText() : kind(node);
    }

    private static boolean parsesAsOffsetDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean parsesAsLocalDateTime(String text) {
        try {
            LocalDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
