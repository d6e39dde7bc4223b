package io.packops.ownership.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.packops.ownership.document.model.OwnershipDocument;
import io.packops.ownership.document.model.Team;
import io.packops.ownership.system.OwnershipConfig;
import io.packops.servicekit.auth.TokenRoles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The secret-bearing fields of a team (PagerDuty routing key, Slack webhook, generic webhook) as a caller
 * may see them. Documents store {@code ${ENV_VAR}} references; values come from this service's own
 * environment / MicroProfile Config (so {@code %test.PD_BILLING_PACKS=...} works in tests), looked up on
 * every read, so rotating a secret needs a restart of the service but no new revision.
 *
 * <ul>
 *   <li>{@link View#REDACTED} (agents): every secret field that is set, reference or literal, reads
 *       {@value #REDACTED}: a route exists, its value is not shown.</li>
 *   <li>{@link View#REFERENCES} (operator, admin by default): the stored text, {@code ${PD_BILLING_PACKS}}.</li>
 *   <li>{@link View#RESOLVED} (operator, admin, on request): the values; a variable that is not set makes the
 *       field null and adds a {@link Warning}.</li>
 * </ul>
 */
@ApplicationScoped
public class SecretResolver {

    /** What agents see in place of a secret: the route exists. */
    public static final String REDACTED = "<redacted>";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)}");

    public enum View {
        REDACTED, REFERENCES, RESOLVED;

        /**
         * Agents always get {@link #REDACTED}; operators and admins references, or values when they ask; the
         * {@code peer} (alerting paging an owner) values when it asks, nothing else.
         */
        public static View of(SecurityIdentity caller, boolean resolve) {
            if (caller != null && !caller.isAnonymous() && caller.hasRole(TokenRoles.PEER) && !caller.hasRole(TokenRoles.OPERATOR)) {
                return resolve ? RESOLVED : REDACTED;
            }
            if (caller == null || caller.isAnonymous() || !caller.hasRole(TokenRoles.OPERATOR)) {
                return REDACTED;
            }
            return resolve ? RESOLVED : REFERENCES;
        }
    }

    /** A reference that did not resolve: the field it is in, the variable, and why. */
    @RegisterForReflection
    public record Warning(String field, String variable, String message) {
    }

    /** A team's paging routes as one view shows them; null where the team has no such route. */
    @RegisterForReflection
    public record Routes(String pagerdutyRoutingKey, String slackWebhook, String webhook, List<Warning> warnings) {
        public Routes {
            warnings = List.copyOf(warnings);
        }
    }

    @Inject
    Config config;

    @Inject
    OwnershipConfig ownership;

    @Inject
    ObjectMapper mapper;

    private static final Pattern ANY_REFERENCE = Pattern.compile("\\$\\{[^}]*}");

    /** {@code text} with every {@code ${...}} reference replaced by {@value #REDACTED}: for agents' eyes. */
    public static String redactReferences(String text) {
        return text == null ? null : ANY_REFERENCE.matcher(text).replaceAll(Matcher.quoteReplacement(REDACTED));
    }

    /** The value of {@code ${name}} in this service's environment, empty when unset (or denied). */
    public Optional<String> variable(String name) {
        if (denied(name)) {
            return Optional.empty();
        }
        return config.getOptionalValue(name, String.class);
    }

    /** The team's routes for {@code view}; what the lookup endpoint and the support page show. */
    public Routes routes(Team team, View view) {
        List<Warning> warnings = new ArrayList<>();
        String prefix = "teams[" + team.id() + "].";
        String routingKey = team.pagerduty() == null ? null
                : apply(team.pagerduty().routingKey(), view, prefix + "pagerduty.routingKey", warnings);
        return new Routes(routingKey, apply(team.slackWebhook(), view, prefix + "slackWebhook", warnings),
                apply(team.webhook(), view, prefix + "webhook", warnings), warnings);
    }

    /**
     * The document form of {@code document} with every secret field shown as {@code view} allows. Fields
     * that do not resolve are explicit nulls, with their warnings added to {@code warnings}.
     */
    public ObjectNode document(OwnershipDocument document, View view, List<Warning> warnings) {
        ObjectNode tree = mapper.valueToTree(document);
        JsonNode teams = tree.path("teams");
        for (int i = 0; i < document.teams().size(); i++) {
            Team team = document.teams().get(i);
            ObjectNode node = (ObjectNode) teams.get(i);
            String path = "teams[" + i + "].";
            if (team.pagerduty() != null && team.pagerduty().routingKey() != null) {
                ((ObjectNode) node.get("pagerduty")).set("routingKey",
                        text(apply(team.pagerduty().routingKey(), view, path + "pagerduty.routingKey", warnings)));
            }
            if (team.slackWebhook() != null) {
                node.set("slackWebhook", text(apply(team.slackWebhook(), view, path + "slackWebhook", warnings)));
            }
            if (team.webhook() != null) {
                node.set("webhook", text(apply(team.webhook(), view, path + "webhook", warnings)));
            }
        }
        return tree;
    }

    /** Every reference in the document that does not resolve here (the PUT answer lists them as warnings). */
    public List<Warning> unresolved(OwnershipDocument document) {
        List<Warning> warnings = new ArrayList<>();
        document(document, View.RESOLVED, warnings);
        return warnings;
    }

    /** One secret field as {@code view} shows it. */
    public String apply(String value, View view, String field, List<Warning> warnings) {
        if (value == null) {
            return null;
        }
        return switch (view) {
            case REDACTED -> REDACTED;
            case REFERENCES -> value;
            case RESOLVED -> resolve(value, field, warnings);
        };
    }

    private String resolve(String value, String field, List<Warning> warnings) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        boolean complete = true;
        while (m.find()) {
            String name = m.group(1);
            Optional<String> v = variable(name);
            if (v.isEmpty()) {
                warnings.add(new Warning(field, name, denied(name)
                        ? name + " names the service's own configuration and is never resolved"
                        : name + " is not set in ownership-service's environment"));
                complete = false;
            } else {
                m.appendReplacement(resolved, Matcher.quoteReplacement(v.get()));
            }
        }
        m.appendTail(resolved);
        return complete ? resolved.toString() : null;
    }

    private boolean denied(String name) {
        return ownership.secrets().deniedPrefixes().stream().anyMatch(p -> !p.isBlank() && name.startsWith(p.trim()));
    }

    private static JsonNode text(String value) {
        return value == null ? NullNode.instance : TextNode.valueOf(value);
    }
}
