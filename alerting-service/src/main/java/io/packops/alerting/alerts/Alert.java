package io.packops.alerting.alerts;

import io.packops.alerting.paging.PageRequest.Routes;
import io.packops.alerting.peers.Ownership.Level;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code alerts}, read under a row lock, changed by the lifecycle and written back with
 * {@link AlertRepository#update}. Mutable on purpose: it lives for one transaction.
 */
public class Alert {
    public long id;
    public String dedupKey;
    public String rule;
    public Map<String, String> labels;
    public String severity;
    public String summary;
    public Map<String, Object> details;
    public String state;
    public boolean ownerKnown;
    public String ownerTeam;
    public String ownerTeamName;
    public String escalationPolicy;
    public int escalationRepeat;
    public List<Level> escalationLevels = List.of();
    /** The owner team's paging routes as resolved at fire time; null while unknown (the fallback route is paged). */
    public Routes routes;
    public String runbook;
    public String runbookUrl;
    public Instant firedAt;
    public Instant lastSeenAt;
    public Instant clearSince;
    public Instant pagingStartedAt;
    public int escalationRound;
    public int escalationLevel;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public Instant resolvedAt;
    public String resolvedBy;

    public static final String FIRING = "firing";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    public boolean active() {
        return !RESOLVED.equals(state);
    }
}
