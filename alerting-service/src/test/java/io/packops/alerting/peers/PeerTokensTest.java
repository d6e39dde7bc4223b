package io.packops.alerting.peers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** alerting's outbound tokens under the prod rule: present, not blank, 32+ characters; the demo tokens outside prod. */
class PeerTokensTest {

    static final String STRONG = "peer-0123456789abcdef0123456789abcdef";

    @Test
    void prodRefusesMissingBlankOrShortOutboundTokensByVariableName() {
        assertThat(PeerTokens.problems(Optional.empty(), Optional.of(" "), List.of("prod"))).containsExactly(
                "PACKOPS_PEER_TOKEN is missing or blank", "PACKOPS_AUTOMATION_TOKEN is missing or blank");
        assertThat(PeerTokens.problems(Optional.of("dev-peer"), Optional.of(STRONG), List.of("prod")))
                .containsExactly("PACKOPS_PEER_TOKEN is shorter than 32 characters");
        assertThat(PeerTokens.problems(Optional.of(STRONG), Optional.of(STRONG + "x"), List.of("prod"))).isEmpty();
    }

    @Test
    void devAndTestStartWithTheirDemoTokens() {
        assertThat(PeerTokens.problems(Optional.of("dev-peer"), Optional.empty(), List.of("dev"))).isEmpty();
        assertThat(PeerTokens.problems(Optional.of("peer-read-token"), Optional.of("peer-automation-token"), List.of("test"))).isEmpty();
    }
}
