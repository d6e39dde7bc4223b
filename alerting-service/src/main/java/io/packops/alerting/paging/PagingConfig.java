package io.packops.alerting.paging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Paging: where PagerDuty is, the fallback route, and how the outbox retries ({@code packops.paging.*}). */
@ConfigMapping(prefix = "packops.paging")
public interface PagingConfig {

    /** How often the outbox dispatcher runs ({@code off} disables the schedule; tests call it directly). */
    @WithDefault("2s")
    String dispatchEvery();

    /** PagerDuty Events API base URL ({@code /v2/enqueue}, {@code /v2/change/enqueue}). */
    @WithDefault("https://events.pagerduty.com")
    String pagerdutyUrl();

    /** This service's public base URL: Alertmanager's {@code externalURL}, PagerDuty's {@code client_url}. */
    @WithDefault("http://localhost:8082")
    String externalUrl();

    /** PagerDuty {@code client} and Alertmanager {@code receiver} prefix. */
    @WithDefault("packops alerting")
    String clientName();

    /** Paged when the owner is unknown (ownership-service down, no rule) or the owner team has no route. */
    Fallback fallback();

    Retry retry();

    /** A page still undelivered this long after it was enqueued is given up (and raises its own signal). */
    @WithDefault("24h")
    Duration giveUpAfter();

    /** Rows claimed per destination in one claim (they are sent by that destination's workers). */
    @WithDefault("20")
    int batchSize();

    /**
     * The deadline of one whole exchange: connecting, sending, the answer's headers and its body. A receiver that has not
     * finished answering by then is a timeout (retried), however slowly it is still dripping.
     */
    @WithDefault("10s")
    Duration sendTimeout();

    /** At most this many bytes of an answer are read (and none kept): past it the connection is dropped. */
    @WithDefault("65536")
    int maxAnswerBytes();

    /** Sends in flight at once on this replica, all destinations together (the sender threads). */
    @WithDefault("16")
    int maxConcurrentSends();

    /**
     * Sends in flight at once to one destination (scheme, host and port): a receiver that hangs holds this many sender
     * threads and delays only its own pages.
     */
    @WithDefault("4")
    int perDestinationConcurrency();

    /**
     * The key that seals routing keys and webhook URLs in the outbox ({@code PACKOPS_PAGING_OUTBOX_KEY}, any length,
     * from a Secret). Unset: derived from the peer token ({@code packops.peers.token}), which every deployment has;
     * set it to rotate the two apart. Rows sealed under an older key fail as "destination unreadable".
     */
    Optional<String> outboxKey();

    /** Delivered and failed outbox rows older than this are deleted (the alert's timeline loses those deliveries). */
    @WithDefault("30d")
    Duration retention();

    interface Fallback {
        Optional<String> pagerdutyRoutingKey();

        Optional<String> slackWebhook();

        Optional<String> webhookUrl();
    }

    interface Retry {
        /** First retry delay; doubles per attempt. */
        @WithDefault("1s")
        Duration base();

        @WithDefault("5m")
        Duration max();

        /** Share of the delay that is random (0 = none, 1 = full jitter). */
        @WithDefault("0.5")
        double jitter();
    }

    /** Turn a page that will never be delivered ({@code PageDeliveryFailed}) into packops' own {@code page-delivery-failed} alert. */
    @WithDefault("true")
    boolean alertOnDeliveryFailure();
}
