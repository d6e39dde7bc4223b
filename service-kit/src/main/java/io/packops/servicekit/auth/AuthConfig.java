package io.packops.servicekit.auth;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Bearer tokens per role, comma-separated (env {@code PACKOPS_TOKEN_INGEST} ...), and the roles this service serves. */
@ConfigMapping(prefix = "packops.auth")
public interface AuthConfig {

    Tokens tokens();

    /**
     * The roles this service's endpoints admit (e.g. {@code agent,operator,admin} for alerting). In the prod profile
     * each of them must have tokens of at least {@value TokenRules#MIN_LENGTH} characters, or the service refuses to
     * start ({@link TokenRules}); unset: every role.
     */
    Optional<List<String>> roles();

    interface Tokens {
        Optional<List<String>> ingest();

        Optional<List<String>> agent();

        Optional<List<String>> operator();

        Optional<List<String>> admin();

        /** alerting-service reading its peers: only the GET endpoints it calls on ingest and ownership. */
        Optional<List<String>> peer();

        /**
         * alerting-service acting on ingest by itself: withdrawing a pack version (auto-rollback, or a rollback an
         * operator asked of alerting) and posting rollout analysis verdicts. Nothing else.
         */
        Optional<List<String>> automation();
    }
}
