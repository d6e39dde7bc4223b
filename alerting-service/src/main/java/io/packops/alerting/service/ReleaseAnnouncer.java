package io.packops.alerting.service;

import io.packops.alerting.client.IngestClient.PackVersion;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a PagerDuty change event to the owner's service for each new pack release (DESIGN "Alerts": release
 * change events), so an incident shows "stripe-revenue 1.1.0 released 12 min ago" next to it. A release is
 * announced once across replicas and restarts ({@code release_announcement}, claimed with
 * {@code on conflict do nothing}). The first time the table is filled, the releases already out are recorded
 * without an announcement: a fresh deployment must not flood PagerDuty with old news.
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
    @Transactional
    public List<String> announce(List<PackVersion> active) {
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
                pager.changeEvent(v.pack(), v.version(), v.connector(), null);
                announced.add(v.pack() + "@" + v.version());
            }
        }
        if (!announced.isEmpty()) {
            Log.infof("announced new releases to PagerDuty: %s", announced);
        }
        return announced;
    }
}
