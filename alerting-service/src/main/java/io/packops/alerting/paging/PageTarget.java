package io.packops.alerting.paging;

/**
 * One destination of a page: a channel and where it goes. {@code fallbackReason} is non-null when the target is
 * the configured fallback route (and says why), so the payload can say so.
 *
 * @param routeKey the PagerDuty routing key (null for Slack and webhooks, whose secret is the URL)
 */
public record PageTarget(String channel, String targetKind, String team, String url, String routeKey,
                         String fallbackReason) {

    public static final String PAGERDUTY = "pagerduty";
    public static final String PAGERDUTY_CHANGE = "pagerduty-change";
    public static final String SLACK = "slack";
    public static final String WEBHOOK = "webhook";

    public static final String TEAM = "team";
    public static final String FALLBACK = "fallback";

    public boolean fallback() {
        return FALLBACK.equals(targetKind);
    }

    /** Enough of a secret target to tell two apart in logs and on the timeline, never the whole of it. */
    public static String mask(String channel, String url, String routeKey) {
        if (routeKey != null) {
            return "routing key …" + tail(routeKey);
        }
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int pathStart = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
        String host = pathStart < 0 ? url.substring(scheme < 0 ? 0 : scheme + 3) : url.substring(scheme + 3, pathStart);
        return host + "/…" + tail(url);
    }

    private static String tail(String secret) {
        return secret.length() <= 8 ? "" : secret.substring(secret.length() - 4);
    }
}
