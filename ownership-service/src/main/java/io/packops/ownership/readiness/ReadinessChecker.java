package io.packops.ownership.readiness;

import io.packops.ownership.document.model.EscalationPolicy;
import io.packops.ownership.document.model.Layer;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Schedule;
import io.packops.ownership.document.model.ScheduleOverride;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.escalation.DocumentIndex;
import io.packops.ownership.escalation.EscalationChain;
import io.packops.ownership.escalation.EscalationResolver;
import io.packops.ownership.escalation.PolicyReach;
import io.packops.ownership.oncall.OnCallResolver;
import io.packops.ownership.oncall.Shift;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The launch-readiness report: every ownership gap a launch lead must close before launch day, each with
 * its severity and the fix. An empty list means ready. Pure: the document, the time window and the
 * secret check come in as arguments.
 */
@ApplicationScoped
public class ReadinessChecker {

    public static final String CRITICAL = "critical";
    public static final String ERROR = "error";
    public static final String WARNING = "warning";
    public static final String INFO = "info";

    private static final Map<String, Integer> RANK = Map.of(CRITICAL, 0, ERROR, 1, WARNING, 2, INFO, 3);

    private final OnCallResolver onCall;
    private final EscalationResolver escalation;

    public ReadinessChecker(OnCallResolver onCall, EscalationResolver escalation) {
        this.onCall = onCall;
        this.escalation = escalation;
    }

    /**
     * @param connectors connectors to check; empty (and packs empty) = every connector named in a rule or in the
     *                   document's {@code connectors} catalogue
     * @param packs      packs to check; empty (and connectors empty) = every pack named in a rule
     * @param routeUsable whether a secret-bearing route value (literal or {@code ${ENV}}) resolves to something usable
     */
    public List<ReadinessGap> check(OwnershipDocument doc, Instant from, Instant to, Set<String> connectors,
                                    Set<String> packs, Predicate<String> routeUsable) {
        List<ReadinessGap> gaps = new ArrayList<>();
        ownersOnlyCatchAll(doc, connectors, packs, gaps);
        for (Schedule s : doc.schedules()) {
            List<ReadinessGap.Interval> h = holes(s, from, to);
            if (!h.isEmpty()) {
                gaps.add(new ReadinessGap(ERROR, "schedule-coverage-hole", "schedule:" + s.id(),
                        "schedule " + s.id() + " has nobody on call for " + describe(h, s.timezone())
                                + " in the next " + days(from, to) + " days",
                        "add a layer or overrides that cover these intervals, or a restriction-free layer under the others",
                        h));
            }
            overridesOutsideLayers(s, gaps);
        }
        for (EscalationPolicy p : usedPolicies(doc)) {
            policyGaps(doc, p, from, to, gaps);
        }
        for (Team t : usedTeams(doc)) {
            teamRoutes(t, routeUsable, gaps);
        }
        for (Rule r : doc.rules()) {
            if (r.runbook() == null || r.runbook().isBlank()) {
                gaps.add(new ReadinessGap(ERROR, "rule-without-runbook", "rule:" + r.key(),
                        "rule " + r.key() + " has no runbook: whoever is paged has no steps to follow",
                        "set runbook: runbooks/<file>.md (or an https URL) on the rule", null));
            }
        }
        // a person a policy pages directly (a lead) is reachable without being on a rota
        Set<String> reachable = new HashSet<>();
        for (Schedule s : doc.schedules()) {
            s.layers().forEach(l -> reachable.addAll(l.participants()));
        }
        for (EscalationPolicy p : doc.escalationPolicies()) {
            p.levels().forEach(l -> l.targets().forEach(t -> reachable.add(t.person())));
        }
        for (Person p : doc.people()) {
            if (!reachable.contains(p.id())) {
                gaps.add(new ReadinessGap(INFO, "person-in-no-schedule", "person:" + p.id(),
                        p.id() + " is in no schedule layer and no escalation policy names them, so is never paged",
                        "add " + p.id() + " to a layer or a policy level, or remove the person if they left the rota", null));
            }
        }
        gaps.sort(Comparator.comparingInt((ReadinessGap g) -> RANK.getOrDefault(g.severity(), 9))
                .thenComparing(ReadinessGap::kind).thenComparing(ReadinessGap::subject));
        return gaps;
    }

