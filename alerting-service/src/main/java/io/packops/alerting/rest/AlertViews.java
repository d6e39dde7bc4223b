package io.packops.alerting.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.alerting.repository.Alert;
import io.packops.alerting.repository.AlertEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** API bodies of /v1/alerts and /v1/silences. */
public final class AlertViews {

    private AlertViews() {
    }

    @RegisterForReflection
    public record Page<T>(List<T> items, String nextCursor) {
    }

    /**
     * An alert. {@code ownerKnown} false: ownership-service had not answered (the fallback route was paged);
     * {@code escalationLevel} is the level last paged (0 none yet), {@code timeline} and {@code deliveries} (each page's
     * delivery result from the outbox) only on the single-alert view.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertView(long id, String dedupKey, String rule, Map<String, String> labels, String severity,
                            String summary, Map<String, Object> details, String state, String ownerTeam,
                            String ownerTeamName, boolean ownerKnown, String escalationPolicy, int escalationLevel,
                            String runbook, String runbookUrl, String url, Instant firedAt, Instant lastSeenAt,
                            Instant clearSince, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                            String resolvedBy, List<AlertEvent> timeline,
                            List<io.packops.alerting.service.Delivery> deliveries) {

        public static AlertView of(Alert a, String url, List<AlertEvent> timeline) {
            return of(a, url, timeline, null);
        }

        /** With {@code deliveries}: each page's delivery result (channel, attempts, state, last status), on the single-alert view. */
        public static AlertView of(Alert a, String url, List<AlertEvent> timeline,
                                   List<io.packops.alerting.service.Delivery> deliveries) {
            return new AlertView(a.id, a.dedupKey, a.rule, a.labels, a.severity, a.summary, a.details, a.state,
                    a.ownerTeam, a.ownerTeamName, a.ownerKnown, a.escalationPolicy, a.escalationLevel, a.runbook,
                    a.runbookUrl, url, a.firedAt, a.lastSeenAt, a.clearSince, a.acknowledgedAt, a.acknowledgedBy,
                    a.resolvedAt, a.resolvedBy, timeline, deliveries);
        }
    }

    /** Optional body of ack and resolve. */
    @RegisterForReflection
    public record CommentRequest(String comment) {
    }

    @RegisterForReflection
    public record RollbackRequest(String reason) {
    }

    @RegisterForReflection
    public record RollbackView(long alertId, String pack, String withdrawnVersion, String servedVersion, AlertView alert) {
    }
}
