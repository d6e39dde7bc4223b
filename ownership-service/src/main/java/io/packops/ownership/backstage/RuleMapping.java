package io.packops.ownership.backstage;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.backstage.TeamMapping.TeamDraft;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Slugs;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static io.packops.ownership.backstage.BackstageImporter.CATCH_ALL;
import static io.packops.ownership.backstage.BackstageImporter.CONNECTOR;
import static io.packops.ownership.backstage.BackstageImporter.DEFAULT_SUPPORT_QUEUE;
import static io.packops.ownership.backstage.BackstageImporter.FIRST_REPLY;
import static io.packops.ownership.backstage.BackstageImporter.MAX_ID;
import static io.packops.ownership.backstage.BackstageImporter.PACK;
import static io.packops.ownership.backstage.BackstageImporter.RUNBOOK;
import static io.packops.ownership.backstage.BackstageImporter.RUNBOOK_PATH;
import static io.packops.ownership.backstage.BackstageImporter.RUNBOOK_WORD;
import static io.packops.ownership.backstage.BackstageImporter.SUPPORT_QUEUE;

/**
 * Components (and System, API, Resource entities with the annotations) become rules: connectors and pack from the
 * {@code packops.io/*} annotations or tags, the owner's team, runbook, support queue and first reply; then the
 * catch-all rule. Two entities mapping to the same match: the first wins and the other is noted.
 */
final class RuleMapping {

    private record RuleDraft(Rule rule, String source) {
    }

    private final CatalogImport mapping;
    private final TeamMapping teams;
    private final Map<Rule.Match, RuleDraft> rules = new LinkedHashMap<>();
    private RuleDraft catchAllCandidate;

    RuleMapping(CatalogImport mapping, TeamMapping teams) {
        this.mapping = mapping;
        this.teams = teams;
    }

    List<Rule> rules() {
        return new ArrayList<>(rules.values().stream().map(RuleDraft::rule).toList());
    }

    void rulesOf(Entity e) {
        List<String> connectors = connectors(e, true);
        String pack = pack(e);
        boolean catchAll = CatalogImport.isTrue(e.annotation(CATCH_ALL));
        if (connectors.isEmpty() && !catchAll) {
            if (pack != null) {
                mapping.note(e.ref(), "names pack " + pack + " but no connector; a rule needs one — add the " + CONNECTOR
                        + " annotation");
            } else if (e.is("component")) {
                mapping.note(e.ref(), "no " + CONNECTOR + " annotation, connector:<slug> tag or " + PACK
                        + " annotation; no rule was made from it");
            }
            TeamDraft team = teams.knownOwnerTeam(e);
            if (team != null) {
                teams.offerPagerDuty(team, e);
            }
            return;
        }
        TeamDraft team = teams.ownerTeam(e);
        if (team == null) {
            return;
        }
        teams.offerPagerDuty(team, e);
        List<Rule.Match> matches = new ArrayList<>();
        for (String connector : connectors) {
            String rulePack = pack;
            if ("*".equals(connector) && pack != null) {
                mapping.note(e.ref(), "connector \"*\" with pack " + pack + ": a pack rule needs a real connector, so this is"
                        + " the catch-all rule and the pack was left out");
                rulePack = null;
            }
            Rule.Match match = new Rule.Match(connector, rulePack);
            RuleDraft taken = rules.get(match);
            if (taken != null) {
                mapping.note(e.ref(), "maps to the same match as " + taken.source() + " (" + describe(match) + ", team "
                        + taken.rule().team() + "); the first one was kept and no rule for it was made from this"
                        + " entity — settle the owner in Backstage or edit the document");
            } else if (!matches.contains(match)) {
                matches.add(match);
            }
        }
        if (matches.isEmpty() && !(catchAll && catchAllCandidate == null)) {
            if (catchAll) {
                mapping.note(e.ref(), "is marked " + CATCH_ALL + " too; " + catchAllCandidate.source() + " came first and was used");
            }
            return;
        }
        String runbook = runbook(e);
        String queue = e.annotation(SUPPORT_QUEUE);
        String firstReply = e.annotation(FIRST_REPLY);
        if (queue == null) {
            mapping.note(e.ref(), "no " + SUPPORT_QUEUE + " annotation; support queue " + DEFAULT_SUPPORT_QUEUE + " was used");
        }
        String supportQueue = queue == null ? DEFAULT_SUPPORT_QUEUE : queue;
        for (Rule.Match match : matches) {
            rules.put(match, new RuleDraft(new Rule(match, team.id, TeamMapping.policyId(team.id), runbook, supportQueue, firstReply),
                    e.ref()));
        }
        if (catchAll) {
            if (catchAllCandidate == null) {
                catchAllCandidate = new RuleDraft(new Rule(new Rule.Match("*", null), team.id, TeamMapping.policyId(team.id), runbook,
                        supportQueue, firstReply), e.ref());
            } else {
                mapping.note(e.ref(), "is marked " + CATCH_ALL + " too; " + catchAllCandidate.source() + " came first and was used");
            }
        }
    }

