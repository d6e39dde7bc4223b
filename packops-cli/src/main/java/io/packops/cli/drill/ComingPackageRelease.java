package io.packops.cli.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.cli.client.Api;
import io.packops.cli.demo.DemoFleet;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.SemVer;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.upgrade.UpgradeCheck;
import io.packops.compat.upgrade.UpgradeDiff;
import io.packops.compat.upgrade.UpgradeOutcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coming release of a connector's dbt package that {@code drill package-upgrade} registers: the release the demo
 * fleet runs ({@code from}, the connector's real catalog under {@code packs/catalogs/}) and the next one ({@code to}),
 * that catalog with some end-model columns renamed, as the connector team's CI would register it. Pure: the scenario
 * uses it to build the catalogs and to know, independently of the services, which accounts a pack version breaks on.
 *
 * @param renames per model, old column name → new column name
 */
record ComingPackageRelease(String connector, String packageName, String fromVersion, String toVersion,
                            Map<String, Map<String, String>> renames) {

    /**
     * dbt_stripe 1.10.1 (the real release of {@code packs/catalogs/stripe.catalog.json}, commit 42687a2, which every demo
     * account runs: {@link DemoFleet#PACKAGES}) and a 1.11.0
     * that prefixes the customer overview's sale dates with {@code customer_} (most of its columns have it already),
     * as dbt_stripe 0.11.0 prefixed the balance transaction's columns. stripe-revenue up to 1.0.1 reads
     * {@code first_sale_date}; 1.0.2 no longer does.
     */
    static ComingPackageRelease stripe() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("first_sale_date", "customer_first_sale_date");
        columns.put("most_recent_sale_date", "customer_most_recent_sale_date");
        DemoFleet.DbtPackage now = DemoFleet.PACKAGES.get("stripe");
        SemVer v = SemVer.parse(now.version());
        return new ComingPackageRelease("stripe", now.name(), now.version(), SemVer.of(v.major(), v.minor() + 1, 0).toString(),
                Map.of("stripe__customer_overview", columns));
    }

    /** The catalog accounts run now: the connector's real {@code catalog.json} under {@code packs/catalogs/}. */
    String fromCatalog(Path root) {
        try {
            return Files.readString(root.resolve("packs").resolve("catalogs").resolve(connector + ".catalog.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code fromCatalog} as the coming release generates it: each renamed column keeps its place and type under its
     * new name. A model or column the catalog lacks is an error: the rehearsal would not be the one described.
     */
    String toCatalog(String fromCatalog) {
        try {
            JsonNode catalog = Api.JSON.readTree(fromCatalog);
            for (Map.Entry<String, Map<String, String>> model : renames.entrySet()) {
                ObjectNode node = modelNode(catalog, model.getKey());
                ObjectNode columns = (ObjectNode) node.path("columns");
                ObjectNode renamed = Api.JSON.createObjectNode();
                List<String> missing = new ArrayList<>(model.getValue().keySet());
                for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> c = it.next();
                    String to = model.getValue().get(c.getKey());
                    missing.remove(c.getKey());
                    ObjectNode column = c.getValue().deepCopy();
                    if (to != null) {
                        column.put("name", to);
                    }
                    renamed.set(to == null ? c.getKey() : to, column);
                }
                if (!missing.isEmpty()) {
                    throw new IllegalStateException(model.getKey() + " has no column " + missing + " in the " + connector + " catalog");
                }
                node.set("columns", renamed);
            }
            return Api.JSON.writeValueAsString(catalog);
        } catch (IOException e) {
            throw new IllegalArgumentException("the " + connector + " catalog is not JSON: " + e.getMessage(), e);
        }
    }

    private static ObjectNode modelNode(JsonNode catalog, String model) {
        for (Iterator<Map.Entry<String, JsonNode>> it = catalog.path("nodes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> n = it.next();
            if (n.getKey().startsWith("model.") && n.getKey().endsWith("." + model) && n.getValue() instanceof ObjectNode o) {
                return o;
            }
        }
        throw new IllegalStateException("the catalog has no model " + model);
    }

    /** The diff alerting computes between the two registered catalogs. */
    UpgradeDiff diff(String fromCatalog, String toCatalog) {
        return UpgradeDiff.between(SchemaReader.read(fromCatalog), SchemaReader.read(toCatalog));
    }

    /** What the upgrade does to {@code manifest} on one account's schema (its warehouse's dialect). */
    static UpgradeOutcome outcome(UpgradeDiff diff, String manifest, WarehouseSchema account) {
        return new UpgradeCheck().check(compile(manifest), account, diff).outcome();
    }

    /**
     * The accounts among {@code accounts} on which the upgrade breaks {@code manifest}, counted by warehouse. Each
     * account is judged, but accounts sharing a fingerprint and a warehouse share the verdict (checked once).
     */
    static Map<String, Long> blastRadius(UpgradeDiff diff, String manifest, List<DemoFleet.Account> accounts) {
        CompiledPack compiled = compile(manifest);
        UpgradeCheck check = new UpgradeCheck();
        Map<String, Boolean> verdicts = new java.util.HashMap<>();
        Map<String, Long> byWarehouse = new TreeMap<>();
        for (DemoFleet.Account a : accounts) {
            if (verdicts.computeIfAbsent(a.schema().fingerprint() + "|" + a.warehouse(),
                    k -> check.check(compiled, a.schema(), diff).outcome().breaks())) {
                byWarehouse.merge(a.warehouse(), 1L, Long::sum);
            }
        }
        return byWarehouse;
    }

    /** The body of {@code POST /v1/package-releases} for {@code version} with {@code catalog}. */
    Map<String, Object> registration(String version, String catalog) {
        try {
            return Map.of("connector", connector, "package", packageName, "version", version, "catalog", Api.JSON.readTree(catalog));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CompiledPack compile(String manifest) {
        ManifestResult m = ManifestReader.read(manifest);
        if (!m.isValid()) {
            throw new IllegalArgumentException("not a valid manifest: " + m);
        }
        return CompiledPack.compile(m.pack());
    }
}
