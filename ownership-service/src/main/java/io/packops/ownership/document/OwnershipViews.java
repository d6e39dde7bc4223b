package io.packops.ownership.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.document.model.OwnershipDocument;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** Bodies of the /v1/ownership endpoints. Documents are JSON trees because secret fields depend on the caller. */
public final class OwnershipViews {

    private OwnershipViews() {
    }

    /** PUT: the current revision after the call, whether this call created it, what it changed. */
    @RegisterForReflection
    public record PutResult(long revision, String author, Instant createdAt, boolean changed, RevisionDiff.Summary summary,
                            List<SecretResolver.Warning> warnings) {
    }

    /** GET /v1/ownership; {@code warnings} only with {@code resolveSecrets=true}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CurrentView(long revision, String author, Instant createdAt,
                              @Schema(implementation = OwnershipDocument.class) JsonNode document,
                              List<SecretResolver.Warning> warnings) {
    }

    /** GET /v1/ownership/revisions/{n}; {@code source} (the text as submitted) only for operator and admin. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RevisionView(long revision, String author, Instant createdAt, RevisionDiff.Summary summary,
                               @Schema(implementation = OwnershipDocument.class) JsonNode document, String source,
                               List<SecretResolver.Warning> warnings) {
    }

    @RegisterForReflection
    public record RevisionItem(long revision, String author, Instant createdAt, RevisionDiff.Summary summary) {
    }

    /** A page of history, newest first; {@code nextCursor} is null on the last page. */
    @RegisterForReflection
    public record RevisionPage(List<RevisionItem> items, String nextCursor) {
    }
}
