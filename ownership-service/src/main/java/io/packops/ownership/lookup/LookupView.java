package io.packops.ownership.lookup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.packops.ownership.document.model.Rule;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/lookup}: who owns a connector/pack, who is on call now at each escalation
 * level and until when, the chain, the runbook, the support queue and a suggested first reply. {@code connector}
 * and {@code pack} are as looked up (lower case); {@code match} says whether ownership knows them.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LookupView(String connector, String pack, Instant at, long revision, MatchView match, RuleView rule,
                         TeamView team, EscalationView escalation, String runbook, String runbookUrl,
                         String supportQueue, String suggestedReply, List<String> notes) {

    /**
     * Whether the connector and pack asked about are known (named in a rule, or for a connector in the document's
     * {@code connectors} catalogue; null when not asked), whether the answer is the {@code "*"} rule's for a
     * connector or pack that was asked about ({@code fallback}), and for an unknown name what was likely meant.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MatchView(Boolean connectorKnown, Boolean packKnown, boolean fallback, List<Suggestion> suggestions) {

        /** True when a connector or pack was asked about that ownership does not know. */
        @JsonIgnore
        public boolean unknown() {
            return Boolean.FALSE.equals(connectorKnown) || Boolean.FALSE.equals(packKnown);
        }
    }

    /**
     * A known connector (and pack) an unknown name probably meant. {@code reason}: {@code is-a-pack} (the name
     * typed as a connector is a known pack), {@code is-a-connector} (the name typed as a pack is a known connector),
     * {@code spelling} (a few letters away) or {@code prefix} (one name starts with the other). {@code connector}
     * is null for a pack only a {@code connector: "*"} rule names.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suggestion(String connector, String pack, String reason) {
    }

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
