package io.packops.alerting.rules;

import io.packops.alerting.alerts.AlertService;
import io.packops.alerting.alerts.Observation;
import io.packops.alerting.paging.PageDeliveryFailed;
import io.packops.alerting.paging.PagingConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns {@link PageDeliveryFailed} (a page rejected for good, or given up on) into packops' own alert
 * {@code page-delivery-failed{channel}}, critical, paged through the lifecycle like any other (no connector: the
 * platform owner from ownership's {@code "*"} rule, on all of that team's routes, so a dead PagerDuty integration
 * still reaches Slack). The summary names the failed alert's dedup key and the last error, which the dispatcher keeps
 * as a status and a short classification ("HTTP 500", "timeout after 10 s"), never the receiver's answer; routing keys
 * and URLs are never in it (scrubbed of URLs and key-like tokens here too, in case).
 * <p>
 * A failure of a page that was itself about a failed page is logged, not observed again (no loop).
 * Off with {@code packops.paging.alert-on-delivery-failure=false}.
 */
@ApplicationScoped
public class PageDeliveryFailedAlerts {

    public static final String RULE = "page-delivery-failed";
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");
    private static final Pattern KEY = Pattern.compile("\\b[A-Za-z0-9]{24,}\\b");

    @Inject
    AlertService alerts;

    @Inject
    PagingConfig config;

    void on(@Observes PageDeliveryFailed failed) {
        if (!config.alertOnDeliveryFailure()) {
            return;
        }
        if (failed.dedupKey() != null && failed.dedupKey().startsWith(RULE + "{")) {
            Log.errorf("the page about a failed page (%s, %s) could not be delivered either (%s)", failed.dedupKey(),
                    failed.channel(), failed.reason());
            return;
        }
        alerts.observe(observation(failed));
    }

    static Observation observation(PageDeliveryFailed f) {
        String error = scrub(f.lastError());
        String why = PageDeliveryFailed.REJECTED.equals(f.reason()) ? "rejected" : "given up";
        String summary = f.channel() + " " + f.action() + " page for " + f.dedupKey() + " " + why + " after " + f.attempts()
                + (f.attempts() == 1 ? " attempt" : " attempts")
                + (f.lastStatus() == null ? "" : " (HTTP " + f.lastStatus() + ")")
                + (error == null || error.equals("HTTP " + f.lastStatus()) ? "" : ": " + error);
        Map<String, Object> details = new LinkedHashMap<>();
        if (f.alertId() != null) {
            details.put("alertId", f.alertId());
        }
        details.put("dedupKey", f.dedupKey());
        details.put("action", f.action());
        details.put("targetKind", f.targetKind());
        if (f.team() != null) {
            details.put("team", f.team());
        }
        details.put("reason", f.reason());
        details.put("attempts", f.attempts());
        if (f.lastStatus() != null) {
            details.put("lastStatus", f.lastStatus());
        }
        if (error != null) {
            details.put("lastError", error);
        }
        details.put("outboxId", f.outboxId());
        details.values().removeIf(Objects::isNull);
        return new Observation(RULE, Map.of("channel", f.channel()), "critical", summary, details, true);
    }

    /** The error is a classification (OutboxDispatcher keeps no receiver text); URLs and keys go anyway, defensively. */
    static String scrub(String error) {
        if (error == null || error.isBlank()) {
            return null;
        }
        String s = KEY.matcher(URL.matcher(error).replaceAll("<url>")).replaceAll("<redacted>");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
