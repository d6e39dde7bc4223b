package io.packops.ownership.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.ownership.model.Rule;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/lookup}: who owns a connector/pack, who is on call now at each escalation
 * level and until when, the chain, the runbook, the support queue and a suggested first reply.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupView(String connector, String pack, Instant at, long revision, RuleView rule, TeamView team,
                         EscalationView escalation, String runbook, String runbookUrl, String supportQueue,
                         String suggestedReply, List<String> notes) {

    /** {@code matchedBy}: {@code pack}, {@code connector} or {@code default} (the {@code "*"} rule). */
    @RegisterForReflection
    public record RuleView(String id, String matchedBy, Rule.Match match) {
    }

    /**
     * {@code routes}: route kind ({@code pagerduty}, {@code slackWebhook}, {@code webhook}) → value; for agents
     * the value is the redaction marker (a route exists), for operators and admins the resolved value
     * (null when its variable is unset, with a note).
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TeamView(String id, String name, String slack, String email, Map<String, String> routes) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EscalationView(String policy, int repeat, String fallbackFrom, List<LevelView> levels) {
    }

    /** {@code effectiveAfterMinutes}: when the level is reached, counting empty levels as skipped at once. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LevelView(int level, int afterMinutes, int effectiveAfterMinutes, boolean skipped, String note,
                            List<TargetView> targets) {
    }

    /** {@code kind}: {@code person}, {@code schedule} or {@code team}. */
    @RegisterForReflection
    public record TargetView(String kind, String id, List<PersonView> people) {
    }

    /** {@code until}: end of the current shift (null for a person targeted directly); {@code via}: schedule or team. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PersonView(String id, String name, String email, Instant until, String via) {
    }
}
