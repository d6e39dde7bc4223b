package io.packops.alerting.alerts;

import io.packops.alerting.paging.EscalationChain;
import io.packops.alerting.paging.PageRequest;
import io.packops.alerting.paging.PageRequest.Routes;
import io.packops.alerting.paging.Pager;
import io.packops.alerting.peers.IngestClient;
import io.packops.alerting.peers.Ownership;
import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.peers.OwnershipClient;
import io.packops.alerting.silences.Silence;
import io.packops.alerting.silences.SilenceService;
import io.packops.alerting.system.Durations;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The alert lifecycle (DESIGN "Alerts"): firing → acknowledged → resolved, one alert per dedup key
 * (rule + labels), auto-resolve after the condition has been clear for the keep-firing period, silences
 * recorded not paged, owner and runbook from ownership lookup, pages through {@link Pager}.
 * <p>
 * Escalation follows the chain ownership resolved when the alert fired (who was on call then), as PagerDuty
 * does; it is looked up again only while ownership-service had not answered. Level delays count from the
 * first page (the firing, or the end of the silence that held it).
 * <p>
 * No HTTP call inside a transaction: ownership is asked before the short transaction that locks the alert's row
 * (its answer, routes included, is kept on the alert for every later page), and a rollback withdraws in ingest
 * before it records anything.
 */
@ApplicationScoped
public class AlertService {

    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    static final String UNREACHABLE = "ownership unreachable: fallback route paged";

    /** ownership-service's answer for an alert, asked before any transaction; {@code asked} false when not needed. */
    record Owner(boolean asked, Optional<Ownership> answer) {
        static final Owner NOT_ASKED = new Owner(false, Optional.empty());
    }

    @Inject
    AlertRepository alerts;

    @Inject
    SilenceService silences;

    @Inject
    OwnershipClient ownership;

    @Inject
    IngestClient ingest;

    @Inject
    Pager pager;

    @Inject
    AlertsConfig config;

    @Inject
    Clock clock;

    @Inject
    Event<AlertFired> firedAlerts;

    /**
     * Applies one rule evaluation's observation (idempotent: observing the same thing twice changes nothing more), in
     * a short transaction of its own. A firing observation with no active alert asks ownership first, before that
     * transaction begins.
     */
    public void observe(Observation observation) {
        if (observation.rule() == null || observation.rule().isBlank()) {
            throw new IllegalArgumentException("an observation needs a rule");
        }
        Owner owner = observation.firing() && alerts.active(observation.dedupKey()).isEmpty()
                ? lookup(observation.labels()) : Owner.NOT_ASKED;
        if (!QuarkusTransaction.requiringNew().call(() -> apply(observation, owner))) {
            // the active alert it repeated was resolved in between: this firing makes a new alert, which needs its owner
            Owner asked = lookup(observation.labels());
            QuarkusTransaction.requiringNew().call(() -> apply(observation, asked));
        }
    }