    private static void ownersOnlyCatchAll(OwnershipDocument doc, Set<String> connectors, Set<String> packs,
                                           List<ReadinessGap> gaps) {
        Set<String> cs = new LinkedHashSet<>(connectors);
        Set<String> ps = new LinkedHashSet<>(packs);
        if (cs.isEmpty() && ps.isEmpty()) {
            for (Rule r : doc.rules()) {
                if (!"*".equals(r.match().connector())) {
                    cs.add(r.match().connector());
                }
                if (r.match().pack() != null) {
                    ps.add(r.match().pack());
                }
            }
            cs.addAll(doc.connectors());
        }
        for (String c : cs) {
            Rule r = DocumentIndex.of(doc).rule(c, null).orElse(null);
            if (r == null || r.match().isCatchAll()) {
                gaps.add(new ReadinessGap(WARNING, "catch-all-owner", "connector:" + c,
                        "connector " + c + " has no owner of its own: its alerts and tickets go to the default"
                                + (r == null ? " rule, and there is none" : " owner " + r.team()),
                        "add a rule { match: { connector: " + c + " }, team: …, escalation: …, runbook: …, supportQueue: … }",
                        null));
            }
        }
        for (String p : ps) {
            Rule r = DocumentIndex.of(doc).rule(null, p).orElse(null);
            if (r == null || r.match().isCatchAll()) {
                gaps.add(new ReadinessGap(WARNING, "catch-all-owner", "pack:" + p,
                        "pack " + p + " has no owner of its own: it falls to the default owner"
                                + (r == null ? "" : " " + r.team()),
                        "add a rule for its connector or { match: { connector: <connector>, pack: " + p + " } }", null));
            }
        }
    }

    /** The exact intervals in {@code [from, to)} with nobody on call. */
    List<ReadinessGap.Interval> holes(Schedule s, Instant from, Instant to) {
        return onCall.coverageGaps(s, from, to).stream().map(g -> new ReadinessGap.Interval(g.start(), g.end())).toList();
    }

