package io.packops.servicekit.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens from configuration, per role. {@code admin} also holds {@code operator} and {@code agent},
 * {@code operator} also holds {@code agent}: whoever may act may read.
 */
@ApplicationScoped
public class TokenRoles {

    public record Caller(String name, Set<String> roles) {
    }

    public static final String INGEST = "ingest";
    public static final String AGENT = "agent";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private final Map<String, Caller> byToken = new HashMap<>();

    TokenRoles(AuthConfig config) {
        add(config.tokens().ingest(), INGEST, Set.of(INGEST));
        add(config.tokens().agent(), AGENT, Set.of(AGENT));
        add(config.tokens().operator(), OPERATOR, Set.of(OPERATOR, AGENT));
        add(config.tokens().admin(), ADMIN, Set.of(ADMIN, OPERATOR, AGENT));
    }

    private void add(Optional<List<String>> tokens, String name, Set<String> roles) {
        for (String token : tokens.orElse(List.of())) {
            if (!token.isBlank()) {
                Caller existing = byToken.get(token.trim());
                Set<String> merged = new LinkedHashSet<>(roles);
                if (existing != null) {
                    merged.addAll(existing.roles());
                }
                byToken.put(token.trim(), new Caller(existing == null ? name : existing.name() + "+" + name, Set.copyOf(merged)));
            }
        }
    }

    /** The caller a token stands for, or null. Compared in constant time per candidate. */
    public Caller caller(String token) {
        Caller found = null;
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        for (Map.Entry<String, Caller> e : byToken.entrySet()) {
            if (MessageDigest.isEqual(e.getKey().getBytes(StandardCharsets.UTF_8), given)) {
                found = e.getValue();
            }
        }
        return found;
    }
}
