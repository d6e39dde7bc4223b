package io.packops.ownership.system;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The ownership document: where it may come from at startup, how readers cache it, which secrets resolve. */
@ConfigMapping(prefix = "packops.ownership")
public interface OwnershipConfig {

    /** A document (YAML, or JSON by extension) loaded as revision 1 when the database has none ({@code OWNERSHIP_FILE}). */
    Optional<String> file();

    /**
     * How long a replica trusts its cached current document before asking the database for the newest
     * revision number again. Writes through this replica refresh the cache at once.
     */
    @WithDefault("5s")
    Duration refreshEvery();

    /**
     * Where repository-relative runbook paths ({@code runbooks/x.md}) are browsable, e.g.
     * {@code https://github.com/acme/packops/blob/main/}; without it lookups show the path only.
     */
    Optional<String> runbookBaseUrl();

    Secrets secrets();

    interface Secrets {
        /**
         * {@code ${NAME}} references whose name starts with one of these never resolve: an ownership document
         * must not be a way for operators to read the service's own credentials (tokens, database password).
         */
        @WithDefault("QUARKUS_,PACKOPS_,OWNERSHIP_")
        List<String> deniedPrefixes();
    }
}
