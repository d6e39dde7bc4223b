package io.packops.alerting.paging;

import java.time.Instant;

/**
 * CDI event fired (after the dispatcher's transaction commits) when a notification will never be delivered:
 * the receiver rejected it ({@code reason = "rejected"}: a 4xx other than 408/429) or it stayed undelivered
 * for {@code packops.paging.give-up-after} ({@code reason = "gave-up"}). Observe it to raise packops' own alert.
 *
 * @param target masked destination (see {@link PageTarget#mask})
 */
public record PageDeliveryFailed(long outboxId, Long alertId, String dedupKey, String channel, String action,
                                 String targetKind, String team, String target, String reason, int attempts,
                                 Integer lastStatus, String lastError, Instant at) {

    public static final String REJECTED = "rejected";
    public static final String GAVE_UP = "gave-up";
}
