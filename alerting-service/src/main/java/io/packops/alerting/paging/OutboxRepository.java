package io.packops.alerting.paging;

import io.packops.alerting.paging.delivery.SecretSeal;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The paging outbox table: claims for the dispatcher, delivery history for the alert timeline. Routing keys and webhook
 * URLs are sealed on the way in and opened on the way out ({@link SecretSeal}): the table never holds them in the clear.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxEntry> {

    @Inject
    PagingConfig config;

    @ConfigProperty(name = "packops.peers.token")
    Optional<String> peerToken;

    private SecretSeal seal;

    @PostConstruct
    void initSeal() {
        Optional<String> key = config.outboxKey().filter(k -> !k.isBlank())
                .or(() -> peerToken.filter(t -> !t.isBlank()));
        if (key.isPresent()) {
            seal = SecretSeal.fromSecret(key.get());
        } else {
            // no secret at all to derive from: pages still go out, but rows left pending over a restart cannot be read
            Log.error("no packops.paging.outbox-key and no peer token: outbox routes are sealed with a random key that"
                    + " does not survive a restart (set PACKOPS_PAGING_OUTBOX_KEY)");
            seal = SecretSeal.random();
        }
    }

    /** The one seal of the routes this service stores: the outbox's, and each alert's owner routes (AlertRepository). */
    @Produces
    @Singleton
    SecretSeal routeSeal() {
        return seal;
    }

    /** Fills a new row's destination from {@code target}: sealed secrets, the authority, the masked form. */
    void setDestination(OutboxEntry e, PageTarget target) {
        setDestination(e, target.channel(), target.url(), target.routeKey());
    }

    private void setDestination(OutboxEntry e, String channel, String url, String routeKey) {
        e.url = seal.seal(url);
        e.routeKey = seal.seal(routeKey);
        e.destination = authority(url);
        e.target = PageTarget.mask(channel, url, routeKey);
    }

    /** The row's URL in the clear (to send it). */
    private String url(OutboxEntry e) {
        return seal.open(e.url);
    }

    /** The row's PagerDuty routing key in the clear (null for Slack and webhooks). */
    private String routeKey(OutboxEntry e) {
        return seal.open(e.routeKey);
    }

    /** A row's destination in the clear. */
    public record Route(String url, String routeKey) {
    }

    /** The row's URL and routing key in the clear; empty when they were sealed under another key (logged). */
    public Optional<Route> route(OutboxEntry e) {
        try {
            return Optional.of(new Route(url(e), routeKey(e)));
        } catch (SecretSeal.Unreadable u) {
            Log.warnf("page %d: its destination was sealed under another outbox key and cannot be read", e.id);
            return Optional.empty();
        }
    }

    /** The masked destination (for the timeline and logs); rows from before V20 are masked here. */
    public String target(OutboxEntry e) {
        if (e.target != null) {
            return e.target;
        }
        try {
            return PageTarget.mask(e.channel, url(e), routeKey(e));
        } catch (SecretSeal.Unreadable u) {
            return e.destination;
        }
    }

    /** A URL's authority in lower case ({@code hooks.slack.com}, {@code localhost:18099}); the whole text when it has none. */
    static String authority(String url) {
        try {
            String a = URI.create(url).getRawAuthority();
            return a == null ? "" : a.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException | NullPointerException e) {
            return "";
        }
    }

    /**
     * Locks up to {@code limit} due rows that no other transaction holds and no live lease covers ({@code skip locked}:
     * two replicas never claim one row), leaving out the destinations in {@code busy} (this replica is still sending to
     * them). A row waits while an earlier row of the same dedup key, channel and destination is still pending, so a
     * resolve never overtakes its trigger. The caller leases what it takes and commits at once.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxEntry> claimDue(Instant now, int limit, Collection<String> busy) {
        return getEntityManager().createNativeQuery("""
                        select o.* from page_outbox o
                        where o.state = 'pending' and o.next_attempt_at <= :now
                          and (o.claimed_until is null or o.claimed_until <= :now)
                          and coalesce(o.destination, '') <> all (cast(:busy as text[]))
                          and not exists (select 1 from page_outbox e
                                          where e.state = 'pending' and e.dedup_key = o.dedup_key
                                            and e.channel = o.channel
                                            and coalesce(e.destination, '') = coalesce(o.destination, '')
                                            and e.id < o.id)
                        order by o.id
                        limit :limit
                        for update of o skip locked""", OutboxEntry.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .setParameter("busy", busy.toArray(String[]::new))
                .getResultList();
    }

    /** Earlier trigger rows of an alert: acknowledge and resolve go where its triggers went. */
    public List<OutboxEntry> triggersOf(long alertId, String dedupKey) {
        return list("alertId = ?1 and dedupKey = ?2 and action = 'trigger'", Sort.by("id"), alertId, dedupKey);
    }

    public List<OutboxEntry> ofAlert(long alertId) {
        return list("alertId", Sort.by("id"), alertId);
    }

    /** Pages waiting (pending, in flight included): a count query, never blocked by a send in progress. */
    public long backlog() {
        return count("state", OutboxEntry.PENDING);
    }

    /**
     * Seals rows written before V20 (url and route_key in the clear, the routing key inside PagerDuty payloads), at most
     * {@code limit} per call; returns how many it sealed.
     */
    public int sealLegacyRows(int limit) {
        List<OutboxEntry> legacy = find("url not like 'v1:%' or (routeKey is not null and routeKey not like 'v1:%')")
                .page(0, limit).list();
        for (OutboxEntry e : legacy) {
            String key = e.routeKey;
            setDestination(e, e.channel, e.url, key);
            e.payload = key == null ? e.payload : PagerDutyNotifier.withoutRoutingKey(e.payload);
        }
        return legacy.size();
    }
}
