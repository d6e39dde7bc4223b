package io.packops.ownership.backstage;

import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.backstage.TeamMapping.TeamDraft;
import io.packops.ownership.document.model.Person;

import java.util.ArrayList;
import java.util.List;

import static io.packops.ownership.backstage.BackstageImporter.IANA_ZONES;
import static io.packops.ownership.backstage.BackstageImporter.TIMEZONE;

/**
 * Users become people: id, name and e-mail from the profile, the team of the first group they are a member of, and
 * the time zone of their {@code packops.io/timezone} annotation (UTC, noted, when it is missing or not an IANA id).
 */
final class PersonMapping {

    private final CatalogImport mapping;
    private final TeamMapping teams;
    private final Ids personIds = new Ids("person");
    private final List<Person> people = new ArrayList<>();

    PersonMapping(CatalogImport mapping, TeamMapping teams) {
        this.mapping = mapping;
        this.teams = teams;
    }

    List<Person> people() {
        return people;
    }

    private List<String> memberships(Entity user) {
        List<String> refs = new ArrayList<>(user.specRefs("memberOf"));
        refs.addAll(user.relations("memberOf"));
        return refs;
    }

    void person(Entity user) {
        String id = personIds.allocate(user.ref(), user.namespace(), user.name(), mapping);
        String userKey = EntityRef.key(user.kind(), user.namespace(), user.name());
        TeamDraft team = null;
        for (String raw : memberships(user)) {
            EntityRef ref = EntityRef.parse(raw, "group", user.namespace());
            if (ref != null && ref.kind().equalsIgnoreCase("group") && teams.ofGroup(ref.key()) != null) {
                team = teams.ofGroup(ref.key());
                break;
            }
        }
        if (team == null) {
            for (Entity group : mapping.groups) {
                TeamDraft candidate = teams.ofGroup(EntityRef.key(group.kind(), group.namespace(), group.name()));
                if (candidate != null && group.specRefs("members").stream()
                        .map(raw -> EntityRef.parse(raw, "user", group.namespace()))
                        .anyMatch(ref -> ref != null && ref.key().equals(userKey))) {
                    team = candidate;
                    break;
                }
            }
        }
        if (team == null) {
            mapping.note(user.ref(), "is a member of no imported group; person " + id + " has no team");
        } else {
            teams.joined(userKey, team);
        }
        String zone = user.annotation(TIMEZONE);
        if (zone == null) {
            mapping.note(user.ref(), "has no " + TIMEZONE + " annotation; person " + id
                    + " gets time zone UTC — set the real one");
            zone = "UTC";
        } else if (!IANA_ZONES.contains(zone)) {
            mapping.note(user.ref(), TIMEZONE + " '" + zone + "' is not an IANA time zone id (like Europe/Madrid); person "
                    + id + " gets UTC — set the real one");
            zone = "UTC";
        }
        people.add(new Person(id, CatalogImport.firstNonNull(user.specText("profile", "displayName"), CatalogImport.title(user), user.name()),
                user.specText("profile", "email"), team == null ? null : team.id, zone, null));
    }
}
