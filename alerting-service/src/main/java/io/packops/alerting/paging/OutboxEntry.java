package io.packops.alerting.paging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One notification to deliver (see V2__outbox.sql, V20). {@code url} and {@code routeKey} are sealed
 * ({@link io.packops.alerting.paging.delivery.SecretSeal}); read them through {@link OutboxRepository}.
 */
@Entity
@Table(name = "page_outbox")
public class OutboxEntry extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alert_id")
    public Long alertId;

    @Column(name = "dedup_key", nullable = false)
    public String dedupKey;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public int level;

    @Column(name = "target_kind", nullable = false)
    public String targetKind;

    public String team;

    @Column(nullable = false)
    public String url;

    @Column(name = "route_key")
    public String routeKey;

    /** Where the page goes without its secret parts: the URL's authority ({@code events.pagerduty.com}); one lane each. */
    public String destination;

    /** The destination masked for the timeline and logs (see {@link PageTarget#mask}). */
    public String target;

    /** Until when a sender holds this row (a crashed sender's rows are taken again after it). */
    @Column(name = "claimed_until")
    public Instant claimedUntil;

    /** Which claim holds the row: a late sender whose lease ran out does not overwrite another's outcome. */
    @Column(name = "claim_token")
    public String claimToken;

    @Column(nullable = false)
    public String payload;

    @Column(name = "event_at", nullable = false)
    public Instant eventAt;

    @Column(nullable = false)
    public String state = PENDING;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_status")
    public Integer lastStatus;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "failed_at")
    public Instant failedAt;
}
