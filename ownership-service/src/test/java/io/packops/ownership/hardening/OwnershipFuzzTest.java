package io.packops.ownership.hardening;

import io.packops.ownership.document.OwnershipFixtures;
import io.packops.testsupport.fuzz.Fuzz;
import io.packops.testsupport.fuzz.FuzzValues;
import io.packops.testsupport.fuzz.HttpFuzz;
import io.packops.testsupport.fuzz.HttpFuzz.Request;
import io.packops.testsupport.fuzz.JsonMutator;
import io.packops.testsupport.fuzz.YamlMutator;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every body and query ownership-service reads, fuzzed over HTTP with {@value Fuzz#DEFAULT_TRIES} cases each
 * ({@link HttpFuzz}): no 5xx, no stack trace, every rejection a problem+json with a reason. Document PUTs carry a
 * stale {@code If-Match} (validated in full, then 412: nothing written) except one in twenty, which may write a
 * revision; the sample document is put back at the end so the tests after this one see what they expect.
 */
@QuarkusTest
class OwnershipFuzzTest {

    static final String ADMIN = "test-admin";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    static final String AGENT = "test-agent";

    @TestHTTPResource("/")
    URI base;

    @Test
    void ownershipDocumentsAsYamlAndJson() throws Exception {
        String yamlSeed = OwnershipFixtures.sampleYaml();
        YamlMutator yaml = new YamlMutator(yamlSeed);
        JsonMutator json = new JsonMutator(OwnershipFixtures.json(OwnershipFixtures.sample()));
        HttpFuzz http = new HttpFuzz(base);
        String before = currentSource(http);
        try {
            http.run("ownership PUT /v1/ownership", Fuzz.tries(), r -> {
                boolean asJson = r.nextInt(3) == 0;
                Request put = new Request("PUT", "/v1/ownership", asJson ? "application/json" : "application/yaml",
                        asJson ? json.next(r) : yaml.next(r), ADMIN);
                return r.nextInt(20) == 0 ? put : put.withHeader("If-Match", "\"987654321\"");
            }, null);
        } finally {
            String restore = before == null ? yamlSeed : before;
            String type = restore.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
            assertThat(http.send(new Request("PUT", "/v1/ownership", type, restore, ADMIN)).status()).isIn(200, 201);
        }
    }

    /** The current document as it was submitted, or null when there is none. */
    private static String currentSource(HttpFuzz http) throws Exception {
        HttpFuzz.Answer current = http.send(Request.get("/v1/ownership", ADMIN));
        if (current.status() == 404) {
            return null;
        }
        long revision = JSON.readTree(current.body()).path("revision").asLong();
        HttpFuzz.Answer full = http.send(Request.get("/v1/ownership/revisions/" + revision, ADMIN));
        return JSON.readTree(full.body()).path("source").asText();
    }

    @Test
    void backstageCatalogs() {
        String[] docs = Arrays.stream(text("/backstage/catalog-info.yaml").split("(?m)^---\\s*$"))
                .filter(d -> !d.isBlank()).toArray(String[]::new);
        YamlMutator yaml = new YamlMutator(docs);
        JsonMutator json = new JsonMutator(text("/backstage/catalog-api-response.json"));
        new HttpFuzz(base).run("ownership POST /v1/ownership/import/backstage", Fuzz.tries(), r -> {
            if (r.nextInt(3) == 0) {
                return Request.post("/v1/ownership/import/backstage", "application/json", json.next(r), ADMIN);
            }
            StringBuilder body = new StringBuilder();
            for (int d = 1 + r.nextInt(3); d > 0; d--) {
                body.append(r.nextInt(4) == 0 ? yaml.seed(r) : yaml.next(r)).append("---\n");
            }
            return Request.post("/v1/ownership/import/backstage", "application/yaml", body.toString(), ADMIN);
        }, null);
    }

    @Test
    void lookupReadinessAndScheduleQueries() {
        List<String> connectors = List.of("stripe", "salesforce", "unknown-conn", "");
        new HttpFuzz(base).run("ownership GET lookup, readiness, schedules", Fuzz.tries(), r -> switch (r.nextInt(4)) {
            case 0 -> Request.get("/v1/lookup?connector=" + q(pick(connectors, r)) + "&pack=" + q(value(r, "stripe-revenue"))
                    + "&at=" + q(value(r, "2026-11-27T10:00:00Z")) + (r.nextBoolean() ? "&resolveSecrets=" + q(value(r, "true")) : ""), AGENT);
            case 1 -> Request.get("/v1/readiness?from=" + q(value(r, "2026-12-01T00:00:00Z")) + "&horizon=" + q(value(r, "14d"))
                    + "&connectors=" + q(value(r, "stripe,salesforce")) + "&packs=" + q(value(r, "stripe-revenue")), AGENT);
            case 2 -> Request.get("/v1/schedules/" + q(value(r, "billing-primary")) + "/oncall?at=" + q(value(r, "2026-11-27T10:00:00Z")), AGENT);
            default -> Request.get("/v1/schedules/" + q(value(r, "billing-primary")) + "/shifts?from=" + q(value(r, "2026-11-27T00:00:00Z"))
                    + "&to=" + q(value(r, "2026-12-27T00:00:00Z")), AGENT);
        }, null);
    }

    /** A valid value, one changed a little, or an odd one. */
    private static String value(RandomGenerator r, String valid) {
        return switch (r.nextInt(3)) {
            case 0 -> valid;
            case 1 -> FuzzValues.tweak(valid, r);
            default -> FuzzValues.anyString(r);
        };
    }

    private static String pick(List<String> values, RandomGenerator r) {
        return r.nextInt(3) == 0 ? FuzzValues.anyString(r) : values.get(r.nextInt(values.size()));
    }

    /** Encoded, and short enough for the request line (Vert.x answers a bare 414 past 4,096 bytes: see the README). */
    private static String q(String value) {
        String v = value.length() > 600 ? value.substring(0, 600) : value;
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static String text(String resource) {
        try (InputStream in = OwnershipFuzzTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