    List<String> connectors(Entity e, boolean noteChanges) {
        Set<String> raw = new LinkedHashSet<>();
        String annotation = e.annotation(CONNECTOR);
        if (annotation != null) {
            for (String part : annotation.split(",")) {
                if (!part.isBlank()) {
                    raw.add(part.strip());
                }
            }
        } else {
            for (String tag : e.tags()) {
                String t = tag.toLowerCase(Locale.ROOT);
                if (t.startsWith("connector:") || t.startsWith("connector-")) {
                    raw.add(tag.substring("connector:".length()));
                }
            }
        }
        List<String> connectors = new ArrayList<>();
        for (String r : raw) {
            String slug = "*".equals(r) ? r : matchSlug(e, "connector", r, noteChanges);
            if (slug != null && !connectors.contains(slug)) {
                connectors.add(slug);
            }
        }
        return connectors;
    }

    private String pack(Entity e) {
        String annotation = e.annotation(PACK);
        if (annotation != null) {
            return matchSlug(e, "pack", annotation, true);
        }
        if (e.is("component") && "dashboard-pack".equalsIgnoreCase(e.specText("type"))) {
            return matchSlug(e, "pack", e.name(), true);
        }
        return null;
    }

    /** Connector and pack names as DESIGN spells slugs ({@code google_ads} keeps its underscore). */
    private String matchSlug(Entity e, String what, String value, boolean noteChanges) {
        String slug = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-_]+|[-_]+$", "");
        if (slug.length() > MAX_ID) {
            slug = slug.substring(0, MAX_ID).replaceAll("[-_]+$", "");
        }
        if (slug.isEmpty() || !Slugs.isSlug(slug)) {
            if (noteChanges) {
                mapping.note(e.ref(), what + " '" + value + "' has no letters or digits to make a slug from; it was ignored");
            }
            return null;
        }
        if (!slug.equals(value) && noteChanges) {
            mapping.note(e.ref(), what + " '" + value + "' was written as the slug " + slug);
        }
        return slug;
    }

    private String runbook(Entity e) {
        List<String[]> candidates = new ArrayList<>();
        String annotation = e.annotation(RUNBOOK);
        if (annotation != null) {
            candidates.add(new String[] {annotation, "annotation " + RUNBOOK});
        }
        JsonNode links = e.metadata().path("links");
        for (JsonNode link : links.isArray() ? links : List.<JsonNode>of()) {
            String url = BackstageCatalogReader.text(link.path("url"));
            boolean says = RUNBOOK_WORD.matcher(Objects.toString(BackstageCatalogReader.text(link.path("type")), "")).find()
                    || RUNBOOK_WORD.matcher(Objects.toString(BackstageCatalogReader.text(link.path("title")), "")).find()
                    || RUNBOOK_WORD.matcher(Objects.toString(BackstageCatalogReader.text(link.path("icon")), "")).find();
            if (says && url != null) {
                candidates.add(new String[] {url, "link '" + Objects.toString(BackstageCatalogReader.text(link.path("title")), url) + "'"});
            }
        }
        for (String[] c : candidates) {
            String runbook = runbookValue(c[0]);
            if (runbook != null) {
                return runbook;
            }
            mapping.note(e.ref(), "runbook " + c[1] + " (" + c[0] + ") is neither an https URL nor a runbooks/….md path; not used");
        }
        if (candidates.isEmpty()) {
            mapping.note(e.ref(), "no runbook link (a metadata.links entry titled Runbook, or " + RUNBOOK
                    + "); its rule has no runbook");
        }
        return null;
    }

    private static String runbookValue(String value) {
        if (value.regionMatches(true, 0, "https://", 0, 8)) {
            try {
                URI uri = new URI(value);
                return uri.getHost() == null ? null : value;
            } catch (Exception notAUri) {
                return null;
            }
        }
        String path = value.startsWith("./") ? value.substring(2) : value.startsWith("/") ? value.substring(1) : value;
        return RUNBOOK_PATH.matcher(path).matches() && !path.contains("..") && !path.contains("//") ? path : null;
    }

    void catchAll() {
        boolean present = rules.keySet().stream().anyMatch(Rule.Match::isCatchAll);
        if (present) {
            if (catchAllCandidate != null) {
                mapping.note(catchAllCandidate.source(), "is marked " + CATCH_ALL + ", but " + rules.values().stream()
                        .filter(r -> r.rule().match().isCatchAll()).findFirst().orElseThrow().source()
                        + " already names connector \"*\"; that rule was kept");
            }
            return;
        }
        if (catchAllCandidate != null) {
            rules.put(catchAllCandidate.rule().match(), catchAllCandidate);
            mapping.note(catchAllCandidate.source(), "its owner " + catchAllCandidate.rule().team()
                    + " gets the catch-all rule (connector \"*\") as it is marked " + CATCH_ALL);
            return;
        }
        TeamDraft first = teams.first();
        Rule rule = new Rule(new Rule.Match("*", null), first.id, TeamMapping.policyId(first.id), null, DEFAULT_SUPPORT_QUEUE, null);
        rules.put(rule.match(), new RuleDraft(rule, first.source));
        mapping.note(first.source, "no entity names connector \"*\" or is marked " + CATCH_ALL + ": the catch-all rule went to"
                + " the first team, " + first.id + ", with support queue " + DEFAULT_SUPPORT_QUEUE
                + " and no runbook — confirm who should own connectors nobody else owns");
    }

    private static String describe(Rule.Match m) {
        return "connector " + m.connector() + (m.pack() == null ? "" : ", pack " + m.pack());
    }
}
