package io.packops.alerting.peers;

import java.util.List;

/**
 * What alerting keeps of an ownership lookup: the owner team, its escalation chain as resolved at the time asked, the
 * runbook, and the team's paging routes (resolved values; null when absent or unset).
 */
public record Ownership(String team, String teamName, String policy, int repeat, String runbook, String runbookUrl,
                        String supportQueue, String pagerdutyRoutingKey, String slackWebhook, String webhook,
                        List<Level> levels) {

    public Ownership {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /** True when the team can be paged at all (one route resolves). */
    public boolean hasRoute() {
        return present(pagerdutyRoutingKey) || present(slackWebhook) || present(webhook);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** One escalation level: when it is paged (minutes after firing, empty levels skipped) and whom. */
    public record Level(int level, int effectiveAfterMinutes, boolean skipped, List<String> people) {

        public Level {
            people = people == null ? List.of() : List.copyOf(people);
        }
    }
}
