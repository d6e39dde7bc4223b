package io.packops.ownership.service;

import io.packops.ownership.model.OwnershipDocument;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * The current ownership document (the newest revision), as every reader (lookup, schedules, readiness,
 * the support page) sees it. Documents here are validated and hold secrets as {@code ${ENV}} references.
 */
@ApplicationScoped
public class OwnershipStore {

    public record Current(long revision, OwnershipDocument document, String author, Instant createdAt) {
    }

    /** The newest revision, or empty when no document was ever accepted. */
    public Optional<Current> current() {
        throw new UnsupportedOperationException("TODO (issue 4, document store)");
    }
}
