package io.packops.servicekit.auth;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** Bearer tokens per role, comma-separated (env {@code PACKOPS_TOKEN_INGEST} ...). */
@ConfigMapping(prefix = "packops.auth")
public interface AuthConfig {

    Tokens tokens();

    interface Tokens {
        Optional<List<String>> ingest();

        Optional<List<String>> agent();

        Optional<List<String>> operator();

        Optional<List<String>> admin();
    }
}
