package io.packops.alerting.paging;

import io.packops.alerting.peers.IngestRestClient.PackVersion;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a PagerDuty change event to the owner's service for each new pack release (DESIGN "Alerts": release
 * change events), so an incident shows "stripe-revenue 1.1.0 released 12 min ago" next to it. A release is
 * announced once across replicas and restarts ({@code release_announcement}, claimed with
 * {@code on conflict do nothing}). The first time the table is filled, the releases already out are recorded
 * without an announcement: a fresh deployment must not flood PagerDuty with old news.
 *
 * <p>The owners of the releases not seen yet are looked up first, outside any transaction; the claims and their
 * change events are then written in one short transaction.
 */
@ApplicationScoped
public class ReleaseAnnouncer {

    @Inject
    EntityManager em;

    @Inject
    Pager pager;

    @Inject
    Clock clock;

    /** Announces the releases among {@code active} not seen before; returns them as {@code pack@version}. */
    public List<String> announce(List<PackVersion> active) {
        Set<String> seen = QuarkusTransaction.requiringNew().call(this::seen);
        Map<String, Optional<PageTarget>> targets = new HashMap<>();
        if (!seen.isEmpty()) { // the first filling announces nothing: no owner to ask
            for (PackVersion v : active) {
                if (!seen.contains(key(v))) {
                    targets.put(key(v), pager.changeTarget(v.pack(), v.connector(), null));
                }
            }
        }
        List<String> announced = QuarkusTransaction.requiringNew().call(() -> claim(active, targets));
        if (!announced.isEmpty()) {
            Log.infof("announced new releases to PagerDuty: %s", announced);
        }
        return announced;
    }

    private List<String> claim(List<PackVersion> active, Map<String, Optional<PageTarget>> targets) {
        boolean first = !(Boolean) em.createNativeQuery("select exists (select 1 from release_announcement)").getSingleResult();
        List<String> announced = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (PackVersion v : active) {
            int claimed = em.createNativeQuery("""
                            insert into release_announcement (pack, version, connector, seen_at, announced)
                            values (?1, ?2, ?3, ?4, ?5) on conflict do nothing""")
                    .setParameter(1, v.pack()).setParameter(2, v.version()).setParameter(3, v.connector())
                    .setParameter(4, now).setParameter(5, !first)
                    .executeUpdate();
            if (claimed == 1 && !first) {
                // not looked up: the table was empty a moment ago and another replica filled it since (a race of first
                // fillings); its owner is unknown here, so the fallback route gets it rather than nobody
                Optional<PageTarget> target = targets.containsKey(key(v)) ? targets.get(key(v)) : pager.fallbackChangeTarget(v.pack());
                target.ifPresent(t -> pager.enqueueChange(v.pack(), v.version(), v.connector(), t));
                announced.add(key(v));
            }
        }
        return announced;
    }

    @SuppressWarnings("unchecked")
    private Set<String> seen() {
        Set<String> seen = new HashSet<>();
        for (Object[] row : (List<Object[]>) em.createNativeQuery("select pack, version from release_announcement").getResultList()) {
            seen.add(row[0] + "@" + row[1]);
        }
        return seen;
    }

    private static String key(PackVersion v) {
        return v.pack() + "@" + v.version();
    }
}
