package io.packops.alerting.peers;

import io.packops.servicekit.auth.TokenRules;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * In the prod profile alerting refuses to start without a strong peer token and automation token: without them
 * every read of ingest and ownership would fail with 401 while readiness says UP. The error names the variable only.
 */
@ApplicationScoped
public class PeerTokens {

    void onStart(@Observes StartupEvent start,
                 @ConfigProperty(name = "packops.peers.token") Optional<String> peer,
                 @ConfigProperty(name = "packops.peers.automation-token") Optional<String> automation) {
        List<String> problems = problems(peer, automation, ConfigUtils.getProfiles());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Optional<String> peer, Optional<String> automation, List<String> profiles) {
        List<String> problems = new ArrayList<>(TokenRules.outbound("PACKOPS_PEER_TOKEN", peer, profiles));
        problems.addAll(TokenRules.outbound("PACKOPS_AUTOMATION_TOKEN", automation, profiles));
        return problems;
    }
}
