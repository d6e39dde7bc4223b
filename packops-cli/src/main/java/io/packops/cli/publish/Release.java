package io.packops.cli.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.cli.client.Api;
import io.packops.launcher.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Publishing a pack version the way a release manager should: alerting-service's release gate first
 * ({@code POST /v1/compat/gate}, the manifest against every current schema of its connector), then ingest-service's
 * {@code POST /v1/packs} only when the gate passes — or, when it blocks, only with a declared override reason, which
 * ingest records on the version ({@code ?gateOverride=}). Ingest never calls alerting, so this is where the gate holds.
 */
public final class Release {

    public enum Result {
        /** New version, served from now on. */
        PUBLISHED,
        /** This exact content was published before and is active; nothing changed (the record of the first publish stands). */
        ALREADY_PUBLISHED,
        /** This exact content was published before and has been withdrawn since; nothing changed, nobody is served it. */
        WITHDRAWN,
        /** The gate blocks and no override was given: nothing was published. */
        BLOCKED
    }

    /** What happened: the gate's report, and the version as ingest answered it (null when blocked). */
    public record Outcome(Result result, JsonNode gate, JsonNode version) {

        public boolean gateBlocks() {
            return "block".equals(gate.path("verdict").asText());
        }

        /** "79 of 79 accounts on [snowflake, bigquery] (3 of 3 schema fingerprints)". */
        public String blastRadius() {
            JsonNode radius = gate.path("blastRadius");
            return radius.path("accounts").asLong() + " of " + gate.path("totalAccounts").asLong() + " accounts on "
                    + radius.path("warehouses") + " (" + radius.path("fingerprints").asLong() + " of "
                    + gate.path("fingerprints").size() + " schema fingerprints)";
        }
    }

    /** A service refused or failed the request; {@code step} is "release gate" or "publish". */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(String step, Response response) {
            super(step + ": " + response.describe());
            this.status = response.status();
        }

        public int status() {
            return status;
        }
    }

    private Release() {
    }

    /**
     * Gate, then publish as the operator of {@code api}; {@code overrideReason} (null for none) is used only when the
     * gate blocks. Throws {@link Refused} for an answer other than 2xx, {@link Api.Unreachable} when a service is down.
     */
    public static Outcome publish(Api api, String manifest, String overrideReason) {
        return publish(api, manifest, overrideReason, false);
    }

    /** As above; {@code hold}: nobody is served the new version until a staged rollout of it starts. */
    public static Outcome publish(Api api, String manifest, String overrideReason, boolean hold) {
        Response gate = api.post(api.urls().alerting() + "/v1/compat/gate", "operator", "application/yaml", manifest);
        if (!gate.ok()) {
            throw new Refused("release gate", gate);
        }
        // a version that exists is never published again: say what it is (a withdrawn one above all) instead of
        // sending an override or a hold that would change nothing
        Optional<JsonNode> existing = existing(api, gate.body().path("pack").asText(), gate.body().path("version").asText());
        if (existing.isPresent()) {
            JsonNode v = existing.get();
            if (!sameContent(manifest, v.path("manifest").asText(null))) {
                throw new Refused("publish", Response.of(409, Api.JSON.createObjectNode().put("detail",
                        v.path("pack").asText() + " " + v.path("version").asText() + " is already published with other content "
                                + "(sha256 " + v.path("contentSha256").asText() + "); a published version never changes: "
                                + "publish this as a new version")));
            }
            return new Outcome("withdrawn".equals(v.path("status").asText()) ? Result.WITHDRAWN : Result.ALREADY_PUBLISHED,
                    gate.body(), v);
        }
        boolean blocks = "block".equals(gate.body().path("verdict").asText());
        if (blocks && overrideReason == null) {
            return new Outcome(Result.BLOCKED, gate.body(), null);
        }
        StringBuilder query = new StringBuilder();
        if (blocks) {
            query.append("&gateOverride=").append(URLEncoder.encode(overrideReason, StandardCharsets.UTF_8));
        }
        if (hold) {
            query.append("&hold=true");
        }
        String url = api.urls().ingest() + "/v1/packs" + (query.isEmpty() ? "" : "?" + query.substring(1));
        Response published = api.post(url, "operator", "application/yaml", manifest);
        if (!published.ok()) {
            throw new Refused("publish", published);
        }
        return new Outcome(published.status() == 201 ? Result.PUBLISHED : Result.ALREADY_PUBLISHED, gate.body(),
                published.body());
    }

    /** The registry's record of this pack version, or empty when it was never published. */
    private static Optional<JsonNode> existing(Api api, String pack, String version) {
        if (pack.isEmpty() || version.isEmpty()) {
            return Optional.empty();
        }
        Response r = api.get(api.urls().ingest() + "/v1/packs/" + Api.q(pack) + "/versions/" + Api.q(version), "operator");
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new Refused("publish", r);
        }
        return Optional.of(r.body());
    }

    /**
     * Whether {@code manifest} is the content ingest stored for the version (it keeps the text as sent, without a
     * byte-order mark, with LF line endings and one final newline).
     */
    static boolean sameContent(String manifest, String stored) {
        String local = (manifest.startsWith("\uFEFF") ? manifest.substring(1) : manifest).replace("\r\n", "\n").replace('\r', '\n');
        return stored != null && local.stripTrailing().equals(stored.stripTrailing());
    }
}
