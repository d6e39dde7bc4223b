package io.packops.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stack's tokens: one per role, strong enough for the prod profile, and alerting's peer and automation tokens. */
class StackTokensTest {

    @Test
    void fixedTokensCoverEveryRoleWith32OrMoreCharacters() {
        Map<String, String> tokens = Stack.fixedTokens("st");
        assertThat(tokens).containsOnlyKeys(Stack.TOKEN_VARIABLES).containsKeys("PACKOPS_TOKEN_PEER", "PACKOPS_TOKEN_AUTOMATION");
        assertThat(tokens.values()).allMatch(t -> t.length() >= 32);
        assertThat(new HashSet<>(tokens.values())).hasSize(tokens.size());
        assertThat(tokens.get("PACKOPS_TOKEN_PEER")).startsWith("st-peer-");
    }

    @Test
    void alertingWithoutAPeerTokenIsRefusedByName() {
        Map<String, String> tokens = new java.util.HashMap<>(Stack.fixedTokens("st"));
        tokens.remove("PACKOPS_TOKEN_PEER");
        Stack stack = new Stack(Stack.Settings.isolated(Path.of("."), Path.of("target/stack-tokens-test"), "test", tokens));
        ServiceProcess peer = new ServiceProcess(stack, "ingest-service", "ingest-service", 1, Map.of());
        assertThatThrownBy(() -> stack.alerting("alerting-service", 2, peer, peer, "http://127.0.0.1:3", "rk", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PACKOPS_TOKEN_PEER");
    }
}
