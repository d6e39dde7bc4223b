package io.packops.ownership.escalation;

import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.oncall.OnCallResolver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the lookup path derives from an ownership document, built once per document instead of per request:
 * ids to teams, people, schedules and policies (first one wins, as {@link OwnershipDocument#team} and friends
 * do), each team's schedules and members in document order, the {@code "*"} rule's policy, the rules indexed by
 * match, the known connectors and packs, and every schedule {@linkplain OnCallResolver#prepare prepared} for
 * on-call questions.
 *
 * <p>Documents are immutable, so an index never goes stale; {@link #of} keeps the indexes of the last few
 * documents it was asked about, by identity (the store hands out the same instance until a new revision is
 * current), so memory stays bounded whatever the number of revisions.
 */
public final class DocumentIndex {

    private static final int KEEP = 4;
    /** The most recently built first; replaced as a whole (copy on write), so readers need no lock. */
    private static volatile List<DocumentIndex> recent = List.of();

    private final OwnershipDocument document;
    private final Map<String, Team> teams = new HashMap<>();
    private final Map<String, Person> people = new HashMap<>();
    private final Map<String, OnCallResolver.Prepared> schedules = new HashMap<>();
    private final Map<String, EscalationPolicy> policies = new HashMap<>();
    private final Map<String, List<Schedule>> teamSchedules = new HashMap<>();
    private final Map<String, List<Person>> teamMembers = new HashMap<>();
    private final String catchAllPolicy;
    /** Rules naming a connector and a pack, by {@code connector + '\0' + pack}: specificity 3. */
    private final Map<String, Rule> connectorPackRules = new HashMap<>();
    /** The first rule naming a connector and this pack (what a pack-only lookup matches): specificity 3. */
    private final Map<String, Rule> firstPackRules = new HashMap<>();
    /** {@code connector: "*"} rules with a pack: specificity 2. */
    private final Map<String, Rule> anyConnectorPackRules = new HashMap<>();
    /** Rules naming only a connector: specificity 1. */
    private final Map<String, Rule> connectorRules = new HashMap<>();
    /** The first {@code connector: "*"} rule without a pack: specificity 0. */
    private final Rule catchAllRule;
    /** Connectors the rules name and the {@code connectors} catalogue lists, sorted. */
    private final Set<String> knownConnectors = new TreeSet<>();
    /** Packs the rules name → the connector of the first rule naming it ({@code "*"} for a pack under any connector). */
    private final Map<String, String> knownPacks = new TreeMap<>();

    private DocumentIndex(OwnershipDocument doc) {
        this.document = doc;
        for (Team t : doc.teams()) {
            teams.putIfAbsent(t.id(), t);
        }
        for (Person p : doc.people()) {
            people.putIfAbsent(p.id(), p);
            if (p.team() != null) {
                teamMembers.computeIfAbsent(p.team(), k -> new ArrayList<>()).add(p);
            }
        }
        for (Schedule s : doc.schedules()) {
            schedules.putIfAbsent(s.id(), OnCallResolver.prepare(s));
            if (s.team() != null) {
                teamSchedules.computeIfAbsent(s.team(), k -> new ArrayList<>()).add(s);
            }
        }
        teamSchedules.replaceAll((k, v) -> List.copyOf(v));
        teamMembers.replaceAll((k, v) -> List.copyOf(v));
        for (EscalationPolicy p : doc.escalationPolicies()) {
            policies.putIfAbsent(p.id(), p);
        }
        String catchAll = null;
        Rule catchAllR = null;
        for (Rule r : doc.rules()) {
            Rule.Match m = r.match();
            if (m == null || m.connector() == null) {
                continue; // the validator rejects these; RuleMatcher would not match them either
            }
            boolean anyConnector = "*".equals(m.connector());
            if (!anyConnector) {
                knownConnectors.add(m.connector());
            }
            if (m.pack() != null) {
                knownPacks.putIfAbsent(m.pack(), m.connector());
            }
            if (m.pack() != null && !anyConnector) {
                connectorPackRules.putIfAbsent(m.connector() + '\0' + m.pack(), r);
                firstPackRules.putIfAbsent(m.pack(), r);
            } else if (m.pack() != null) {
                anyConnectorPackRules.putIfAbsent(m.pack(), r);
            } else if (!anyConnector) {
                connectorRules.putIfAbsent(m.connector(), r);
            } else {
                if (catchAllR == null) {
                    catchAllR = r;
                }
                if (catchAll == null && r.escalation() != null) {
                    catchAll = r.escalation();
                }
            }
        }
        knownConnectors.addAll(doc.connectors());
        this.catchAllPolicy = catchAll;
        this.catchAllRule = catchAllR;
    }

    /** The index of {@code doc}: remembered for the last few documents (by identity), built otherwise. */
    public static DocumentIndex of(OwnershipDocument doc) {
        for (DocumentIndex index : recent) {
            if (index.document == doc) {
                return index;
            }
        }
        DocumentIndex built = new DocumentIndex(doc);
        synchronized (DocumentIndex.class) {
            List<DocumentIndex> kept = new ArrayList<>(KEEP);
            kept.add(built);
            for (DocumentIndex index : recent) {
                if (kept.size() < KEEP && index.document != doc) {
                    kept.add(index);
                }
            }
            recent = List.copyOf(kept);
        }
        return built;
    }

    public OwnershipDocument document() {
        return document;
    }

    /**
     * The most specific rule for {@code connector} and/or {@code pack}: exactly lookup's {@code RuleMatcher.match} on the
     * document's rules (among equally specific matches the first in the document wins), in a few hash lookups.
     */
    public Optional<Rule> rule(String connector, String pack) {
        Rule r = null;
        if (pack != null) {
            r = connector == null ? firstPackRules.get(pack) : connectorPackRules.get(connector + '\0' + pack);
            if (r == null) {
                r = anyConnectorPackRules.get(pack);
            }
        }
        if (r == null && connector != null) {
            r = connectorRules.get(connector);
        }
        return Optional.ofNullable(r != null ? r : catchAllRule);
    }

    public Optional<Team> team(String id) {
        return Optional.ofNullable(id == null ? null : teams.get(id));
    }

    public Optional<Person> person(String id) {
        return Optional.ofNullable(id == null ? null : people.get(id));
    }

    public Optional<EscalationPolicy> policy(String id) {
        return Optional.ofNullable(id == null ? null : policies.get(id));
    }

    /** The schedule with this id, prepared for on-call questions. */
    public Optional<OnCallResolver.Prepared> schedule(String id) {
        return Optional.ofNullable(id == null ? null : schedules.get(id));
    }

    /** The schedules whose {@code team} is {@code team}, in document order. */
    public List<Schedule> teamSchedules(String team) {
        return teamSchedules.getOrDefault(team, List.of());
    }

    /** The people whose {@code team} is {@code team}, in document order. */
    public List<Person> teamMembers(String team) {
        return teamMembers.getOrDefault(team, List.of());
    }

    /** Connectors ownership knows: named in a rule or in the {@code connectors} catalogue; sorted. */
    public Set<String> knownConnectors() {
        return Collections.unmodifiableSet(knownConnectors);
    }

    /** Packs named in rules → their connector ({@code "*"} when only a {@code connector: "*"} rule names it); sorted. */
    public Map<String, String> knownPacks() {
        return Collections.unmodifiableMap(knownPacks);
    }

    /** The policy of the first {@code "*"} rule that names one. */
    public Optional<String> catchAllPolicy() {
        return Optional.ofNullable(catchAllPolicy);
    }
}
