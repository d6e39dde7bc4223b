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

    /** Rows claimed per dispatcher transaction. */
    @WithDefault("20")
    int batchSize();

    /** Per-request timeout of a notification POST. */
    @WithDefault("10s")
    Duration sendTimeout();

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
