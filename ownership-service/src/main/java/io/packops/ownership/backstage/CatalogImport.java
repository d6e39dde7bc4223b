package io.packops.ownership.backstage;

import io.packops.ownership.backstage.BackstageCatalogReader.Entity;
import io.packops.ownership.backstage.BackstageImporter.Note;
import io.packops.ownership.backstage.BackstageImporter.Result;
import io.packops.ownership.backstage.BackstageImporter.Summary;
import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.document.validation.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.packops.ownership.backstage.BackstageImporter.CATCH_ALL;
import static io.packops.ownership.backstage.BackstageImporter.CONNECTOR;
import static io.packops.ownership.backstage.BackstageImporter.OWNABLE;

/**
 * One import: the catalog's entities by kind, the notes for the reviewer, and the mappings run in order — groups to
 * teams, users to people, components to rules, then the catch-all rule and a policy per team.
 */
final class CatalogImport {

    private final List<Entity> input;
    private final List<Note> notes = new ArrayList<>();
    final Map<String, Entity> byKey = new HashMap<>();
    final List<Entity> groups = new ArrayList<>();
    private final List<Entity> users = new ArrayList<>();
    private final List<Entity> ownables = new ArrayList<>();

    CatalogImport(List<Entity> input) {
        this.input = input;
    }

    Result run() {
        index();
        TeamMapping teams = new TeamMapping(this);
        PersonMapping people = new PersonMapping(this, teams);
        RuleMapping rules = new RuleMapping(this, teams);
        Set<String> owningGroups = owningGroups();
        for (Entity group : groups) {
            teams.team(group, owningGroups);
        }
        for (Entity e : ownables) {
            if (!rules.connectors(e, false).isEmpty() || isTrue(e.annotation(CATCH_ALL))) {
                teams.teamForMissingGroup(e);
            }
        }
        for (Entity user : users) {
            people.person(user);
        }
        for (Entity e : ownables) {
            rules.rulesOf(e);
        }
        if (teams.isEmpty()) {
            throw nothingImportable();
        }
        rules.catchAll();

        List<Team> teamList = teams.teams();
        List<EscalationPolicy> policies = teams.policies();
        List<Rule> ruleList = rules.rules();
        OwnershipDocument document = new OwnershipDocument(teamList, people.people(), List.of(), policies, ruleList);
        return new Result(document, List.copyOf(notes), new Summary(input.size(), teamList.size(), people.people().size(),
                policies.size(), ruleList.size(), notes.size()));
    }

    private void index() {
        Map<String, Integer> skipped = new TreeMap<>();
        for (Entity e : input) {
            String key = EntityRef.key(e.kind(), e.namespace(), e.name());
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
            EntityRef owner = ownerRef(e, false);
            if (owner != null && owner.kind().equalsIgnoreCase("group")) {
                owning.add(owner.key());
            }
        }
        return owning;
    }

    EntityRef ownerRef(Entity e, boolean noteProblems) {
        String raw = e.specText("owner");
        if (raw == null) {
            if (noteProblems) {
                note(e.ref(), "has no spec.owner, so no team owns it");
            }
            return null;
        }
        EntityRef ref = EntityRef.parse(raw, "group", e.namespace());
        if (ref == null && noteProblems) {
            note(e.ref(), "spec.owner '" + raw + "' is not an entity reference ([kind:][namespace/]name)");
        }
        return ref;
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

    static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("yes"));
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static String title(Entity e) {
        return BackstageCatalogReader.text(e.metadata().path("title"));
    }
}
