package io.packops.ownership.lookup;

import io.packops.ownership.document.OwnershipStore;
import io.packops.ownership.document.SecretResolver;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Person;
import io.packops.ownership.document.model.Rule;
import io.packops.ownership.document.model.Slugs;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.escalation.DocumentIndex;
import io.packops.ownership.escalation.EscalationChain;
import io.packops.ownership.escalation.EscalationResolver;
import io.packops.ownership.system.OwnershipConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers "who owns this, who is on call right now, how it escalates, which runbook, which support
 * queue" for a connector and/or pack, from the current ownership document.
 */
@ApplicationScoped
public class LookupService {

    static final String DEFAULT_REPLY = "Thanks for reporting this, and sorry for the trouble. The {pack_or_connector} "
            + "pack is owned by our {team} team, who have been told and are looking into it. We will update you here "
            + "as soon as we know more; in the meantime, no action is needed on your side.";

    static final String FALLBACK_REPLY = "Thanks for reporting this, and sorry for the trouble. We have passed it to our "
            + "{team} team, who will look into it. We will update you here as soon as we know more; in the meantime, "
            + "no action is needed on your side.";

    @Inject
    OwnershipStore store;

    @Inject
    EscalationResolver escalation;

    @Inject
    SecretResolver secrets;

    @Inject
    OwnershipConfig config;

    /**
     * Connector and pack are compared in lower case ({@code Stripe} is {@code stripe}). An unknown connector or pack
     * still gets an owner — the {@code "*"} rule's, or the connector's rule for an unknown pack — and the answer's
     * {@code match} says so, with what was probably meant.
     *
     * @throws MalformedSlug     when a slug is malformed (an unknown but well-formed connector falls to {@code "*"};
     *                          neither connector nor pack asks for the {@code "*"} owner, the platform owner that
     *                          alerts about packops itself page)
     * @throws LookupUnavailable when no ownership document was ever accepted
     */
    public LookupView lookup(String connector, String pack, Instant at, SecretResolver.View view) {
        String givenConnector = blankToNull(connector);
        String givenPack = blankToNull(pack);
        connector = givenConnector == null ? null : givenConnector.toLowerCase(Locale.ROOT);
        pack = givenPack == null ? null : givenPack.toLowerCase(Locale.ROOT);
        if (connector != null && !Slugs.isSlug(connector)) {
            throw new MalformedSlug("connector", givenConnector);
        }
        if (pack != null && !Slugs.isSlug(pack)) {
            throw new MalformedSlug("pack", givenPack);
        }
        OwnershipStore.Current current = store.current().orElseThrow(() -> new LookupUnavailable(
                "no ownership document has been loaded yet: PUT /v1/ownership (role admin) or set OWNERSHIP_FILE"));
        OwnershipDocument doc = current.document();
        DocumentIndex index = DocumentIndex.of(doc);
        Rule rule = index.rule(connector, pack).orElseThrow(() -> new LookupUnavailable(
                "the ownership document has no rule for this and no \"*\" rule"));
        Team team = index.team(rule.team()).orElseThrow();
        LookupView.MatchView match = LookupMatch.of(index, connector, pack, rule);
        List<String> notes = new ArrayList<>();

        SecretResolver.Routes r = secrets.routes(team, view);
        Map<String, String> routes = new LinkedHashMap<>();
        putRoute(routes, "pagerduty", team.pagerduty() == null ? null : team.pagerduty().routingKey(), r.pagerdutyRoutingKey());
        putRoute(routes, "slackWebhook", team.slackWebhook(), r.slackWebhook());
        putRoute(routes, "webhook", team.webhook(), r.webhook());
        r.warnings().forEach(w -> notes.add(w.message()));
        if (routes.isEmpty()) {
            notes.add("team " + team.id() + " has no paging route: alerts for it cannot page anyone");
        }

        EscalationChain chain = escalation.resolve(doc, rule.escalation(), at);
        if (chain.note() != null) {
            notes.add(chain.note());
        }
        String runbook = rule.runbook();
        return new LookupView(connector, pack, at, current.revision(), match,
                new LookupView.RuleView(rule.key(), RuleMatcher.level(rule.match()), rule.match()),
                new LookupView.TeamView(team.id(), team.name(), team.slack(), team.email(), routes),
                escalationView(index, chain), runbook, runbookUrl(runbook), rule.supportQueue(),
                reply(rule, team, connector, pack, match), notes);
    }

    private static void putRoute(Map<String, String> routes, String kind, String stored, String shown) {
        if (stored != null && !stored.isBlank()) {
            routes.put(kind, shown);
        }
    }

    static LookupView.EscalationView escalationView(DocumentIndex doc, EscalationChain chain) {
        List<LookupView.LevelView> levels = new ArrayList<>();
        for (EscalationChain.Level l : chain.levels()) {
            List<LookupView.TargetView> targets = new ArrayList<>();
            for (EscalationChain.TargetOnCall t : l.targets()) {
                String kind = t.target().person() != null ? "person" : t.target().schedule() != null ? "schedule" : "team";
                String id = t.target().person() != null ? t.target().person()
                        : t.target().schedule() != null ? t.target().schedule() : t.target().team();
                List<LookupView.PersonView> people = new ArrayList<>();
                for (EscalationChain.Responder p : t.responders()) {
                    Person person = doc.person(p.person()).orElse(null);
                    people.add(new LookupView.PersonView(p.person(), person == null ? null : person.name(),
                            person == null ? null : person.email(), p.until(), p.via()));
                }
                targets.add(new LookupView.TargetView(kind, id, people));
            }
            levels.add(new LookupView.LevelView(l.level(), l.afterMinutes(), l.effectiveMinutes(), l.skipped(), l.note(), targets));
        }
        return new LookupView.EscalationView(chain.policyId(), chain.repeat(), chain.fallbackFrom(), levels);
    }

    /** An https runbook as is; a repository path under the configured base URL, when there is one. */
    String runbookUrl(String runbook) {
        if (runbook == null) {
            return null;
        }
        if (runbook.startsWith("https://")) {
            return runbook;
        }
        return config.runbookBaseUrl().map(base -> (base.endsWith("/") ? base : base + "/") + runbook).orElse(null);
    }

    /**
     * The rule's {@code firstReply}, else {@link #DEFAULT_REPLY}; but an unknown connector or pack answered by the
     * {@code "*"} rule gets {@link #FALLBACK_REPLY}, which names only the team: the fallback owner does not own a pack
     * by that name, and the name may be a typo.
     */
    static String reply(Rule rule, Team team, String connector, String pack, LookupView.MatchView match) {
        if (match.fallback() && match.unknown()) {
            return FALLBACK_REPLY.replace("{team}", team.name() == null ? team.id() : team.name());
        }
        String template = rule.firstReply() != null ? rule.firstReply() : DEFAULT_REPLY;
        String subject = pack != null ? pack : connector != null ? connector : "packops";
        return template.replace("{pack_or_connector}", subject)
                .replace("{connector}", connector == null ? rule.match().connector() : connector)
                .replace("{pack}", pack == null ? subject : pack)
                .replace("{team}", team.name() == null ? team.id() : team.name())
                .replace("{supportQueue}", rule.supportQueue() == null ? "" : rule.supportQueue());
    }


    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
