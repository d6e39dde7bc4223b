package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An ownership rule. Most specific match wins: a rule naming a pack beats one naming only a connector,
 * which beats {@code connector: "*"}. {@code firstReply} is an optional template for the suggested
 * first reply to a customer ({@code {connector}}, {@code {pack}}, {@code {team}}, {@code {supportQueue}}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rule(Match match, String team, String escalation, String runbook, String supportQueue,
                   String firstReply) {

    /** {@code connector} is a slug or {@code "*"}; {@code pack} is a pack slug or null. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String connector, String pack) {
        @JsonIgnore
        public boolean isCatchAll() {
            return "*".equals(connector) && pack == null;
        }
    }

    /** How a rule is named in summaries and messages: {@code connector} or {@code connector/pack}. */
    public String key() {
        return key(match.connector(), match.pack());
    }

    public static String key(String connector, String pack) {
        return pack == null ? connector : connector + "/" + pack;
    }
}
