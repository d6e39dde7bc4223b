package io.packops.alerting.paging;

import io.packops.alerting.paging.PageRequest.Routes;
import io.packops.alerting.peers.Ownership;
import io.packops.alerting.peers.OwnershipClient;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
 * The routes come in the {@link PageRequest}: nothing here calls a peer while a transaction is open.
 */
@ApplicationScoped
public class Pager {

    static final Set<String> ACTIONS = Set.of("trigger", "acknowledge", "resolve");
    private static final Pattern ROUTING_KEY = Pattern.compile("[A-Za-z0-9]{32}");

    @Inject
    OwnershipClient ownership;

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
     * row per channel the team has. Without an owner team, or when the team has no route or its routes are
     * unknown, the configured fallback route is paged and the payload says so. Acknowledge and resolve go where the
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
        if (targets.isEmpty() && !triggers.isEmpty()) {
            targets = route(request); // the triggers' destinations cannot be read any more (the outbox key changed)
        }
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
     * Sends a PagerDuty change event for a new pack release: resolves where it goes (see {@link #changeTarget}, which
     * may ask ownership-service), then enqueues it in a transaction of its own.
     */
    public void changeEvent(String pack, String version, String connector, String teamOrRoutingKey) {
        Optional<PageTarget> target = changeTarget(pack, connector, teamOrRoutingKey);
        target.ifPresent(t -> QuarkusTransaction.requiringNew().run(() -> enqueueChange(pack, version, connector, t)));
    }

    /**
     * Where the change event of a release of {@code pack} goes. {@code teamOrRoutingKey}: a team id (its PagerDuty
     * route), a 32-character routing key, or null for the pack's owner; the fallback routing key when none of those
     * resolves; empty when there is no PagerDuty route at all. Asks ownership-service over HTTP: call it before a
     * transaction, never inside one.
     */
    public Optional<PageTarget> changeTarget(String pack, String connector, String teamOrRoutingKey) {
        boolean isKey = teamOrRoutingKey != null && ROUTING_KEY.matcher(teamOrRoutingKey).matches();
        if (isKey) {
            return Optional.of(changeTarget(PageTarget.TEAM, null, teamOrRoutingKey, null));
        }
        Optional<Ownership> owner = connector == null ? Optional.empty()
                : ownership.lookup(connector, pack, clock.instant())
                        .filter(o -> teamOrRoutingKey == null || teamOrRoutingKey.equals(o.team()));
        String team = owner.map(Ownership::team).orElse(teamOrRoutingKey);
        if (owner.isPresent() && owner.get().pagerdutyRoutingKey() != null) {
            return Optional.of(changeTarget(PageTarget.TEAM, team, owner.get().pagerdutyRoutingKey(), null));
        }
        return fallbackChangeTarget(team, owner.isPresent() ? "team " + team + " has no PagerDuty route" : "owner of " + pack + " unknown");
    }

    /** The fallback route of a change event whose owner is not known; empty without a fallback routing key. */
    public Optional<PageTarget> fallbackChangeTarget(String pack) {
        return fallbackChangeTarget(null, "owner of " + pack + " unknown");
    }

    private Optional<PageTarget> fallbackChangeTarget(String team, String reason) {
        if (config.fallback().pagerdutyRoutingKey().isEmpty()) {
            Log.warnf("change event not sent (%s): no PagerDuty route and no fallback routing key", reason);
            return Optional.empty();
        }
        return Optional.of(changeTarget(PageTarget.FALLBACK, team, config.fallback().pagerdutyRoutingKey().get(), reason));
    }

    private PageTarget changeTarget(String kind, String team, String routingKey, String reason) {
        return new PageTarget(PageTarget.PAGERDUTY_CHANGE, kind, team, pagerDuty.changeUrl(), routingKey, reason);
    }

    /** Enqueues the change event of a release to {@code target} (from {@link #changeTarget}), in the caller's transaction. */
    @Transactional
    public void enqueueChange(String pack, String version, String connector, PageTarget target) {
        Instant now = clock.instant();
        String payload = pagerDuty.change(target.routeKey(), pack, version, connector, now, target.team(),
                target.fallbackReason()).toString();
        enqueue(null, "change:" + pack + "@" + version, "change", 0, target, payload, now);
    }

    /** What became of each notification of an alert, oldest first (for its timeline). */
    @Transactional // a fresh session outside a caller's transaction: never a stale cached row
    public List<Delivery> deliveries(long alertId) {
        return outbox.ofAlert(alertId).stream().map(this::delivery).toList();
    }

    Delivery delivery(OutboxEntry e) {
        return new Delivery(e.id, e.channel, e.action, e.level, e.targetKind, e.team,
                outbox.target(e), e.state, e.attempts, e.lastStatus, e.lastError,
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
        outbox.setDestination(e, target); // the routing key and URL sealed, never in the clear
        e.payload = target.routeKey() == null ? payload : PagerDutyNotifier.withoutRoutingKey(payload);
        e.eventAt = eventAt == null ? now : eventAt;
        e.createdAt = now;
        e.nextAttemptAt = now;
        outbox.persist(e);
        Log.debugf("enqueued %s %s for %s to %s %s", target.channel(), action, dedupKey, target.targetKind(), e.target);
    }

    private List<PageTarget> route(PageRequest r) {
        String team = r.ownerTeam();
        if (team == null) {
            return fallback("no owner team for this alert");
        }
        Routes routes = r.routes();
        if (routes == null) {
            return fallback("routes of team " + team + " unknown (ownership-service did not answer)");
        }
        if (!routes.any()) {
            return fallback("team " + team + " has no paging route");
        }
        List<PageTarget> targets = new ArrayList<>();
        if (routes.pagerdutyRoutingKey() != null) {
            targets.add(new PageTarget(PageTarget.PAGERDUTY, PageTarget.TEAM, team, pagerDuty.eventsUrl(), routes.pagerdutyRoutingKey(), null));
        }
        if (routes.slackWebhook() != null) {
            targets.add(new PageTarget(PageTarget.SLACK, PageTarget.TEAM, team, routes.slackWebhook(), null, null));
        }
        if (routes.webhook() != null) {
            targets.add(new PageTarget(PageTarget.WEBHOOK, PageTarget.TEAM, team, routes.webhook(), null, null));
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

    private List<PageTarget> previousTargets(List<OutboxEntry> triggers) {
        Map<String, PageTarget> distinct = new LinkedHashMap<>();
        for (OutboxEntry t : triggers) {
            String reason = PageTarget.FALLBACK.equals(t.targetKind) ? "its trigger went to the fallback route" : null;
            outbox.route(t).ifPresent(r -> distinct.putIfAbsent(t.channel + "\n" + r.url() + "\n" + r.routeKey(),
                    new PageTarget(t.channel, t.targetKind, t.team, r.url(), r.routeKey(), reason)));
        }
        return List.copyOf(distinct.values());
    }
}
