package io.packops.alerting.client;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one bean that reads (and, for rollback, writes) ingest-service behind a
 * {@code @RegisterRestClient(configKey = "ingest")} interface, with timeout, retry and circuit breaker,
 * using the peer operator token.
 */
@ApplicationScoped
public class IngestService {

    /** Withdraws a pack version ({@code POST /v1/packs/{pack}/versions/{version}/withdraw}); returns the served version after it. */
    public String withdraw(String pack, String version, String reason) {
        throw new UnsupportedOperationException("TODO (issue 5, ingest client)");
    }
}
