package io.packops.alerting.service;

import io.packops.alerting.client.OwnershipService;
import io.packops.alerting.client.OwnershipService.Ownership;
import io.packops.alerting.config.PagingConfig;
import io.packops.alerting.repository.OutboxEntry;
import io.packops.alerting.repository.OutboxRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends pages: enqueues them in the persisted outbox (at-least-once, backoff, Retry-After) for the owner
 * team's routes (PagerDuty Events API v2, Slack webhook, Alertmanager-shaped webhook), in the caller's
 * transaction, so an alert change and its pages commit together. {@link OutboxDispatcher} delivers them.
 */
@ApplicationScoped
public class Pager {

    static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    @Inject
    OwnershipService ownership;

    @Inject
    OutboxRepository outbox;

    @Inject
    PagingConfig config;

    @Inject
    PagerDutyNotifier pagerDuty;

    @Inject
    SlackNotifier slack;

    @Inject
    WebhookNotifier webhook;

    @Inject
    Clock clock;

    /**
     * Enqueues the notifications of {@code request} (trigger, acknowledge or resolve) to the team's routes, one
     * row per channel the team has. Without an owner team, or when the team has no route or its routes cannot be
     * learnt, the configured fallback route is paged and the payload says so. Acknowledge and resolve go where the
     * alert's triggers went (so PagerDuty closes the incident it opened, even if ownership changed since).
     */
    @Transactional
    public void page(PageRequest request) {
        if (request.action() == null || !ACTIONS.contains(request.action())) {
            throw new IllegalArgumentException("page action must be one of " + ACTIONS + ", not " + request.action());
        }
        List<OutboxEntry> triggers = outbox.triggersOf(request.alertId(), request.dedupKey());
        List<PageTarget> targets = "trigger".equals(request.action()) || triggers.isEmpty()
                ? route(request) : previousTargets(triggers);
        if (targets.isEmpty()) {
            Log.errorf("alert %d (%s): no route to page, and no fallback route configured (packops.paging.fallback.*)",
                    request.alertId(), request.dedupKey());
            return;
        }
        Instant startsAt = triggers.isEmpty() ? request.at() : triggers.get(0).eventAt;
        for (PageTarget target : targets) {
            String payload = switch (target.channel()) {
                case PageTarget.PAGERDUTY -> pagerDuty.event(request, target).toString();
                case PageTarget.SLACK -> slack.message(request, target).toString();
                case PageTarget.WEBHOOK -> webhook.alertmanager(request, target, startsAt).toString();
                default -> throw new IllegalStateException("unknown channel " + target.channel());
            };
            enqueue(request.alertId(), request.dedupKey(), request.action(), request.level(), target, payload,
                    request.at());
        }
    }

    /**
     * Enqueues a PagerDuty change event for a new pack release. {@code teamOrRoutingKey}: a team id (its
     * PagerDuty route), a 32-character routing key, or null for the pack's owner from ownership lookup; the
     * fallback routing key when none of those resolves.
     */
    @Transactional
    public void changeEvent(String pack, String version, String connector, String teamOrRoutingKey) {
        Instant now = clock.instant();
        boolean isKey = teamOrRoutingKey != null && ROUTING_KEY.matcher(teamOrRoutingKey).matches();
        Optional<Ownership> owner = isKey ? Optional.empty() : ownership.lastKnown(teamOrRoutingKey);
        if (!isKey && owner.isEmpty() && connector != null) {
            owner = ownership.lookup(connector, pack, now)
                    .filter(o -> teamOrRoutingKey == null || teamOrRoutingKey.equals(o.team()));
        }
        String routingKey;
        String team = owner.map(Ownership::team).orElse(teamOrRoutingKey == null || isKey ? null : teamOrRoutingKey);
        String reason = null;
        if (isKey) {
            routingKey = teamOrRoutingKey;
        } else if (owner.isPresent() && owner.get().pagerdutyRoutingKey() != null) {
            routingKey = owner.get().pagerdutyRoutingKey();
        } else if (config.fallback().pagerdutyRoutingKey().isPresent()) {
            routingKey = config.fallback().pagerdutyRoutingKey().get();
            reason = owner.isPresent() ? "team " + team + " has no PagerDuty route" : "owner of " + pack + " unknown";
        } else {
            Log.warnf("change event for %s %s not sent: no PagerDuty route and no fallback routing key", pack, version);
            return;
        }
        PageTarget target = new PageTarget(PageTarget.PAGERDUTY_CHANGE, reason == null ? PageTarget.TEAM : PageTarget.FALLBACK,
                team, pagerDuty.changeUrl(), routingKey, reason);
        String payload = pagerDuty.change(routingKey, pack, version, connector, now, team, reason).toString();
        enqueue(null, "change:" + pack + "@" + version, "change", 0, target, payload, now);
    }

