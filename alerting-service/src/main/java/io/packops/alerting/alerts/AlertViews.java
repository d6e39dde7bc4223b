package io.packops.alerting.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.alerting.paging.Delivery;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** API bodies of /v1/alerts. */
public final class AlertViews {

    private AlertViews() {
    }

    /**
     * An alert. {@code ownerKnown} false: ownership-service had not answered (the fallback route was paged);
     * {@code escalationLevel} is the level last paged (0 none yet), {@code timeline} and {@code deliveries} (each page's
     * delivery result from the outbox) only on the single-alert view.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Alert", description = "An alert with, on the single-alert view, its timeline and page deliveries")
    public record AlertView(long id, String dedupKey, String rule, Map<String, String> labels,
                            @Schema(enumeration = {"critical", "error", "warning", "info"}) String severity,
                            String summary, Map<String, Object> details,
                            @Schema(enumeration = {"firing", "acknowledged", "resolved"}) String state, String ownerTeam,
                            String ownerTeamName, boolean ownerKnown, String escalationPolicy, int escalationLevel,
                            String runbook, String runbookUrl, String url, Instant firedAt, Instant lastSeenAt,
                            Instant clearSince, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                            String resolvedBy, List<AlertEvent> timeline, List<Delivery> deliveries) {

        public static AlertView of(Alert a, String url, List<AlertEvent> timeline) {
            return of(a, url, timeline, null);
        }

        /** With {@code deliveries}: each page's delivery result (channel, attempts, state, last status), on the single-alert view. */
        public static AlertView of(Alert a, String url, List<AlertEvent> timeline, List<Delivery> deliveries) {
            return new AlertView(a.id, a.dedupKey, a.rule, a.labels, a.severity, a.summary, a.details, a.state,
                    a.ownerTeam, a.ownerTeamName, a.ownerKnown, a.escalationPolicy, a.escalationLevel, a.runbook,
                    a.runbookUrl, url, a.firedAt, a.lastSeenAt, a.clearSince, a.acknowledgedAt, a.acknowledgedBy,
                    a.resolvedAt, a.resolvedBy, timeline, deliveries);
        }
    }

    /** Optional body of ack and resolve. */
    @RegisterForReflection
    @Schema(description = "An optional comment, kept on the alert's timeline (at most 1,000 characters)")
    public record CommentRequest(@Schema(maxLength = 1000) String comment) {
    }

    @RegisterForReflection
    @Schema(description = "Why the version is rolled back (required, at most 500 characters)")
    public record RollbackRequest(@Schema(required = true, maxLength = 500) String reason) {
    }

    @RegisterForReflection
    @Schema(description = "What the rollback did: the version withdrawn in ingest-service and the one installers get now")
    public record RollbackView(long alertId, String pack, String withdrawnVersion, String servedVersion, AlertView alert) {
    }

    /** One page of the alert list. */
    @RegisterForReflection
    @Schema(description = "Alerts, newest first; pass nextCursor as cursor for the next page (absent on the last)")
    public record AlertPage(List<AlertView> items, String nextCursor) {
    }
}
