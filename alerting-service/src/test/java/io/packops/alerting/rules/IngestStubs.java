package io.packops.alerting.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/** Shapes of ingest-service's answers (its SchemaViews, PackViews and stats records), for WireMock. */
public final class IngestStubs {

    public static final ObjectMapper JSON = new ObjectMapper();

    private IngestStubs() {
    }

    public static String resource(String path) {
        try (InputStream in = IngestStubs.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real stripe catalog, as pack-compat reads it. */
    public static WarehouseSchema stripeCatalog() {
        return SchemaReader.read(resource("packs/catalogs/stripe.catalog.json"));
    }

    /** A schema with one column dropped from a relation (a connector package upgrade). */
    public static WarehouseSchema withoutColumn(WarehouseSchema schema, String relation, String column) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(SchemaReader.toNativeJson(schema));
            for (var r : root.withArray("relations")) {
                if (r.get("name").asText().equalsIgnoreCase(relation)) {
                    ArrayNode columns = (ArrayNode) r.get("columns");
                    for (int i = columns.size() - 1; i >= 0; i--) {
                        if (columns.get(i).get("name").asText().equalsIgnoreCase(column)) {
                            columns.remove(i);
                        }
                    }
                }
            }
            return SchemaReader.read(root.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code byWarehouse}: ingest's {@code accountsByWarehouse}, {@code byPackageVersion} its
     * {@code accountsByPackageVersion} (null: left out, as an older ingest answers).
     */
    public record Fp(WarehouseSchema schema, long accounts, List<String> warehouses, java.util.Map<String, Long> byWarehouse,
                     java.util.Map<String, Long> byPackageVersion) {
        public Fp(WarehouseSchema schema, long accounts, List<String> warehouses, java.util.Map<String, Long> byWarehouse) {
            this(schema, accounts, warehouses, byWarehouse, null);
        }

        public Fp(WarehouseSchema schema, long accounts, List<String> warehouses) {
            this(schema, accounts, warehouses, null, null);
        }
    }

    /** {@code GET /v1/schemas?connector=} with these fingerprints, and each body at {@code /v1/schemas/{fp}}. */
    public static void schemas(WireMockServer ingest, String connector, Fp... fps) {
        ObjectNode page = JSON.createObjectNode().put("connector", connector);
        page.put("totalAccounts", java.util.Arrays.stream(fps).mapToLong(Fp::accounts).sum());
        page.put("totalFingerprints", fps.length);
        ArrayNode items = page.putArray("items");
        for (Fp fp : fps) {
            ObjectNode item = items.addObject().put("fingerprint", fp.schema().fingerprint()).put("accounts", fp.accounts());
            ArrayNode ids = item.putArray("accountIds");
            for (int i = 0; i < Math.min(fp.accounts(), 100); i++) {
                ids.add("acct_" + fp.schema().fingerprint().substring(7, 12) + "_" + i);
            }
            item.put("accountIdsTruncated", fp.accounts() > 100);
            fp.warehouses().forEach(item.putArray("warehouses")::add);
            if (fp.byWarehouse() != null) {
                fp.byWarehouse().forEach(item.putObject("accountsByWarehouse")::put);
            }
            if (fp.byPackageVersion() != null) {
                fp.byPackageVersion().forEach(item.putObject("accountsByPackageVersion")::put);
            }
            try {
                ObjectNode body = JSON.createObjectNode().put("fingerprint", fp.schema().fingerprint()).put("accounts", fp.accounts());
                body.set("relations", JSON.readTree(SchemaReader.toNativeJson(fp.schema())).get("relations"));
                ingest.stubFor(get(urlPathEqualTo("/v1/schemas/" + fp.schema().fingerprint())).willReturn(okJson(body.toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        page.putNull("nextCursor");
        ingest.stubFor(get(urlPathEqualTo("/v1/schemas")).withQueryParam("connector", equalTo(connector))
                .willReturn(okJson(page.toString())));
    }

    public static void ingestDown(WireMockServer ingest) {
        ingest.stubFor(get(urlPathMatching("/v1/.*")).atPriority(1).willReturn(aResponse().withStatus(503)));
    }

    /** Circuit state is per JVM: one test's outage must not leak into the next. */
    public static void resetCircuits() {
        CircuitBreakerMaintenance.get().resetAll();
    }
}
