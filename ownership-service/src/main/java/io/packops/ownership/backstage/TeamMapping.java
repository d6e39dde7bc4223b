package io.packops.ownership.backstage;

import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.PagerDutyRoute;
import io.packops.ownership.document.model.Team;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.packops.ownership.backstage.BackstageImporter.ENV_REFERENCE;
import static io.packops.ownership.backstage.BackstageImporter.ORGANISATIONAL;
import static io.packops.ownership.backstage.BackstageImporter.PD_INTEGRATION_KEY;
import static io.packops.ownership.backstage.BackstageImporter.PD_SERVICE_ID;
import static io.packops.ownership.backstage.BackstageImporter.SLACK_CHANNEL;

/**
 * Groups become teams: ids, names, contacts, the Slack channel, and the PagerDuty route (as a {@code ${PD_...}}
 * reference, never the key itself); each team gets a one-level escalation policy paging it.
 */
final class TeamMapping {

/** A team being assembled; the PagerDuty key itself is kept only to compare, never written out. */
static final class TeamDraft {
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

    private final CatalogImport mapping;
    private final Ids teamIds = new Ids("team");
    /** Team drafts by the key of the group they come from (or the owner reference of a group not in the catalog). */
    private final Map<String, TeamDraft> teamsByGroup = new LinkedHashMap<>();
    private final Map<String, TeamDraft> teamsByUser = new HashMap<>();

    TeamMapping(CatalogImport mapping) {
        this.mapping = mapping;
    }

    /** The team made from the group with this key, or null. */
    TeamDraft ofGroup(String groupKey) {
        return teamsByGroup.get(groupKey);
    }

    /** The user with this key belongs to {@code team}. */
    void joined(String userKey, TeamDraft team) {
        teamsByUser.put(userKey, team);
    }

    boolean isEmpty() {
        return teamsByGroup.isEmpty();
    }

    /** The first team, in catalog order. */
    TeamDraft first() {
        return teamsByGroup.values().iterator().next();
    }

    List<Team> teams() {
        return teamsByGroup.values().stream().map(TeamDraft::toTeam).toList();
    }

    /** One policy per team, paging the team at once, with a note that schedules and later levels must be added. */
    List<EscalationPolicy> policies() {
        List<EscalationPolicy> policies = new ArrayList<>();
        for (TeamDraft t : teamsByGroup.values()) {
            policies.add(new EscalationPolicy(policyId(t.id), t.name + " (imported from Backstage)",
                    List.of(new EscalationPolicy.Level(0, List.of(EscalationPolicy.Target.team(t.id)))), 0));
            mapping.note(t.source, "escalation policy " + policyId(t.id) + " pages team " + t.id
                    + " at once and nothing after; Backstage has no on-call data — the schedules live in PagerDuty:"
                    + " add them (and later levels) before relying on this policy");
        }
        return policies;
    }

    static String policyId(String teamId) {
        return teamId + "-default";
    }

    void team(Entity group, Set<String> owningGroups) {
        String key = EntityRef.key(group.kind(), group.namespace(), group.name());
        String type = group.specText("type");
        if (type != null && ORGANISATIONAL.contains(type.toLowerCase(Locale.ROOT)) && !owningGroups.contains(key)) {
            mapping.note(group.ref(), "not imported as a team: a group of type " + type + " that owns nothing (its members"
                    + " belong to the teams below it)");
            return;
        }
        TeamDraft team = new TeamDraft(teamIds.allocate(group.ref(), group.namespace(), group.name(), mapping), group.ref());
        team.name = CatalogImport.firstNonNull(group.specText("profile", "displayName"), CatalogImport.title(group), group.name());
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
    TeamDraft ownerTeam(Entity e) {
        EntityRef owner = mapping.ownerRef(e, true);
        if (owner == null) {
            return null;
        }
        String kind = owner.kind().toLowerCase(Locale.ROOT);
        if (kind.equals("user")) {
            Entity user = mapping.byKey.get(owner.key());
            if (user == null) {
                mapping.note(e.ref(), "owner " + owner + " is a user who is not in this catalog, so the owning team is unknown");
                return null;
            }
            TeamDraft team = teamsByUser.get(owner.key());
            if (team == null) {
                mapping.note(e.ref(), "owner " + owner + " is a user with no team, so no team owns it");
                return null;
            }
            mapping.note(e.ref(), "owner " + owner + " is a person; ownership goes to their team " + team.id);
            return team;
        }
        if (!kind.equals("group")) {
            mapping.note(e.ref(), "owner " + owner + " is neither a group nor a user");
            return null;
        }
        TeamDraft team = teamsByGroup.get(owner.key());
        if (team == null) {
            mapping.note(e.ref(), "owner " + owner + " is not a team in this import");
        }
        return team;
    }

    /** The owner's team when it is already known (no notes, no new teams): for PagerDuty keys of plain services. */
    TeamDraft knownOwnerTeam(Entity e) {
        EntityRef owner = mapping.ownerRef(e, false);
        if (owner == null) {
            return null;
        }
        return owner.kind().equalsIgnoreCase("user") ? teamsByUser.get(owner.key()) : teamsByGroup.get(owner.key());
    }

    /** A group that owns rules but is not in the catalog (one repository's catalog-info.yaml) still becomes a team. */
    void teamForMissingGroup(Entity e) {
        EntityRef owner = mapping.ownerRef(e, false);
        if (owner == null || !owner.kind().equalsIgnoreCase("group") || teamsByGroup.containsKey(owner.key())
                || mapping.byKey.containsKey(owner.key())) {
            return;
        }
        TeamDraft team = new TeamDraft(teamIds.allocate(owner.toString(), owner.namespace(), owner.name(), mapping),
                owner.toString());
        team.name = owner.name();
        teamsByGroup.put(owner.key(), team);
        mapping.note(owner.toString(), "group " + owner + " (owner of " + e.ref() + ") is not in this catalog; team " + team.id
                + " was made from the reference alone — add its name, email and paging route");
    }

    void offerPagerDuty(TeamDraft team, Entity source) {
        String key = source.annotation(PD_INTEGRATION_KEY);
        if (key == null) {
            if (source.annotation(PD_SERVICE_ID) != null) {
                mapping.note(source.ref(), "has " + PD_SERVICE_ID + " but no " + PD_INTEGRATION_KEY
                        + "; packops pages through the PagerDuty Events API v2, which needs the integration key");
            }
            return;
        }
        if (team.pagerDutyKey != null) {
            if (!team.pagerDutyKey.equals(key)) {
                mapping.note(source.ref(), "its " + PD_INTEGRATION_KEY + " differs from the one of " + team.pagerDutySource
                        + "; team " + team.id + " pages one PagerDuty route and keeps the first — check which"
                        + " PagerDuty service should be paged");
            }
            return;
        }
        team.pagerDutyKey = key;
        team.pagerDutySource = source.ref();
        if (ENV_REFERENCE.matcher(key).matches()) {
            team.routingKey = key;
            mapping.note(source.ref(), "team " + team.id + " pages PagerDuty with " + key + ", the environment reference in its "
                    + PD_INTEGRATION_KEY + " annotation; set that variable for ownership-service");
            return;
        }
        String variable = "PD_" + team.id.toUpperCase(Locale.ROOT).replace('-', '_');
        team.routingKey = "${" + variable + "}";
        mapping.note(source.ref(), "set the environment variable " + variable + " of ownership-service to the PagerDuty"
                + " integration key in this entity's " + PD_INTEGRATION_KEY + " annotation; team " + team.id
                + " pages ${" + variable + "} (a secret: the key itself was not copied)");
    }
}
