package io.packops.ingest.packs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Request and response bodies of the pack release registry. */
public final class PackViews {

    private PackViews() {
    }

    /**
     * One version: what POST /v1/packs answers (no manifest), list items, and with the manifest text
     * GET /v1/packs/{pack}/versions/{version}. {@code withdrawnAt}/{@code withdrawnBy}/{@code reason} describe the
     * last withdrawal, {@code restoredAt}/{@code restoredBy} the last restore; {@code status} is the state now.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PackVersionView(String pack, String version, String connector, String status, Instant publishedAt,
                                  String publishedBy, GateOverride gateOverride, Boolean heldForRollout,
                                  String contentSha256,
                                  Instant withdrawnAt, String withdrawnBy, String reason, Instant restoredAt,
                                  String restoredBy, String manifest) {
    }

    /** The release gate blocked this version and it was published anyway: by whom, when, and why. */
    @RegisterForReflection
    public record GateOverride(String reason, String by, Instant at) {
    }

    /** A version as the release view lists it. */
    @RegisterForReflection
    public record ReleaseVersion(String version, String status, Instant publishedAt, Instant withdrawnAt,
                                 String withdrawnBy, String reason, Instant restoredAt, String restoredBy) {
    }

    /** GET /v1/packs/{pack}/release: the version installers get, null when no version is active. */
    @RegisterForReflection
    public record PackRelease(String pack, String connector, String servedVersion, List<ReleaseVersion> versions) {
    }

    /** GET /v1/packs items. */
    @RegisterForReflection
    public record PackSummary(String pack, String connector, String latestVersion, String servedVersion, int versions,
                             int activeVersions, Instant lastPublishedAt) {
    }

    @RegisterForReflection
    public record Page<T>(List<T> items, String nextCursor) {
    }

    @RegisterForReflection
    public record WithdrawRequest(
            @jakarta.validation.constraints.NotBlank(message = "a reason is required: say why the version is withdrawn")
            @jakarta.validation.constraints.Size(max = 500, message = "at most 500 characters")
            String reason) {
    }
}
