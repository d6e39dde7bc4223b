package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Slugs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.packops.ownership.document.validation.Checks.at;
import static io.packops.ownership.document.validation.Checks.kind;

/**
 * {@code rules}: a match ({@code connector} slug or {@code "*"}, optional {@code pack}) no other rule has, one
 * catch-all, an existing team and policy, a support queue, and a runbook that is a repository path or an https URL.
 */
final class RulesValidator implements SectionValidator {

    private static final Pattern RUNBOOK_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*(#[A-Za-z0-9_.-]+)?");
    private static final List<String> RULE_FIELDS = List.of("match", "team", "escalation", "runbook", "supportQueue", "firstReply");
    private static final List<String> MATCH_FIELDS = List.of("connector", "pack");

    @Override
    public void validate(Checks c) {
        Map<String, String> matches = new LinkedHashMap<>();
        boolean[] catchAll = {false};
        JsonNode rules = c.section("rules");
        c.forEachObject(rules, "rules", "a rule", (rule, path) -> {
            c.fields(rule, path, RULE_FIELDS);
            String key = match(c, rule.get("match"), at(path, "match"));
            if (key != null) {
                String other = matches.putIfAbsent(key, path);
                if (other != null) {
                    c.error(at(path, "match"), "ties with " + other + ": both match " + key
                            + "; two rules with the same match cannot be ranked (most specific wins: pack > connector > \"*\")");
                }
                catchAll[0] |= key.equals("*");
            }
            c.reference(rule, path, "team", true, c.teams, "team");
            c.reference(rule, path, "escalation", true, c.policies, "escalation policy");
            runbook(c, rule, path);
            c.text(rule, path, "supportQueue", true);
            c.text(rule, path, "firstReply", false);
        });
        if (!catchAll[0] && rules != null) {
            c.error("rules", "must include a catch-all rule { match: { connector: \"*\" } } (without pack), so that every connector has an owner");
        }
    }

    /** The rule's identity ({@code stripe}, {@code stripe/stripe-revenue}, {@code *}), or null when the match is invalid. */
    private String match(Checks c, JsonNode match, String path) {
        if (match == null || match.isNull()) {
            c.error(path, "is required: { connector: <slug or \"*\">, pack: <optional slug> }");
            return null;
        }
        if (!match.isObject()) {
            c.error(path, "must be a mapping { connector: <slug or \"*\">, pack: <optional slug> }, not " + kind(match));
            return null;
        }
        c.fields(match, path, MATCH_FIELDS);
        String connector = c.text(match, path, "connector", true);
        boolean valid = connector != null;
        if (connector != null && !connector.equals("*") && !Slugs.isSlug(connector)) {
            c.error(at(path, "connector"), "must be a connector slug or \"*\" (got \"" + connector + "\")");
            valid = false;
        }
        boolean packGiven = match.hasNonNull("pack");
        String pack = c.text(match, path, "pack", false);
        if (packGiven && pack == null) {
            valid = false; // reported by c.text()
        } else if (pack != null && !Slugs.isSlug(pack)) {
            c.error(at(path, "pack"), "must be a pack slug (got \"" + pack + "\")");
            valid = false;
        }
        return valid ? Rule.key(connector, pack) : null;
    }

    private void runbook(Checks c, JsonNode rule, String path) {
        String runbook = c.text(rule, path, "runbook", false);
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
                c.error(runbookPath, "must be an https URL or a relative path like runbooks/pack-install-failures.md");
            }
            return;
        }
        if (runbook.startsWith("/")) {
            c.error(runbookPath, "must be a relative path like runbooks/pack-install-failures.md, not an absolute path");
        } else if (List.of(runbook.split("[/#]")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            c.error(runbookPath, "must not contain . or .. segments; a runbook lives inside the repository, e.g. runbooks/rollback.md");
        } else if (!RUNBOOK_PATH.matcher(runbook).matches()) {
            c.error(runbookPath, "must be a relative path like runbooks/pack-install-failures.md (letters, digits, . _ - and /)"
                    + " or an https URL");
        }
    }
}
