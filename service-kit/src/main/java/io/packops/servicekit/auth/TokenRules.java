package io.packops.servicekit.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * In the prod profile a service refuses to start when a role it serves has no token, a blank one or one shorter
 * than {@value #MIN_LENGTH} characters: a blank variable would otherwise lock that role out silently while readiness
 * says UP, and a short token can be guessed. The error names the variable, never the value. The dev and test
 * profiles keep their short demo tokens.
 */
@ApplicationScoped
public class TokenRules {

    public static final int MIN_LENGTH = 32;

    void onStart(@Observes StartupEvent start, AuthConfig config) {
        List<String> problems = problems(config, ConfigUtils.getProfiles());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
    }

    /** The role → tokens of the configuration, in {@link TokenRoles#ROLES} order. */
    static Map<String, Optional<List<String>>> tokensByRole(AuthConfig config) {
        Map<String, Optional<List<String>>> byRole = new LinkedHashMap<>();
        byRole.put(TokenRoles.INGEST, config.tokens().ingest());
        byRole.put(TokenRoles.AGENT, config.tokens().agent());
        byRole.put(TokenRoles.OPERATOR, config.tokens().operator());
        byRole.put(TokenRoles.ADMIN, config.tokens().admin());
        byRole.put(TokenRoles.PEER, config.tokens().peer());
        byRole.put(TokenRoles.AUTOMATION, config.tokens().automation());
        return byRole;
    }

    /** What is wrong with the configured tokens in these profiles (nothing outside prod). */
    public static List<String> problems(AuthConfig config, List<String> activeProfiles) {
        if (activeProfiles.contains("dev") || activeProfiles.contains("test")) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<String> served = config.roles().orElse(TokenRoles.ROLES);
        for (String role : served) {
            if (!TokenRoles.ROLES.contains(role)) {
                problems.add("packops.auth.roles names an unknown role '" + role + "' (known: " + TokenRoles.ROLES + ")");
            }
        }
        for (Map.Entry<String, Optional<List<String>>> e : tokensByRole(config).entrySet()) {
            String variable = variable(e.getKey());
            List<String> tokens = e.getValue().orElse(List.of());
            if (served.contains(e.getKey()) && tokens.stream().allMatch(String::isBlank)) {
                problems.add(variable + " is missing or blank (this service serves the " + e.getKey() + " role)");
            }
            // a token set for a role the service does not serve must still be strong: it would be accepted
            problems.addAll(strength(variable, tokens));
        }
        return problems;
    }

    /**
     * What is wrong with a token this service sends to another (alerting's peer and automation tokens) in these
     * profiles: the same rule, nothing outside prod.
     */
    public static List<String> outbound(String variable, Optional<String> token, List<String> activeProfiles) {
        if (activeProfiles.contains("dev") || activeProfiles.contains("test")) {
            return List.of();
        }
        if (token.isEmpty() || token.get().isBlank()) {
            return List.of(variable + " is missing or blank");
        }
        return strength(variable, List.of(token.get()));
    }

    /** What is wrong with the tokens of {@code variable} (comma-separated list); nothing says what they are. */
    public static List<String> strength(String variable, List<String> tokens) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i).trim();
            String which = tokens.size() == 1 ? variable : variable + " (entry " + (i + 1) + " of " + tokens.size() + ")";
            if (t.isEmpty()) {
                problems.add(which + " is blank");
            } else if (t.length() < MIN_LENGTH) {
                problems.add(which + " is shorter than " + MIN_LENGTH + " characters");
            }
        }
        return problems;
    }

    /** {@code peer} → {@code PACKOPS_TOKEN_PEER}. */
    public static String variable(String role) {
        return "PACKOPS_TOKEN_" + role.toUpperCase(Locale.ROOT);
    }
}