    private static void overridesOutsideLayers(Schedule s, List<ReadinessGap> gaps) {
        ZoneId zone = ZoneId.of(s.timezone());
        for (int i = 0; i < s.overrides().size(); i++) {
            ScheduleOverride o = s.overrides().get(i);
            boolean inside = false;
            for (Layer l : s.layers()) {
                Instant start = ZonedDateTime.ofLocal(l.start(), zone, null).toInstant();
                Instant end = l.end() == null ? Instant.MAX : ZonedDateTime.ofLocal(l.end(), zone, null).toInstant();
                if (o.start().isBefore(end) && o.end().isAfter(start)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                gaps.add(new ReadinessGap(WARNING, "override-outside-layers", "schedule:" + s.id() + "/overrides[" + i + "]",
                        "override of " + o.person() + " from " + o.start() + " to " + o.end()
                                + " lies outside every layer of " + s.id() + " (before its start or after its end): probably a wrong date",
                        "check the override's dates, or extend the layer it was meant to replace", null));
            }
        }
    }

    private void policyGaps(OwnershipDocument doc, EscalationPolicy p, Instant from, Instant to, List<ReadinessGap> gaps) {
        if (p.levels().size() < 2) {
            gaps.add(new ReadinessGap(WARNING, "single-level-policy", "policy:" + p.id(),
                    "escalation policy " + p.id() + " has one level: if that person does not answer, nobody else is paged",
                    "add a second level (a secondary schedule, a lead or the team) after 15–30 minutes", null));
        }
        levelsRepeatingEarlierOnes(doc, p, from, to, gaps);
        PolicyReach reach = escalation.reach(doc, p.id(), from, to);
        if (!reach.everReachable()) {
            gaps.add(new ReadinessGap(CRITICAL, "policy-reaches-nobody", "policy:" + p.id(),
                    "escalation policy " + p.id() + " reaches no person at any time in the next " + days(from, to)
                            + " days: its schedules are empty and it names no person (alerts fall back to the \"*\" policy)",
                    "add a level targeting a person, or give its schedules participants", null));
        } else if (!reach.alwaysReachable()) {
            List<ReadinessGap.Interval> when = reach.unreachable().stream()
                    .map(g -> new ReadinessGap.Interval(g.start(), g.end())).toList();
            gaps.add(new ReadinessGap(ERROR, "policy-reaches-nobody-at-times", "policy:" + p.id(),
                    "escalation policy " + p.id() + " reaches nobody during " + describe(when, "UTC")
                            + ": an alert then pages no one of its own",
                    "cover these intervals in its schedules, or add a level with a person or an always-covered schedule", when));
        }
    }

    /**
     * A level whose people were all paged by earlier levels already: escalating to it wakes nobody new (a level 2
     * that pages the level 1 on-call again). Exact over {@code [from, to)}: the policy is resolved wherever who is
     * on call in one of its schedules changes, and in between nothing changes. Instants at which the policy reaches
     * nobody are another gap ({@code policy-reaches-nobody-at-times}).
     */
    private void levelsRepeatingEarlierOnes(OwnershipDocument doc, EscalationPolicy p, Instant from, Instant to,
                                            List<ReadinessGap> gaps) {
        if (p.levels().size() < 2) {
            return;
        }
        List<Schedule> schedules = schedulesOf(doc, p);
        TreeSet<Instant> changes = new TreeSet<>(List.of(from));
        for (Schedule s : schedules) {
            for (Shift shift : onCall.shifts(s, from, to)) {
                changes.add(shift.start());
                changes.add(shift.end());
            }
        }
        List<Instant> starts = new ArrayList<>(changes.headSet(to, false));
        Map<Integer, Repeat> repeats = new TreeMap<>();
        for (int k = 0; k < starts.size(); k++) {
            Instant at = starts.get(k);
            Instant end = k + 1 < starts.size() ? starts.get(k + 1) : to;
            EscalationChain chain = escalation.resolve(doc, p.id(), at);
            if (chain.fallbackFrom() != null) {
                continue;
            }
            Map<String, Integer> pagedAt = new LinkedHashMap<>();
            for (EscalationChain.Level level : chain.levels()) {
                List<String> people = level.responders().stream().map(EscalationChain.Responder::person).toList();
                if (!level.skipped() && pagedAt.keySet().containsAll(people)) {
                    repeats.computeIfAbsent(level.level(), n -> new Repeat()).add(at, end, people, pagedAt);
                }
                people.forEach(person -> pagedAt.putIfAbsent(person, level.level()));
            }
        }
        String zone = schedules.isEmpty() ? "UTC" : schedules.get(0).timezone();
        repeats.forEach((level, r) -> {
            String earlier = r.earlierLevels.size() == 1 ? "level " + r.earlierLevels.first()
                    : "levels " + String.join(" and ", r.earlierLevels.stream().map(String::valueOf).toList());
            List<ReadinessGap.Interval> in = r.intervals;
            String when = in.size() == 1 && in.get(0).start().equals(from) && in.get(0).end().equals(to)
                    ? "at every instant of the next " + days(from, to) + " days"
                    : stretch(in.get(0), zone) + (in.size() == 1 ? "" : " and " + (in.size() - 1) + " more time"
                    + (in.size() == 2 ? "" : "s") + " (" + total(in) + " in all)");
            gaps.add(new ReadinessGap(WARNING, "level-wakes-nobody-new", "policy:" + p.id() + "/levels[" + (level - 1) + "]",
                    "level " + level + " of " + p.id() + " only repeats " + earlier + " (" + String.join(", ", r.people) + ") "
                            + when + ": escalating wakes nobody new",
                    "page someone else at level " + level + ": a secondary schedule (other people, or the same people one shift"
                            + " apart so the secondary is never the primary) or a lead who is on no rotation of the earlier levels",
                    r.intervals));
        });
    }

    /** Where one level repeats earlier ones: the stretches (adjacent ones merged), the people, the levels repeated. */
    private static final class Repeat {
        final List<ReadinessGap.Interval> intervals = new ArrayList<>();
        final Set<String> people = new LinkedHashSet<>();
        final TreeSet<Integer> earlierLevels = new TreeSet<>();

        void add(Instant start, Instant end, List<String> repeated, Map<String, Integer> pagedAt) {
            ReadinessGap.Interval last = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
            if (last != null && last.end().equals(start)) {
                intervals.set(intervals.size() - 1, new ReadinessGap.Interval(last.start(), end));
            } else {
                intervals.add(new ReadinessGap.Interval(start, end));
            }
            people.addAll(repeated);
            repeated.forEach(person -> earlierLevels.add(pagedAt.get(person)));
        }
    }

    /** The schedules a policy pages through, directly or through a team, in level order. */
    private static List<Schedule> schedulesOf(OwnershipDocument doc, EscalationPolicy p) {
        DocumentIndex index = DocumentIndex.of(doc);
        Set<Schedule> out = new LinkedHashSet<>();
        for (EscalationPolicy.Level level : p.levels()) {
            for (EscalationPolicy.Target t : level.targets()) {
                if (t.schedule() != null) {
                    index.schedule(t.schedule()).ifPresent(s -> out.add(s.schedule()));
                } else if (t.team() != null) {
                    out.addAll(index.teamSchedules(t.team()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static void teamRoutes(Team t, Predicate<String> usable, List<ReadinessGap> gaps) {
        List<String> routes = new ArrayList<>();
        if (t.pagerduty() != null && t.pagerduty().routingKey() != null) {
            routes.add(t.pagerduty().routingKey());
        }
        if (t.slackWebhook() != null) {
            routes.add(t.slackWebhook());
        }
        if (t.webhook() != null) {
            routes.add(t.webhook());
        }
        if (routes.isEmpty()) {
            gaps.add(new ReadinessGap(ERROR, "team-without-paging-route", "team:" + t.id(),
                    "team " + t.id() + " owns rules but has no paging route (PagerDuty routing key, Slack webhook or webhook)",
                    "give the team a paging route: pagerduty.routingKey as a reference to an environment variable such as PD_"
                            + envName(t.id()) + ", then set that variable in ownership-service's environment", null));
        } else if (routes.stream().noneMatch(usable)) {
            gaps.add(new ReadinessGap(ERROR, "team-without-paging-route", "team:" + t.id(),
                    "team " + t.id() + " has paging routes but none resolves: " + String.join(", ", routes.stream()
                            .map(r -> r.startsWith("${") ? r + " is not set" : "a literal value is empty").toList()),
                    "set the environment variables (Kubernetes Secret) of the routes", null));
        }
    }

    private static Set<EscalationPolicy> usedPolicies(OwnershipDocument doc) {
        Set<EscalationPolicy> out = new LinkedHashSet<>();
        for (Rule r : doc.rules()) {
            doc.policy(r.escalation()).ifPresent(out::add);
        }
        return out;
    }

    private static Set<Team> usedTeams(OwnershipDocument doc) {
        Set<Team> out = new LinkedHashSet<>();
        for (Rule r : doc.rules()) {
            doc.team(r.team()).ifPresent(out::add);
        }
        return out;
    }


    private static String envName(String id) {
        return id.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static long days(Instant from, Instant to) {
        return Math.round(java.time.Duration.between(from, to).toHours() / 24.0);
    }

    /** {@code on Mon 2026-12-07 09:00–18:00 Europe/Madrid}, or {@code from … to …} across days. */
    private static String stretch(ReadinessGap.Interval i, String zone) {
        ZonedDateTime a = i.start().atZone(ZoneId.of(zone));
        ZonedDateTime b = i.end().atZone(ZoneId.of(zone));
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
        return (a.toLocalDate().equals(b.toLocalDate())
                ? "on " + day.format(a) + "–" + DateTimeFormatter.ofPattern("HH:mm").format(b)
                : "from " + day.format(a) + " to " + day.format(b)) + " " + zone;
    }

    private static String total(List<ReadinessGap.Interval> h) {
        java.time.Duration total = h.stream().map(i -> java.time.Duration.between(i.start(), i.end()))
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
        return total.toHours() + "h " + total.toMinutesPart() + "m";
    }

    private static String describe(List<ReadinessGap.Interval> h, String zone) {
        return total(h) + " in " + h.size() + " interval" + (h.size() == 1 ? "" : "s")
                + " (first " + h.get(0).start().atZone(ZoneId.of(zone)).toLocalDateTime() + " " + zone + ")";
    }
}