    /** What became of each notification of an alert, oldest first (for its timeline). */
    @Transactional // a fresh session outside a caller's transaction: never a stale cached row
    public List<Delivery> deliveries(long alertId) {
        return outbox.ofAlert(alertId).stream().map(Pager::delivery).toList();
    }

    static Delivery delivery(OutboxEntry e) {
        return new Delivery(e.id, e.channel, e.action, e.level, e.targetKind, e.team,
                PageTarget.mask(e.channel, e.url, e.routeKey), e.state, e.attempts, e.lastStatus, e.lastError,
                e.createdAt, e.lastAttemptAt, OutboxEntry.PENDING.equals(e.state) ? e.nextAttemptAt : null,
                e.deliveredAt, e.failedAt);
    }

    private void enqueue(Long alertId, String dedupKey, String action, int level, PageTarget target, String payload,
                         Instant eventAt) {
        Instant now = clock.instant();
        OutboxEntry e = new OutboxEntry();
        e.alertId = alertId;
        e.dedupKey = dedupKey;
        e.channel = target.channel();
        e.action = action;
        e.level = level;
        e.targetKind = target.targetKind();
        e.team = target.team();
        e.url = target.url();
        e.routeKey = target.routeKey();
        e.payload = payload;
        e.eventAt = eventAt == null ? now : eventAt;
        e.createdAt = now;
        e.nextAttemptAt = now;
        outbox.persist(e);
        Log.debugf("enqueued %s %s for %s to %s %s", target.channel(), action, dedupKey, target.targetKind(),
                PageTarget.mask(target.channel(), target.url(), target.routeKey()));
    }

    private List<PageTarget> route(PageRequest r) {
        String team = r.ownerTeam();
        if (team == null) {
            return fallback("no owner team for this alert");
        }
        Optional<Ownership> owner = ownership.lastKnown(team);
        if (owner.isEmpty() && r.labels().get("connector") != null) {
            owner = ownership.lookup(r.labels().get("connector"), r.labels().get("pack"), r.at())
                    .filter(o -> team.equals(o.team()));
        }
        if (owner.isEmpty()) {
            return fallback("routes of team " + team + " unknown (ownership-service did not answer)");
        }
        Ownership o = owner.get();
        if (!o.hasRoute()) {
            return fallback("team " + team + " has no paging route");
        }
        List<PageTarget> targets = new ArrayList<>();
        if (o.pagerdutyRoutingKey() != null) {
            targets.add(new PageTarget(PageTarget.PAGERDUTY, PageTarget.TEAM, team, pagerDuty.eventsUrl(), o.pagerdutyRoutingKey(), null));
        }
        if (o.slackWebhook() != null) {
            targets.add(new PageTarget(PageTarget.SLACK, PageTarget.TEAM, team, o.slackWebhook(), null, null));
        }
        if (o.webhook() != null) {
            targets.add(new PageTarget(PageTarget.WEBHOOK, PageTarget.TEAM, team, o.webhook(), null, null));
        }
        return targets;
    }

    private List<PageTarget> fallback(String reason) {
        PagingConfig.Fallback f = config.fallback();
        List<PageTarget> targets = new ArrayList<>();
        f.pagerdutyRoutingKey().ifPresent(k -> targets.add(
                new PageTarget(PageTarget.PAGERDUTY, PageTarget.FALLBACK, null, pagerDuty.eventsUrl(), k, reason)));
        f.slackWebhook().ifPresent(u -> targets.add(new PageTarget(PageTarget.SLACK, PageTarget.FALLBACK, null, u, null, reason)));
        f.webhookUrl().ifPresent(u -> targets.add(new PageTarget(PageTarget.WEBHOOK, PageTarget.FALLBACK, null, u, null, reason)));
        return targets;
    }

    private static List<PageTarget> previousTargets(List<OutboxEntry> triggers) {
        Map<String, PageTarget> distinct = new LinkedHashMap<>();
        for (OutboxEntry t : triggers) {
            String reason = PageTarget.FALLBACK.equals(t.targetKind) ? "its trigger went to the fallback route" : null;
            distinct.putIfAbsent(t.channel + "\n" + t.url + "\n" + t.routeKey,
                    new PageTarget(t.channel, t.targetKind, t.team, t.url, t.routeKey, reason));
        }
        return List.copyOf(distinct.values());
    }
}
