package io.packops.alerting.service;

import io.packops.alerting.client.IngestService;
import io.packops.alerting.client.OwnershipService;
import io.packops.alerting.client.OwnershipService.Level;
import io.packops.alerting.client.OwnershipService.Ownership;
import io.packops.alerting.config.AlertsConfig;
import io.packops.alerting.repository.Alert;
import io.packops.alerting.repository.AlertEvent;
import io.packops.alerting.repository.AlertRepository;
import io.packops.alerting.rest.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 */
@ApplicationScoped
public class AlertService {

    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
    static final String UNREACHABLE = "ownership unreachable: fallback route paged";

    @Inject
    AlertRepository alerts;

    @Inject
    SilenceService silences;

    @Inject
    OwnershipService ownership;

    @Inject
    IngestService ingest;

    @Inject
    Pager pager;

    @Inject
    AlertsConfig config;

    @Inject
    Clock clock;

    @Inject
    jakarta.enterprise.event.Event<AlertFired> firedAlerts;

    /** Applies one rule evaluation's observation (idempotent: observing the same thing twice changes nothing more). */
    @Transactional
    public void observe(Observation observation) {
        if (observation.rule() == null || observation.rule().isBlank()) {
            throw new IllegalArgumentException("an observation needs a rule");
        }
        Instant now = clock.instant();
        String key = observation.dedupKey();
        Optional<Alert> active = alerts.activeForUpdate(key);
        if (active.isPresent()) {
            seen(active.get(), observation, now);
            return;
        }
        if (!observation.firing()) {
            return; // clear and nothing active: nothing to do
        }
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
        Optional<Ownership> owner = lookup(a, now);
        owner.ifPresent(o -> applyOwnership(a, o));
        Optional<Long> id = alerts.insertIfNoActive(a);
        if (id.isEmpty()) {
            // another replica created it between our look and our insert: this observation is a repeat of it
            alerts.activeForUpdate(key).ifPresent(existing -> seen(existing, observation, now));
            return;
        }
        a.id = id.get();
        alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.FIRED, AlertEvent.SYSTEM, null, null, a.summary));
        if (owner.isEmpty()) {
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

    /** Acknowledges a firing alert (stops escalation); acknowledging twice changes nothing; 409 when resolved. */
    @Transactional
    public Alert acknowledge(long id, String actor, String comment) {
        Instant now = clock.instant();
        Alert a = alerts.forUpdate(id).orElseThrow(() -> notFound(id));
        if (Alert.RESOLVED.equals(a.state)) {
            throw ProblemException.conflict("alert " + id + " was resolved at " + a.resolvedAt + "; a resolved alert cannot be acknowledged");
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

    /** Resolves an active alert by hand; 409 when it is resolved already. */
    @Transactional
    public Alert resolveByHand(long id, String actor, String comment) {
        Instant now = clock.instant();
        Alert a = alerts.forUpdate(id).orElseThrow(() -> notFound(id));
        if (Alert.RESOLVED.equals(a.state)) {
            throw ProblemException.conflict("alert " + id + " was already resolved at " + a.resolvedAt + " by " + a.resolvedBy);
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
     * outside any transaction of ours: when ingest fails, nothing is recorded (502).
     */
    public Rollback rollback(long id, String actor, String reason) {
        Alert a = alerts.find(id).orElseThrow(() -> notFound(id));
        String pack = a.labels.get("pack");
        String version = a.labels.get("version");
        if (pack == null || version == null) {
            throw ProblemException.conflict("alert " + id + " has no pack and version labels: there is nothing to roll back");
        }
        String served;
        try {
            served = ingest.withdraw(pack, version, reason);
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            Log.warnf(e, "rollback of %s %s (alert %d) failed in ingest-service", pack, version, id);
            throw new ProblemException(502, "Bad Gateway", "ingest-service did not withdraw " + pack + " " + version
                    + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "; nothing was rolled back, try again");
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
     * when its delay has passed. Returns how many pages it sent.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int advance(long id) {
        Instant now = clock.instant();
        Optional<Alert> locked = alerts.activeSkipLocked(id);
        if (locked.isEmpty()) {
            return 0;
        }
        Alert a = locked.get();
        int pages = advance(a, now);
        alerts.update(a);
        return pages;
    }

    private int advance(Alert a, Instant now) {
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
            Optional<Ownership> owner = lookup(a, now);
            if (owner.isEmpty()) {
                return 0;
            }
            applyOwnership(a, owner.get());
            a.escalationRound = 0;
            a.escalationLevel = 0;
            alerts.addEvent(a.id, new AlertEvent(now, AlertEvent.NOTE, AlertEvent.SYSTEM, null, null,
                    "ownership answered: owner " + a.ownerTeam + ", following escalation policy " + a.escalationPolicy));
        }
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
                + "; not acknowledged " + HealthRuleSet.statsWindow(Duration.ofSeconds(Duration.between(a.pagingStartedAt, now).toSeconds()))
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

    private Optional<Ownership> lookup(Alert a, Instant now) {
        try {
            return ownership.lookup(a.labels.get("connector"), a.labels.get("pack"), now);
        } catch (RuntimeException e) {
            Log.warnf("ownership lookup for %s failed: %s", a.dedupKey, e.getMessage());
            return Optional.empty();
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
                alertUrl(a.id), a.ownerKnown ? a.ownerTeam : null, level, people, now);
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
    public List<Alert> activeOfRules(java.util.Collection<String> rules) {
        return QuarkusTransaction.requiringNew().call(() -> alerts.activeOfRules(rules));
    }

    private static ProblemException notFound(long id) {
        return ProblemException.notFound("no alert " + id);
    }
}