    /** The observation under the row lock of its dedup key; false when it makes a new alert but ownership was not asked. */
    private boolean apply(Observation observation, Owner owner) {
        Instant now = clock.instant();
        String key = observation.dedupKey();
        Optional<Alert> active = alerts.activeForUpdate(key);
        if (active.isPresent()) {
            seen(active.get(), observation, now);
            return true;
        }
        if (!observation.firing()) {
            return true; // clear and nothing active: nothing to do
        }
        if (!owner.asked()) {
            return false;
        }
        Alert a = newAlert(observation, key, now);
        owner.answer().ifPresent(o -> applyOwnership(a, o));
        Optional<Long> id = alerts.insertIfNoActive(a);
        if (id.isEmpty()) {
            // another replica created it between our look and our insert: this observation is a repeat of it
            alerts.activeForUpdate(key).ifPresent(existing -> seen(existing, observation, now));
            return true;
        }
        a.id = id.get();
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.FIRED, AlertEvent.SYSTEM, null, null, a.summary));
        if (owner.answer().isEmpty()) {
            alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.NOTE, AlertEvent.SYSTEM, null, null, UNREACHABLE));
        }
        Optional<Silence> silence = silences.matching(a.rule, a.severity, a.labels, now);
        String inhibitor = inhibitor(a);
        if (silence.isPresent()) {
            alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.SILENCED, AlertEvent.SYSTEM, null, silence.get().id(),
                    "silenced until " + silence.get().endsAt() + ": " + silence.get().comment()));
        } else if (inhibitor != null) {
            alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.NOTE, AlertEvent.SYSTEM, null, null,
                    "inhibited by " + inhibitor + ": that alert is paged instead (one page per connector schema change)"));
        } else {
            pageFirst(a, now, null);
        }
        alerts.update(a);
        // after commit: e.g. AutoRollbackPolicy (it needs the alert committed to roll back)
        firedAlerts.fire(new AlertFired(a.id, a.rule, a.labels, a.severity));
        return true;
    }

    private static Alert newAlert(Observation observation, String key, Instant now) {
        String severity = observation.severity() == null ? "error" : observation.severity();
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException("severity must be one of " + SEVERITIES + ", found " + severity);
        }
        Alert a = new Alert();
        a.dedupKey = key;
        a.rule = observation.rule();
        a.labels = Map.copyOf(observation.labels());
        a.severity = severity;
        a.summary = observation.summary() == null ? key : observation.summary();
        a.details = observation.details();
        a.state = Alert.FIRING;
        a.firedAt = now;
        a.lastSeenAt = now;
        return a;
    }

    /**
     * The dedup key of the active alert that inhibits {@code a} (Alertmanager-style inhibition, set by a rule in
     * {@code details.inhibitedBy}), or null when none does.
     */
    private String inhibitor(Alert a) {
        Object by = a.details == null ? null : a.details.get("inhibitedBy");
        if (!(by instanceof String key) || key.equals(a.dedupKey)) {
            return null;
        }
        return alerts.active(key).isPresent() ? key : null;
    }

    private void seen(Alert a, Observation o, Instant now) {
        if (o.firing()) {
            a.lastSeenAt = now;
            a.clearSince = null;
            if (o.summary() != null) {
                a.summary = o.summary();
            }
            a.details = o.details();
            if (o.severity() != null && SEVERITIES.contains(o.severity())) {
                a.severity = o.severity();
            }
        } else {
            if (a.clearSince == null) {
                a.clearSince = now;
            }
            if (clearLongEnough(a, now)) {
                resolve(a, now, AlertEvent.SYSTEM, "clear for " + config.keepFiring().toMinutes() + " min (keep-firing)");
            }
        }
        alerts.update(a);
    }

    private boolean clearLongEnough(Alert a, Instant now) {
        return a.clearSince != null && !a.clearSince.plus(config.keepFiring()).isAfter(now);
    }

    /**
     * Acknowledges a firing alert (stops escalation); acknowledging twice changes nothing.
     *
     * @throws AlertNotFound no such alert
     * @throws AlertResolved the alert is resolved
     */
    @Transactional
    public Alert acknowledge(long id, String actor, String comment) {
        Instant now = clock.instant();
        Alert a = alerts.forUpdate(id).orElseThrow(() -> new AlertNotFound(id));
        if (Alert.RESOLVED.equals(a.state)) {
            throw new AlertResolved("alert " + id + " was resolved at " + a.resolvedAt + "; a resolved alert cannot be acknowledged");
        }
        if (Alert.ACKNOWLEDGED.equals(a.state)) {
            return a;
        }
        a.state = Alert.ACKNOWLEDGED;
        a.acknowledgedAt = now;
        a.acknowledgedBy = actor;
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.ACKNOWLEDGED, actor, null, null, comment));
        if (a.pagingStartedAt != null) {
            pager.page(request(a, "acknowledge", 0, List.of(), now, null));
        }
        alerts.update(a);
        return a;
    }

    /**
     * Resolves an active alert by hand.
     *
     * @throws AlertNotFound no such alert
     * @throws AlertResolved it is resolved already
     */
    @Transactional
    public Alert resolveByHand(long id, String actor, String comment) {
        Instant now = clock.instant();
        Alert a = alerts.forUpdate(id).orElseThrow(() -> new AlertNotFound(id));
        if (Alert.RESOLVED.equals(a.state)) {
            throw new AlertResolved("alert " + id + " was already resolved at " + a.resolvedAt + " by " + a.resolvedBy);
        }
        resolve(a, now, actor, comment);
        alerts.update(a);
        return a;
    }

    private void resolve(Alert a, Instant now, String actor, String detail) {
        a.state = Alert.RESOLVED;
        a.resolvedAt = now;
        a.resolvedBy = actor;
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.RESOLVED, actor, null, null, detail));
        if (a.pagingStartedAt != null) {
            pager.page(request(a, "resolve", 0, List.of(), now, null));
        }
    }

    /** What a rollback did: the version withdrawn and the version installers are served now. */
    public record Rollback(Alert alert, String pack, String withdrawn, String servedVersion) {
    }

    /**
     * Withdraws the alert's pack version in ingest, then records it and notifies the owner. The withdrawal runs
     * outside any transaction of ours: when ingest fails, nothing is recorded.
     *
     * @throws AlertNotFound    no such alert
     * @throws NothingToRollBack the alert names no pack version
     * @throws RollbackFailed   ingest-service did not withdraw it
     */
    public Rollback rollback(long id, String actor, String reason) {
        Alert a = alerts.find(id).orElseThrow(() -> new AlertNotFound(id));
        String pack = a.labels.get("pack");
        String version = a.labels.get("version");
        if (pack == null || version == null) {
            throw new NothingToRollBack(id);
        }
        String served;
        try {
            served = ingest.withdraw(pack, version, reason);
        } catch (RuntimeException e) {
            Log.warnf(e, "rollback of %s %s (alert %d) failed in ingest-service", pack, version, id);
            throw new RollbackFailed(pack, version, e);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            Alert locked = alerts.forUpdate(id).orElseThrow();
            String note = "rolled back: " + pack + " " + version + " withdrawn, installers now get "
                    + (served == null ? "no version" : served) + " (" + reason + ")";
            alerts.addEvent(id, new AlertEvent(now, AlertEvent.ROLLED_BACK, actor, null, null, note));
            if (locked.active()) {
                // a trigger with the alert's dedup key updates the open incident with the note
                int level = Math.max(1, locked.escalationLevel);
                pager.page(request(locked, "trigger", level, peopleOf(locked, level), now, note));
                alerts.addEvent(id, new AlertEvent(now, AlertEvent.PAGED, AlertEvent.SYSTEM, level, null,
                        "owner notified of the rollback"));
            }
            return new Rollback(locked, pack, version, served);
        });
    }

    /**
     * One escalation step for one alert, in its own transaction, skipping it when another replica holds it:
     * auto-resolve after keep-firing, the first page once a silence ends, the ownership retry, the next level
     * when its delay has passed. Returns how many pages it sent. The ownership retry asks before the transaction.
     */
    public int advance(long id) {
        Owner owner = ownerToRetry(id);
        return QuarkusTransaction.requiringNew().call(() -> {
            Optional<Alert> locked = alerts.activeSkipLocked(id);
            if (locked.isEmpty()) {
                return 0;
            }
            Alert a = locked.get();
            int pages = advance(a, clock.instant(), owner);
            alerts.update(a);
            return pages;
        });
    }

    /**
     * Asks ownership again for a firing alert whose owner did not answer when it fired (or, fired before the routes were
     * kept on the alert, whose routes are unknown); not asked otherwise.
     */
    private Owner ownerToRetry(long id) {
        Alert a = alerts.find(id).orElse(null);
        if (a == null || !Alert.FIRING.equals(a.state) || a.clearSince != null) {
            return Owner.NOT_ASKED;
        }
        boolean ownerUnknown = !a.ownerKnown && a.pagingStartedAt != null;
        boolean routesUnknown = a.ownerKnown && a.routes == null;
        return ownerUnknown || routesUnknown ? lookup(a.labels) : Owner.NOT_ASKED;
    }

    private int advance(Alert a, Instant now, Owner owner) {
        if (clearLongEnough(a, now)) {
            resolve(a, now, AlertEvent.SYSTEM, "clear for " + config.keepFiring().toMinutes() + " min (keep-firing)");
            return a.pagingStartedAt != null ? 1 : 0;
        }
        if (!Alert.FIRING.equals(a.state)) {
            return 0;
        }
        if (a.clearSince != null) {
            // the condition is clear: nobody is paged or escalated to for it (it resolves after keep-firing, or pages
            // again only once its rule sees it firing again)
            return 0;
        }
        if (a.ownerKnown && a.routes == null) { // fired before V7 kept the routes: take the same team's from the retry
            owner.answer().filter(o -> Objects.equals(o.team(), a.ownerTeam)).ifPresent(o -> a.routes = Routes.of(o));
        }
        // an inhibited alert (details.inhibitedBy names an active alert, e.g. connector-schema-drift) waits like a silenced one
        boolean silenced = silences.matching(a.rule, a.severity, a.labels, now).isPresent() || inhibitor(a) != null;
        if (a.pagingStartedAt == null) {
            if (silenced) {
                return 0;
            }
            pageFirst(a, now, "silence ended");
            return 1;
        }
        if (silenced) {
            return 0; // escalations wait while a silence holds the alert
        }
        if (!a.ownerKnown) {
            if (owner.answer().isEmpty()) {
                return 0;
            }
            applyOwnership(a, owner.answer().get());
            a.escalationRound = 0;
            a.escalationLevel = 0;
            alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.NOTE, AlertEvent.SYSTEM, null, null,
                    "ownership answered: owner " + a.ownerTeam + ", following escalation policy " + a.escalationPolicy));
        }
        return escalate(a, now);
    }

    /** Pages the next level of the chain when its delay since the first page has passed. */
    private int escalate(Alert a, Instant now) {
        Optional<EscalationChain.Step> next = EscalationChain.next(a.escalationLevels, a.escalationRepeat,
                config.repeatInterval(), a.escalationRound, a.escalationLevel);
        if (next.isEmpty() || a.pagingStartedAt.plus(EscalationChain.scaled(next.get().after(), config.escalationTimeScale())).isAfter(now)) {
            return 0;
        }
        EscalationChain.Step step = next.get();
        pager.page(request(a, "trigger", step.level().level(), step.level().people(), now, null));
        a.escalationRound = step.round();
        a.escalationLevel = step.level().level();
        String detail = "level " + step.level().level() + " paged: " + String.join(", ", step.level().people())
                + (step.round() > 0 ? " (repeat " + step.round() + " of " + a.escalationRepeat + ")" : "")
                + "; not acknowledged " + Durations.compact(Duration.ofSeconds(Duration.between(a.pagingStartedAt, now).toSeconds()))
                + " after the first page";
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.ESCALATED, AlertEvent.SYSTEM, step.level().level(), null, detail));
        return 1;
    }

    /** Pages the first level (or, with ownership unknown, the fallback route: ownerTeam null) and starts the clock. */
    private void pageFirst(Alert a, Instant now, String why) {
        a.pagingStartedAt = now;
        a.escalationRound = 0;
        Optional<Level> first = a.ownerKnown
                ? a.escalationLevels.stream().filter(l -> !l.skipped()).findFirst() : Optional.empty();
        int level = first.map(Level::level).orElse(1);
        List<String> people = first.map(Level::people).orElse(List.of());
        // with ownership unknown, level stays 0 so the real policy's first level is paged once ownership answers
        a.escalationLevel = a.ownerKnown ? level : 0;
        pager.page(request(a, "trigger", level, people, now, null));
        String detail = (a.ownerKnown ? "level " + level + " paged: " + String.join(", ", people) : UNREACHABLE)
                + (why == null ? "" : " (" + why + ")");
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.PAGED, AlertEvent.SYSTEM, level, null, detail));
    }

    /** ownership-service's answer for an alert's connector and pack, asked now: never call it inside a transaction. */
    private Owner lookup(Map<String, String> labels) {
        try {
            return new Owner(true, ownership.lookup(labels.get("connector"), labels.get("pack"), clock.instant()));
        } catch (RuntimeException e) {
            Log.warnf("ownership lookup for %s failed: %s", labels, e.getMessage());
            return new Owner(true, Optional.empty());
        }
    }

    private static void applyOwnership(Alert a, Ownership o) {
        a.ownerKnown = true;
        a.ownerTeam = o.team();
        a.ownerTeamName = o.teamName();
        a.escalationPolicy = o.policy();
        a.escalationRepeat = o.repeat();
        a.escalationLevels = o.levels() == null ? List.of() : List.copyOf(o.levels());
        a.runbook = o.runbook();
        a.runbookUrl = o.runbookUrl();
        a.routes = Routes.of(o);
    }

    private static List<String> peopleOf(Alert a, int level) {
        return a.escalationLevels.stream().filter(l -> l.level() == level).findFirst().map(Level::people).orElse(List.of());
    }

    private PageRequest request(Alert a, String action, int level, List<String> people, Instant now, String note) {
        Map<String, Object> details = a.details;
        if (note != null) {
            details = new HashMap<>(a.details);
            details.put("note", note);
        }
        return new PageRequest(a.id, a.dedupKey, action, a.rule, a.labels, a.severity, a.summary, details, a.runbookUrl,
                alertUrl(a.id), a.ownerKnown ? a.ownerTeam : null, level, people, now, a.ownerKnown ? a.routes : null);
    }

    public String alertUrl(long id) {
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1) : config.baseUrl();
        return base + "/v1/alerts/" + id;
    }

    public Optional<Alert> find(long id) {
        return alerts.find(id);
    }

    public List<AlertEvent> timeline(long id) {
        return alerts.events(id);
    }

    public List<Alert> list(AlertRepository.Filter filter, Long beforeId, int limit) {
        return alerts.list(filter, beforeId, limit);
    }

    public List<Long> activeIds() {
        return alerts.activeIds();
    }

    /** The active alerts of these rules, read in a short transaction of their own. */
    public List<Alert> activeOfRules(Collection<String> rules) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.activeOfRules(rules));
    }
}
