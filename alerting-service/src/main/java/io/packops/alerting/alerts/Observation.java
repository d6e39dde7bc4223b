package io.packops.alerting.alerts;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a rule evaluation saw for one alert identity: the rule, its labels ({@code connector}, {@code pack},
 * {@code version}, and where relevant {@code warehouse}), and whether the condition holds now. Rules produce
 * observations; {@link AlertService#observe} turns them into alerts (dedup, keep-firing, silences, paging).
 *
 * @param firing  true when the rule's condition holds at this evaluation
 * @param details rule-specific facts shown on the alert and in pages (rates, counts, fingerprints, ...)
 */
public record Observation(String rule, Map<String, String> labels, String severity, String summary,
                          Map<String, Object> details, boolean firing) {

    public Observation {
        labels = new TreeMap<>(labels == null ? Map.of() : labels);
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** {@code rule} + sorted labels, e.g. {@code install-failure-rate{connector=stripe,pack=stripe-revenue,version=1.1.0}}. */
    public String dedupKey() {
        StringBuilder sb = new StringBuilder(rule).append('{');
        labels.forEach((k, v) -> sb.append(k).append('=').append(v).append(','));
        if (!labels.isEmpty()) {
            sb.setLength(sb.length() - 1);
        }
        return sb.append('}').toString();
    }
}
