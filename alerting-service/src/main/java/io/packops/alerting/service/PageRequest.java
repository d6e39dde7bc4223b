package io.packops.alerting.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link Pager} needs to page about an alert: the alert as it is now, the escalation level to page
 * (1-based; 0 for acknowledge/resolve notifications) and the people that level resolved to.
 *
 * @param action  {@code trigger}, {@code acknowledge} or {@code resolve} (PagerDuty Events API v2 actions)
 * @param people  person ids the level pages (from ownership's escalation chain); empty for acknowledge/resolve
 */
public record PageRequest(long alertId, String dedupKey, String action, String rule, Map<String, String> labels,
                          String severity, String summary, Map<String, Object> details, String runbookUrl,
                          String alertUrl, String ownerTeam, int level, List<String> people, Instant at) {

    public PageRequest {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        details = details == null ? Map.of() : Map.copyOf(details);
        people = people == null ? List.of() : List.copyOf(people);
    }
}
