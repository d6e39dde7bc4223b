package io.packops.cli.demo;

import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompiledPack;
import io.packops.compat.manifest.DashboardPack;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.manifest.SemVer;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.TypeFamilies;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The demo's customers: a few hundred accounts, each with one connector and one warehouse, whose schema is the
 * connector's real dbt catalog (from {@code packs/catalogs/}) spelled in its warehouse's types. A few accounts have
 * drifted harmlessly (an extra column, or a column the pack does not read missing, as on older connector versions),
 * so a calm demo starts with no compat alert; {@link #breaking} makes the breaking drift the drill lands.
 * Deterministic for a seed, so {@code up} and {@code drill} agree.
 */
public final class DemoFleet {

    /** How an account's schema differs from the catalog: not at all, an extra column, or a column the pack does not read missing. */
    public enum Drift { NONE, EXTRA_COLUMN, MISSING_UNUSED_COLUMN }

    public record Account(String id, String connector, String warehouse, Drift drift, WarehouseSchema schema) {
    }

    /** A pack of the repository: its versions' manifests by version, in SemVer order. */
    public record Pack(String name, String connector, TreeMap<String, String> manifests) {
        public String firstVersion() {
            return manifests.firstKey();
        }
    }

    /** A release of a connector's dbt package, as an installer reports it ({@code dbtPackage} of a schema snapshot). */
    public record DbtPackage(String name, String version) {
        public Map<String, String> json() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("version", version);
            return out;
        }
    }

    /**
     * The release each catalog under {@code packs/catalogs/} was generated from: the {@code version} of the package's
     * {@code dbt_project.yml} at the commit packs/README names. Every demo account runs it.
     */
    public static final Map<String, DbtPackage> PACKAGES = Map.of(
            "stripe", new DbtPackage("fivetran/stripe", "1.10.1"),
            "salesforce", new DbtPackage("fivetran/salesforce", "2.1.0"),
            "hubspot", new DbtPackage("fivetran/hubspot", "1.8.0"),
            "shopify", new DbtPackage("fivetran/shopify", "1.8.0"),
            "zendesk", new DbtPackage("fivetran/zendesk", "1.7.0"));

    /** Warehouses and their share of accounts (sums to 100): roughly what a BI vendor's customer base looks like. */
    static final Map<String, Integer> WAREHOUSE_MIX = new LinkedHashMap<>();
    static {
        WAREHOUSE_MIX.put("snowflake", 40);
        WAREHOUSE_MIX.put("bigquery", 25);
        WAREHOUSE_MIX.put("redshift", 15);
        WAREHOUSE_MIX.put("databricks", 12);
        WAREHOUSE_MIX.put("postgres", 8);
    }

    private static final Map<String, Map<TypeFamily, String>> SPELLING = Map.of(
            "snowflake", families("VARCHAR(16777216)", "NUMBER(38,0)", "NUMBER(28,6)", "FLOAT", "BOOLEAN", "TIMESTAMP_NTZ", "DATE", "VARIANT", "ARRAY"),
            "bigquery", families("STRING", "INT64", "NUMERIC", "FLOAT64", "BOOL", "TIMESTAMP", "DATE", "JSON", "ARRAY<STRING>"),
            "redshift", families("character varying(256)", "bigint", "numeric(28,6)", "double precision", "boolean", "timestamp without time zone", "date", "super", null),
            "databricks", families("string", "bigint", "decimal(28,6)", "double", "boolean", "timestamp", "date", null, "array<string>"));

    private final List<Account> accounts;
    private final Map<String, Pack> packsByConnector;

    private DemoFleet(List<Account> accounts, Map<String, Pack> packsByConnector) {
        this.accounts = List.copyOf(accounts);
        this.packsByConnector = packsByConnector;
    }

    public List<Account> accounts() {
        return accounts;
    }

    public List<Account> accounts(String connector) {
        return accounts.stream().filter(a -> a.connector().equals(connector)).toList();
    }

    /** Connector → the sample pack written for it. */
    public Map<String, Pack> packs() {
        return packsByConnector;
    }

    /**
     * Builds the fleet from the repository's {@code packs/} directory: {@code size} accounts spread over the connectors
     * that have both a pack and a catalog, {@code driftShare} of them with a harmless extra column and as many
     * missing a column their pack does not read.
     */
    public static DemoFleet build(Path packsDir, int size, double driftShare, long seed) {
        Map<String, Pack> packs = readPacks(packsDir);
        Map<String, WarehouseSchema> catalogs = new TreeMap<>();
        for (String connector : packs.keySet()) {
            Path catalog = packsDir.resolve("catalogs").resolve(connector + ".catalog.json");
            if (Files.isRegularFile(catalog)) {
                try {
                    catalogs.put(connector, SchemaReader.read(Files.readString(catalog)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (catalogs.isEmpty()) {
            throw new IllegalStateException("no pack in " + packsDir + " has a catalog in " + packsDir.resolve("catalogs"));
        }
        Random random = new Random(seed);
        List<String> connectors = new ArrayList<>(catalogs.keySet());
        // popular connectors first: stripe and salesforce get more accounts than zendesk
        Map<String, Integer> weight = new LinkedHashMap<>();
        for (String c : connectors) {
            weight.put(c, switch (c) {
                case "stripe" -> 30;
                case "salesforce" -> 22;
                case "shopify" -> 18;
                case "hubspot" -> 16;
                default -> 14;
            });
        }
        Map<String, List<Relation>> unused = new TreeMap<>();
        for (String c : connectors) {
            unused.put(c, variant(catalogs.get(c).relations(), packs.get(c), random, false));
        }
        List<Account> accounts = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < size; i++) {
            String connector = pick(weight, random);
            String warehouse = pick(WAREHOUSE_MIX, random);
            double r = random.nextDouble();
            Drift drift = r < driftShare ? Drift.MISSING_UNUSED_COLUMN : r < 2 * driftShare ? Drift.EXTRA_COLUMN : Drift.NONE;
            String id;
            do {
                id = "acct_" + (10_000 + random.nextInt(90_000));
            } while (!ids.add(id));
            List<Relation> relations = switch (drift) {
                case NONE -> catalogs.get(connector).relations();
                case MISSING_UNUSED_COLUMN -> unused.get(connector);
                case EXTRA_COLUMN -> withExtraColumn(catalogs.get(connector).relations());
            };
            accounts.add(new Account(id, connector, warehouse, drift,
                    new WarehouseSchema(id, connector, warehouse, null, spell(relations, warehouse))));
        }
        Map<String, Pack> used = new TreeMap<>();
        connectors.forEach(c -> used.put(c, packs.get(c)));
        return new DemoFleet(accounts, used);
    }

    /** Every {@code packs/<name>/<version>.yaml} that reads as a manifest, grouped by connector (one pack each). */
    static Map<String, Pack> readPacks(Path packsDir) {
        Map<String, Pack> byConnector = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(packsDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                        ManifestResult m = ManifestReader.read(Files.readString(f));
                        if (!m.isValid()) {
                            continue;
                        }
                        DashboardPack p = m.pack();
                        Pack pack = byConnector.computeIfAbsent(p.connector(), c -> new Pack(p.name(), c,
                                new TreeMap<>(Comparator.comparing(SemVer::parse))));
                        if (pack.name().equals(p.name())) {
                            pack.manifests().put(p.version(), Files.readString(f));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byConnector;
    }

    /**
     * {@code relations} without one column the pack's {@code manifest} reads, found by checking (so the pack really
     * breaks): what a connector change that renames or drops a column does to every account it reaches.
     */
    public static List<Relation> breaking(List<Relation> relations, String manifest, Random random) {
        CompiledPack compiled = CompiledPack.compile(ManifestReader.read(manifest).pack());
        return drop(relations, compiled, manifest, random, true);
    }

    private static List<Relation> variant(List<Relation> relations, Pack pack, Random random, boolean breaks) {
        String manifest = pack.manifests().get(pack.firstVersion());
        return drop(relations, CompiledPack.compile(ManifestReader.read(manifest).pack()), manifest, random, breaks);
    }

    /** Drops one column: one the manifest names whose loss breaks it, or ({@code breaks} false) one whose loss does not. */
    private static List<Relation> drop(List<Relation> relations, CompiledPack compiled, String manifestText, Random random, boolean breaks) {
        String manifest = manifestText.toLowerCase(Locale.ROOT);
        List<int[]> candidates = new ArrayList<>();
        for (int r = 0; r < relations.size(); r++) {
            if (!manifest.contains(relations.get(r).name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            List<Column> cols = relations.get(r).columns();
            for (int c = 0; c < cols.size(); c++) {
                if (manifest.contains(cols.get(c).name().toLowerCase(Locale.ROOT)) == breaks) {
                    candidates.add(new int[]{r, c});
                }
            }
        }
        java.util.Collections.shuffle(candidates, random);
        CompatChecker checker = new CompatChecker();
        for (int[] rc : candidates) {
            List<Relation> mutated = new ArrayList<>(relations);
            Relation rel = relations.get(rc[0]);
            List<Column> cols = new ArrayList<>(rel.columns());
            cols.remove(rc[1]);
            mutated.set(rc[0], new Relation(rel.name(), rel.kind(), rel.sourceName(), cols));
            if (checker.check(compiled, WarehouseSchema.of(mutated)).compatible() != breaks) {
                return mutated;
            }
        }
        throw new IllegalStateException("pack " + compiled.pack().name() + ": no single dropped column "
                + (breaks ? "breaks" : "leaves") + " it" + (breaks ? "" : " compatible"));
    }

    private static List<Relation> withExtraColumn(List<Relation> relations) {
        List<Relation> out = new ArrayList<>(relations);
        Relation first = out.get(0);
        List<Column> cols = new ArrayList<>(first.columns());
        cols.add(Column.of("_fivetran_deleted_at", "timestamp without time zone"));
        out.set(0, new Relation(first.name(), first.kind(), first.sourceName(), cols));
        return out;
    }

    /** The relations with types as {@code warehouse} spells them; a spelling of another family is never used. */
    static List<Relation> spell(List<Relation> relations, String warehouse) {
        Map<TypeFamily, String> spelling = SPELLING.get(warehouse);
        if (spelling == null) {
            return relations;
        }
        List<Relation> out = new ArrayList<>(relations.size());
        for (Relation r : relations) {
            List<Column> cols = new ArrayList<>(r.columns().size());
            for (Column c : r.columns()) {
                String s = spelling.get(c.family());
                cols.add(s != null && TypeFamilies.familyOf(s) == c.family() ? new Column(c.name(), s, c.family()) : c);
            }
            out.add(new Relation(r.name(), r.kind(), r.sourceName(), cols));
        }
        return out;
    }

    private static Map<TypeFamily, String> families(String string, String integer, String numeric, String flt, String bool,
                                                    String timestamp, String date, String json, String array) {
        Map<TypeFamily, String> m = new EnumMap<>(TypeFamily.class);
        m.put(TypeFamily.STRING, string);
        m.put(TypeFamily.INTEGER, integer);
        m.put(TypeFamily.NUMERIC, numeric);
        m.put(TypeFamily.FLOAT, flt);
        m.put(TypeFamily.BOOLEAN, bool);
        m.put(TypeFamily.TIMESTAMP, timestamp);
        m.put(TypeFamily.DATE, date);
        if (json != null) {
            m.put(TypeFamily.JSON, json);
        }
        if (array != null) {
            m.put(TypeFamily.ARRAY, array);
        }
        return m;
    }

    private static String pick(Map<String, Integer> weights, Random random) {
        int total = weights.values().stream().mapToInt(Integer::intValue).sum();
        int n = random.nextInt(total);
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            n -= e.getValue();
            if (n < 0) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("weights sum to " + total);
    }
}
