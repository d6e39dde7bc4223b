package io.packops.servicekit.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens from configuration, per role. {@code admin} also holds {@code operator} and {@code agent},
 * {@code operator} also holds {@code agent}: whoever may act may read. {@code peer} and {@code automation} hold only
 * themselves: alerting-service's reads of ingest and ownership, and its own actions on ingest (withdraw, rollout
 * verdicts); nothing a person does. Tokens are kept and compared as SHA-256
 * digests, so every comparison takes the same time whatever the token's length or where it differs, and no token
 * is ever logged or shown.
 */
@ApplicationScoped
public class TokenRoles {

    public record Caller(String name, Set<String> roles) {
    }

    public static final String INGEST = "ingest";
    public static final String AGENT = "agent";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";
    public static final String PEER = "peer";
    public static final String AUTOMATION = "automation";

    /** Every role, in the order of their variables. */
    public static final List<String> ROLES = List.of(INGEST, AGENT, OPERATOR, ADMIN, PEER, AUTOMATION);

    private record Entry(byte[] digest, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();

    TokenRoles(AuthConfig config) {
        for (Map.Entry<String, Optional<List<String>>> role : TokenRules.tokensByRole(config).entrySet()) {
            add(role.getValue(), role.getKey(), granted(role.getKey()));
        }
    }

    /** The roles a token of {@code role} holds. */
    public static Set<String> granted(String role) {
        return switch (role) {
            case OPERATOR -> Set.of(OPERATOR, AGENT);
            case ADMIN -> Set.of(ADMIN, OPERATOR, AGENT);
            default -> Set.of(role);
        };
    }

    private void add(Optional<List<String>> tokens, String name, Set<String> roles) {
        for (String token : tokens.orElse(List.of())) {
            if (token.isBlank()) {
                continue;
            }
            byte[] digest = digest(token.trim());
            Entry existing = entries.stream().filter(e -> MessageDigest.isEqual(e.digest(), digest)).findFirst().orElse(null);
            Set<String> merged = new LinkedHashSet<>(roles);
            if (existing != null) {
                merged.addAll(existing.caller().roles());
                entries.remove(existing);
            }
            entries.add(new Entry(digest, new Caller(existing == null ? name : existing.caller().name() + "+" + name, Set.copyOf(merged))));
        }
    }

    /** The caller a token stands for, or null. Every candidate is compared (digests, constant time). */
    public Caller caller(String token) {
        Caller found = null;
        byte[] given = digest(token);
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest(), given)) {
                found = e.caller();
            }
        }
        return found;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
