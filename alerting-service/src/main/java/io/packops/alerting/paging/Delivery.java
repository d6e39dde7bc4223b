package io.packops.alerting.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * One notification of an alert and what became of it, for the alert's timeline.
 *
 * @param channel    {@code pagerduty}, {@code slack}, {@code webhook} (or {@code pagerduty-change})
 * @param targetKind {@code team} (the owner's route) or {@code fallback} (the configured fallback route)
 * @param target     the destination, masked (never a whole routing key or webhook URL)
 * @param state      {@code pending}, {@code delivered} or {@code failed}
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(long id, String channel, String action, int level, String targetKind, String team, String target,
                       String state, int attempts, Integer lastStatus, String lastError, Instant createdAt,
                       Instant lastAttemptAt, Instant nextAttemptAt, Instant deliveredAt, Instant failedAt) {
}
