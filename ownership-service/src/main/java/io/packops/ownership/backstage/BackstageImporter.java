package io.packops.ownership.backstage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.backstage.BackstageCatalogReader.Format;
import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.PagerDutyRoute;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Slugs;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.document.validation.Violation;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns Backstage catalog entities into an ownership document for review ({@code POST
 * /v1/ownership/import/backstage}); nothing is applied. Everything the mapping had to guess, change or leave
 * out is a note on the entity it came from. Tolerant like Backstage: entity references may be
 * {@code group:default/billing}, {@code group:billing} or {@code billing} (default kind by field, default
 * namespace the referring entity's), and compare case-insensitively.
 *
 * <h2>Mapping</h2>
 * <ul>
 * <li><b>Group → team.</b> id from {@code metadata.name}; name from {@code spec.profile.displayName}, else
 *   {@code metadata.title}, else the name; email from {@code spec.profile.email}; Slack channel from the
 *   annotation {@code slack.com/channel} (or {@code slack.com/channel-name}, {@code slack/channel}), written
 *   {@code #name}. Organisational groups ({@code spec.type} organization, business-unit, department, division)
 *   that own nothing are left out with a note: they are where teams hang, not teams.</li>
 * <li><b>PagerDuty.</b> The annotation {@code pagerduty.com/integration-key} on the group, else on the first
 *   component it owns, is the team's Events API v2 route. The key is a secret: the document gets
 *   {@code ${PD_<TEAM_ID_UPPER_SNAKE>}} and a note names the variable and the entity to take the key from;
 *   the key never appears in the document or the notes. A value that already is a {@code ${ENV}} reference
 *   is kept. A second, different key for the same team is noted and not used (a team has one route).</li>
 * <li><b>User → person.</b> id from {@code metadata.name}; name and email from {@code spec.profile}; team is
 *   the first {@code spec.memberOf} group (or {@code memberOf} relation, in catalog API responses) that
 *   became a team, else a team whose group lists the user in {@code spec.members}; time zone from the
 *   annotation {@code packops.io/timezone} when it is an IANA id, else {@code UTC} with a note.</li>
 * <li><b>Component, System, API, Resource → rules.</b> connector from the annotation
 *   {@code packops.io/connector} (comma-separated for several; {@code "*"} makes the catch-all rule), else
 *   the tags {@code connector:<slug>} / {@code connector-<slug>}; pack from {@code packops.io/pack}, else the
 *   component's own name when its {@code spec.type} is {@code dashboard-pack}. The team is the owner
 *   ({@code spec.owner}): a group that is not in the catalog becomes a team of that name (noted, as it has
 *   no contacts), a user means that user's team (noted). Runbook from {@code packops.io/runbook}, else the
 *   first {@code metadata.links} entry whose type, title or icon says runbook; only https URLs and
 *   {@code runbooks/….md} paths are taken. Support queue from {@code packops.io/support-queue}, else
 *   {@value #DEFAULT_SUPPORT_QUEUE} (noted); first reply from {@code packops.io/first-reply}. A component
 *   without connector or pack gets a note and no rule; System, API and Resource entities are only looked
 *   at when they carry these annotations. When two entities map to the same match the first one wins and
 *   the other is noted.</li>
 * <li><b>Catch-all.</b> When no entity names connector {@code "*"}, the owner of the first entity annotated
 *   {@code packops.io/catch-all: "true"} gets the {@code "*"} rule, else the first team does, with a note
 *   asking the reviewer to confirm.</li>
 * <li><b>Escalation.</b> Backstage has none. Each team gets {@code <team>-default} with one level at
 *   minute 0 targeting the team, and a note that the schedules live in PagerDuty and must be added.</li>
 * <li><b>No schedules.</b> The catalog knows who is in a team, not who is on call when: rotation order,
 *   start, hand-off time and overrides live in PagerDuty (the PagerDuty plugin reads them at run time from
 *   {@code pagerduty.com/service-id}). A rotation invented from group members would look right and page
 *   the wrong person, so none is generated.</li>
 * <li><b>Ids</b> are lower-case slugs: anything but a-z and 0-9 becomes {@code -} (so {@code jane.doe} is
 *   {@code jane-doe}); a clash takes the namespace as prefix, then a number. Every changed id is noted.
 *   Connector and pack slugs keep {@code _} ({@code google_ads}).</li>
 * <li>Other kinds (Location, Domain, Template, ...) are counted in one note and otherwise ignored.</li>
 * </ul>
 */
@ApplicationScoped
public class BackstageImporter {

    public static final String DEFAULT_SUPPORT_QUEUE = "tier1";

    static final String CONNECTOR = "packops.io/connector";
    static final String PACK = "packops.io/pack";
    static final String CATCH_ALL = "packops.io/catch-all";
    static final String SUPPORT_QUEUE = "packops.io/support-queue";
    static final String RUNBOOK = "packops.io/runbook";
    static final String FIRST_REPLY = "packops.io/first-reply";
    static final String TIMEZONE = "packops.io/timezone";
    static final String PD_INTEGRATION_KEY = "pagerduty.com/integration-key";
    static final String PD_SERVICE_ID = "pagerduty.com/service-id";
    static final List<String> SLACK_CHANNEL = List.of("slack.com/channel", "slack.com/channel-name", "slack/channel");

    private static final Set<String> OWNABLE = Set.of("component", "system", "api", "resource");
    private static final Set<String> ORGANISATIONAL = Set.of("organization", "organisation", "business-unit", "department",
            "division", "company");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
    private static final Pattern RUNBOOK_WORD = Pattern.compile("(?i)run[ _-]?book|playbook");
    private static final Pattern RUNBOOK_PATH = Pattern.compile("runbooks/[A-Za-z0-9._/-]*[A-Za-z0-9_-]\\.md");
    private static final int MAX_ID = 63;
    private static final Set<String> IANA_ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    /** Something the reviewer should know; {@code entity} is the Backstage reference it is about, if any. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Note(String entity, String message) {
    }

    @RegisterForReflection
    public record Summary(int entities, int teams, int people, int escalationPolicies, int rules, int notes) {
    }

    /** The proposed document (not applied), what the reviewer should check, and counts. */
    @RegisterForReflection
    public record Result(OwnershipDocument document, List<Note> notes, Summary summary) {
    }

    /** Reads and maps a catalog; malformed or unusable input is a 400/422 {@link CatalogRejected}. */
    public Result importCatalog(String body, Format format) {
        return importEntities(BackstageCatalogReader.read(body, format));
    }

    public Result importEntities(List<Entity> entities) {
        return new Mapping(entities).run();
    }

    /** A parsed entity reference. */
    record Ref(String kind, String namespace, String name) {

        String key() {
            return key(kind, namespace, name);
        }

        static String key(String kind, String namespace, String name) {
            return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return kind.toLowerCase(Locale.ROOT) + ":" + namespace + "/" + name;
        }

        /** {@code [kind:][namespace/]name}, with defaults for what is left out; null when there is no name. */
        static Ref parse(String raw, String defaultKind, String defaultNamespace) {
            String s = raw.strip();
            String kind = defaultKind;
            String namespace = defaultNamespace;
            int colon = s.indexOf(':');
            if (colon >= 0) {
                kind = colon == 0 ? defaultKind : s.substring(0, colon).strip();
                s = s.substring(colon + 1);
            }
            int slash = s.indexOf('/');
            if (slash >= 0) {
                namespace = slash == 0 ? defaultNamespace : s.substring(0, slash).strip();
                s = s.substring(slash + 1);
            }
            s = s.strip();
            return s.isEmpty() || s.contains("/") || s.contains(":") ? null : new Ref(kind, namespace, s);
        }
    }

    /** A team being assembled; the PagerDuty key itself is kept only to compare, never written out. */
    private static final class TeamDraft {
        final String id;
        final String source;
        String name;
        String email;
        String slack;
        String routingKey;
        String pagerDutyKey;
        String pagerDutySource;

        TeamDraft(String id, String source) {
            this.id = id;
            this.source = source;
        }

        Team toTeam() {
            return new Team(id, name, slack, null, email, routingKey == null ? null : new PagerDutyRoute(routingKey), null);
        }
    }

    private record RuleDraft(Rule rule, String source) {
    }

    /** One import: mutable state for a single run. */
    private static final class Mapping {
        private final List<Entity> input;
        private final List<Note> notes = new ArrayList<>();
        private final Map<String, Entity> byKey = new HashMap<>();
        private final List<Entity> groups = new ArrayList<>();
        private final List<Entity> users = new ArrayList<>();
        private final List<Entity> ownables = new ArrayList<>();
        private final Ids teamIds = new Ids("team");
        private final Ids personIds = new Ids("person");
        /** Team drafts by the key of the group they come from (or the owner reference of a group not in the catalog). */
        private final Map<String, TeamDraft> teamsByGroup = new LinkedHashMap<>();
        private final Map<String, TeamDraft> teamsByUser = new HashMap<>();
        private final List<Person> people = new ArrayList<>();
        private final Map<Rule.Match, RuleDraft> rules = new LinkedHashMap<>();
        private RuleDraft catchAllCandidate;

        Mapping(List<Entity> input) {
            this.input = input;
        }

        Result run() {
            index();
            Set<String> owningGroups = owningGroups();
            for (Entity group : groups) {
                team(group, owningGroups);
            }
            for (Entity e : ownables) {
                if (!connectors(e, false).isEmpty() || isTrue(e.annotation(CATCH_ALL))) {
                    teamForMissingGroup(e);
                }
            }
            for (Entity user : users) {
                person(user);
            }
            for (Entity e : ownables) {
                rulesOf(e);
            }
            if (teamsByGroup.isEmpty()) {
                throw nothingImportable();
            }
            catchAll();

            List<Team> teams = teamsByGroup.values().stream().map(TeamDraft::toTeam).toList();
            List<EscalationPolicy> policies = new ArrayList<>();
            for (TeamDraft t : teamsByGroup.values()) {
                policies.add(new EscalationPolicy(policyId(t.id), t.name + " (imported from Backstage)",
                        List.of(new EscalationPolicy.Level(0, List.of(EscalationPolicy.Target.team(t.id)))), 0));
                note(t.source, "escalation policy " + policyId(t.id) + " pages team " + t.id
                        + " at once and nothing after; Backstage has no on-call data — the schedules live in PagerDuty:"
                        + " add them (and later levels) before relying on this policy");
            }
            List<Rule> ruleList = new ArrayList<>(rules.values().stream().map(RuleDraft::rule).toList());
            OwnershipDocument document = new OwnershipDocument(teams, people, List.of(), policies, ruleList);
            return new Result(document, List.copyOf(notes), new Summary(input.size(), teams.size(), people.size(),
                    policies.size(), ruleList.size(), notes.size()));
        }

        // ---- entities ------------------------------------------------------------------------------------

        private void index() {
            Map<String, Integer> skipped = new TreeMap<>();
            for (Entity e : input) {
                String key = Ref.key(e.kind(), e.namespace(), e.name());
                Entity first = byKey.putIfAbsent(key, e);
                if (first != null) {
                    note(e.ref(), "the catalog has this entity twice (" + first.path() + " and " + e.path()
                            + "); only the first was imported");
                    continue;
                }
                String kind = e.kind().toLowerCase(Locale.ROOT);
                if (kind.equals("group")) {
                    groups.add(e);
                } else if (kind.equals("user")) {
                    users.add(e);
                } else if (OWNABLE.contains(kind)) {
                    ownables.add(e);
                } else {
                    skipped.merge(e.kind(), 1, Integer::sum);
                }
            }
            if (!skipped.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                skipped.forEach((kind, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ').append(kind));
                note(null, "not imported, as these kinds carry no ownership: " + sb);
            }
        }

        /** Keys of groups in the catalog that own at least one entity. */
        private Set<String> owningGroups() {
            Set<String> owning = new HashSet<>();
            for (Entity e : ownables) {
                Ref owner = ownerRef(e, false);
                if (owner != null && owner.kind().equalsIgnoreCase("group")) {
                    owning.add(owner.key());
                }
            }
            return owning;
        }

        private Ref ownerRef(Entity e, boolean noteProblems) {
            String raw = e.specText("owner");
            if (raw == null) {
                if (noteProblems) {
                    note(e.ref(), "has no spec.owner, so no team owns it");
                }
                return null;
            }
            Ref ref = Ref.parse(raw, "group", e.namespace());
            if (ref == null && noteProblems) {
                note(e.ref(), "spec.owner '" + raw + "' is not an entity reference ([kind:][namespace/]name)");
            }
            return ref;
        }

        // ---- teams ---------------------------------------------------------------------------------------

        private void team(Entity group, Set<String> owningGroups) {
            String key = Ref.key(group.kind(), group.namespace(), group.name());
            String type = group.specText("type");
            if (type != null && ORGANISATIONAL.contains(type.toLowerCase(Locale.ROOT)) && !owningGroups.contains(key)) {
                note(group.ref(), "not imported as a team: a group of type " + type + " that owns nothing (its members"
                        + " belong to the teams below it)");
                return;
            }
            TeamDraft team = new TeamDraft(teamIds.allocate(group.ref(), group.namespace(), group.name(), this), group.ref());
            team.name = firstNonNull(group.specText("profile", "displayName"), title(group), group.name());
            team.email = group.specText("profile", "email");
            team.slack = slack(group);
            teamsByGroup.put(key, team);
            offerPagerDuty(team, group);
        }

        private String slack(Entity group) {
            for (String annotation : SLACK_CHANNEL) {
                String channel = group.annotation(annotation);
                if (channel != null) {
                    return channel.startsWith("#") || channel.contains("://") ? channel : "#" + channel;
                }
            }
            return null;
        }

        /** A team for the owner of {@code e}, or null (with a note) when it has none. */
        private TeamDraft ownerTeam(Entity e) {
            Ref owner = ownerRef(e, true);
            if (owner == null) {
                return null;
            }
            String kind = owner.kind().toLowerCase(Locale.ROOT);
            if (kind.equals("user")) {
                Entity user = byKey.get(owner.key());
                if (user == null) {
                    note(e.ref(), "owner " + owner + " is a user who is not in this catalog, so the owning team is unknown");
                    return null;
                }
                TeamDraft team = teamsByUser.get(owner.key());
                if (team == null) {
                    note(e.ref(), "owner " + owner + " is a user with no team, so no team owns it");
                    return null;
                }
                note(e.ref(), "owner " + owner + " is a person; ownership goes to their team " + team.id);
                return team;
            }
            if (!kind.equals("group")) {
                note(e.ref(), "owner " + owner + " is neither a group nor a user");
                return null;
            }
            TeamDraft team = teamsByGroup.get(owner.key());
            if (team == null) {
                note(e.ref(), "owner " + owner + " is not a team in this import");
            }
            return team;
        }

        /** A group that owns rules but is not in the catalog (one repository's catalog-info.yaml) still becomes a team. */
        private void teamForMissingGroup(Entity e) {
            Ref owner = ownerRef(e, false);
            if (owner == null || !owner.kind().equalsIgnoreCase("group") || teamsByGroup.containsKey(owner.key())
                    || byKey.containsKey(owner.key())) {
                return;
            }
            TeamDraft team = new TeamDraft(teamIds.allocate(owner.toString(), owner.namespace(), owner.name(), this),
                    owner.toString());
            team.name = owner.name();
            teamsByGroup.put(owner.key(), team);
            note(owner.toString(), "group " + owner + " (owner of " + e.ref() + ") is not in this catalog; team " + team.id
                    + " was made from the reference alone — add its name, email and paging route");
        }

        private void offerPagerDuty(TeamDraft team, Entity source) {
            String key = source.annotation(PD_INTEGRATION_KEY);
            if (key == null) {
                if (source.annotation(PD_SERVICE_ID) != null) {
                    note(source.ref(), "has " + PD_SERVICE_ID + " but no " + PD_INTEGRATION_KEY
                            + "; packops pages through the PagerDuty Events API v2, which needs the integration key");
                }
                return;
            }
            if (team.pagerDutyKey != null) {
                if (!team.pagerDutyKey.equals(key)) {
                    note(source.ref(), "its " + PD_INTEGRATION_KEY + " differs from the one of " + team.pagerDutySource
                            + "; team " + team.id + " pages one PagerDuty route and keeps the first — check which"
                            + " PagerDuty service should be paged");
                }
                return;
            }
            team.pagerDutyKey = key;
            team.pagerDutySource = source.ref();
            if (ENV_REFERENCE.matcher(key).matches()) {
                team.routingKey = key;
                note(source.ref(), "team " + team.id + " pages PagerDuty with " + key + ", the environment reference in its "
                        + PD_INTEGRATION_KEY + " annotation; set that variable for ownership-service");
                return;
            }
            String variable = "PD_" + team.id.toUpperCase(Locale.ROOT).replace('-', '_');
            team.routingKey = "${" + variable + "}";
            note(source.ref(), "set the environment variable " + variable + " of ownership-service to the PagerDuty"
                    + " integration key in this entity's " + PD_INTEGRATION_KEY + " annotation; team " + team.id
                    + " pages ${" + variable + "} (a secret: the key itself was not copied)");
        }

        // ---- people --------------------------------------------------------------------------------------

        private List<String> memberships(Entity user) {
            List<String> refs = new ArrayList<>(user.specRefs("memberOf"));
            refs.addAll(user.relations("memberOf"));
            return refs;
        }

        private void person(Entity user) {
            String id = personIds.allocate(user.ref(), user.namespace(), user.name(), this);
            String userKey = Ref.key(user.kind(), user.namespace(), user.name());
            TeamDraft team = null;
            for (String raw : memberships(user)) {
                Ref ref = Ref.parse(raw, "group", user.namespace());
                if (ref != null && ref.kind().equalsIgnoreCase("group") && teamsByGroup.containsKey(ref.key())) {
                    team = teamsByGroup.get(ref.key());
                    break;
                }
            }
            if (team == null) {
                for (Entity group : groups) {
                    TeamDraft candidate = teamsByGroup.get(Ref.key(group.kind(), group.namespace(), group.name()));
                    if (candidate != null && group.specRefs("members").stream()
                            .map(raw -> Ref.parse(raw, "user", group.namespace()))
                            .anyMatch(ref -> ref != null && ref.key().equals(userKey))) {
                        team = candidate;
                        break;
                    }
                }
            }
            if (team == null) {
                note(user.ref(), "is a member of no imported group; person " + id + " has no team");
            } else {
                teamsByUser.put(userKey, team);
            }
            String zone = user.annotation(TIMEZONE);
            if (zone == null) {
                note(user.ref(), "has no " + TIMEZONE + " annotation; person " + id
                        + " gets time zone UTC — set the real one");
                zone = "UTC";
            } else if (!IANA_ZONES.contains(zone)) {
                note(user.ref(), TIMEZONE + " '" + zone + "' is not an IANA time zone id (like Europe/Madrid); person "
                        + id + " gets UTC — set the real one");
                zone = "UTC";
            }
            people.add(new Person(id, firstNonNull(user.specText("profile", "displayName"), title(user), user.name()),
                    user.specText("profile", "email"), team == null ? null : team.id, zone, null));
        }

        // ---- rules ---------------------------------------------------------------------------------------

        private void rulesOf(Entity e) {
            List<String> connectors = connectors(e, true);
            String pack = pack(e);
            boolean catchAll = isTrue(e.annotation(CATCH_ALL));
            if (connectors.isEmpty() && !catchAll) {
                if (pack != null) {
                    note(e.ref(), "names pack " + pack + " but no connector; a rule needs one — add the " + CONNECTOR
                            + " annotation");
                } else if (e.is("component")) {
                    note(e.ref(), "no " + CONNECTOR + " annotation, connector:<slug> tag or " + PACK
                            + " annotation; no rule was made from it");
                }
                TeamDraft team = knownOwnerTeam(e);
                if (team != null) {
                    offerPagerDuty(team, e);
                }
                return;
            }
            TeamDraft team = ownerTeam(e);
            if (team == null) {
                return;
            }
            offerPagerDuty(team, e);
            List<Rule.Match> matches = new ArrayList<>();
            for (String connector : connectors) {
                String rulePack = pack;
                if ("*".equals(connector) && pack != null) {
                    note(e.ref(), "connector \"*\" with pack " + pack + ": a pack rule needs a real connector, so this is"
                            + " the catch-all rule and the pack was left out");
                    rulePack = null;
                }
                Rule.Match match = new Rule.Match(connector, rulePack);
                RuleDraft taken = rules.get(match);
                if (taken != null) {
                    note(e.ref(), "maps to the same match as " + taken.source() + " (" + describe(match) + ", team "
                            + taken.rule().team() + "); the first one was kept and no rule for it was made from this"
                            + " entity — settle the owner in Backstage or edit the document");
                } else if (!matches.contains(match)) {
                    matches.add(match);
                }
            }
            if (matches.isEmpty() && !(catchAll && catchAllCandidate == null)) {
                if (catchAll) {
                    note(e.ref(), "is marked " + CATCH_ALL + " too; " + catchAllCandidate.source() + " came first and was used");
                }
                return;
            }
            String runbook = runbook(e);
            String queue = e.annotation(SUPPORT_QUEUE);
            String firstReply = e.annotation(FIRST_REPLY);
            if (queue == null) {
                note(e.ref(), "no " + SUPPORT_QUEUE + " annotation; support queue " + DEFAULT_SUPPORT_QUEUE + " was used");
            }
            String supportQueue = queue == null ? DEFAULT_SUPPORT_QUEUE : queue;
            for (Rule.Match match : matches) {
                rules.put(match, new RuleDraft(new Rule(match, team.id, policyId(team.id), runbook, supportQueue, firstReply),
                        e.ref()));
            }
            if (catchAll) {
                if (catchAllCandidate == null) {
                    catchAllCandidate = new RuleDraft(new Rule(new Rule.Match("*", null), team.id, policyId(team.id), runbook,
                            supportQueue, firstReply), e.ref());
                } else {
                    note(e.ref(), "is marked " + CATCH_ALL + " too; " + catchAllCandidate.source() + " came first and was used");
                }
            }
        }

        /** The owner's team when it is already known (no notes, no new teams): for PagerDuty keys of plain services. */
        private TeamDraft knownOwnerTeam(Entity e) {
            Ref owner = ownerRef(e, false);
            if (owner == null) {
                return null;
            }
            return owner.kind().equalsIgnoreCase("user") ? teamsByUser.get(owner.key()) : teamsByGroup.get(owner.key());
        }

        private List<String> connectors(Entity e, boolean noteChanges) {
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
                    note(e.ref(), what + " '" + value + "' has no letters or digits to make a slug from; it was ignored");
                }
                return null;
            }
            if (!slug.equals(value) && noteChanges) {
                note(e.ref(), what + " '" + value + "' was written as the slug " + slug);
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
                note(e.ref(), "runbook " + c[1] + " (" + c[0] + ") is neither an https URL nor a runbooks/….md path; not used");
            }
            if (candidates.isEmpty()) {
                note(e.ref(), "no runbook link (a metadata.links entry titled Runbook, or " + RUNBOOK
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

        private void catchAll() {
            boolean present = rules.keySet().stream().anyMatch(Rule.Match::isCatchAll);
            if (present) {
                if (catchAllCandidate != null) {
                    note(catchAllCandidate.source(), "is marked " + CATCH_ALL + ", but " + rules.values().stream()
                            .filter(r -> r.rule().match().isCatchAll()).findFirst().orElseThrow().source()
                            + " already names connector \"*\"; that rule was kept");
                }
                return;
            }
            if (catchAllCandidate != null) {
                rules.put(catchAllCandidate.rule().match(), catchAllCandidate);
                note(catchAllCandidate.source(), "its owner " + catchAllCandidate.rule().team()
                        + " gets the catch-all rule (connector \"*\") as it is marked " + CATCH_ALL);
                return;
            }
            TeamDraft first = teamsByGroup.values().iterator().next();
            Rule rule = new Rule(new Rule.Match("*", null), first.id, policyId(first.id), null, DEFAULT_SUPPORT_QUEUE, null);
            rules.put(rule.match(), new RuleDraft(rule, first.source));
            note(first.source, "no entity names connector \"*\" or is marked " + CATCH_ALL + ": the catch-all rule went to"
                    + " the first team, " + first.id + ", with support queue " + DEFAULT_SUPPORT_QUEUE
                    + " and no runbook — confirm who should own connectors nobody else owns");
        }

        private CatalogRejected nothingImportable() {
            List<Violation> errors = new ArrayList<>();
            Map<String, Integer> kinds = new TreeMap<>();
            input.forEach(e -> kinds.merge(e.kind(), 1, Integer::sum));
            errors.add(new Violation("", "found " + kinds.toString().replaceAll("[{}]", "").replace("=", ": ")));
            if (groups.isEmpty()) {
                errors.add(new Violation("", "no Group entity to make a team from"));
            } else {
                errors.add(new Violation("", "every Group is organisational (type organization, department, ...) and owns nothing"));
            }
            errors.add(new Violation("", "no Component with a " + CONNECTOR + " annotation (or connector:<slug> tag)"
                    + " and an owner group"));
            notes.stream().filter(n -> n.entity() != null).limit(20)
                    .forEach(n -> errors.add(new Violation(n.entity(), n.message())));
            return CatalogRejected.unusable("nothing to import: the catalog yields no team, so there is no"
                    + " ownership to propose", errors);
        }

        void note(String entity, String message) {
            notes.add(new Note(entity, message));
        }
    }

    /** Ids for one section of the document: slugs, unique, every change noted. */
    private static final class Ids {
        private final String section;
        private final Map<String, String> owners = new HashMap<>();

        Ids(String section) {
            this.section = section;
        }

        String allocate(String ref, String namespace, String name, Mapping mapping) {
            String base = slug(name);
            String id = base;
            if (owners.containsKey(id) && !"default".equalsIgnoreCase(namespace)) {
                id = slug(namespace + "-" + name);
            }
            for (int n = 2; owners.containsKey(id); n++) {
                String suffix = "-" + n;
                id = trimEnd(base.substring(0, Math.min(base.length(), MAX_ID - suffix.length()))) + suffix;
            }
            owners.put(id, ref);
            if (!id.equals(base)) {
                mapping.note(ref, section + " id " + id + ": " + base + " is already the id of " + owners.get(base));
            } else if (!id.equals(name)) {
                mapping.note(ref, section + " id " + id + " was made from the name '" + name
                        + "' (ids are lower-case slugs of a-z, 0-9 and '-')");
            }
            return id;
        }
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_ID) {
            s = trimEnd(s.substring(0, MAX_ID));
        }
        return s.isEmpty() ? "unnamed" : s;
    }

    private static String trimEnd(String s) {
        return s.replaceAll("-+$", "");
    }

    static String policyId(String teamId) {
        return teamId + "-default";
    }

    private static String describe(Rule.Match m) {
        return "connector " + m.connector() + (m.pack() == null ? "" : ", pack " + m.pack());
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String title(Entity e) {
        return BackstageCatalogReader.text(e.metadata().path("title"));
    }
}
