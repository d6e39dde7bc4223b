package io.packops.bench;

import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.SchemaFingerprint;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.TypeFamilies;
import io.packops.compat.schema.TypeFamily;
import io.packops.compat.schema.WarehouseSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A realistic, deterministic fleet of one connector's schemas and a series of versions of one pack.
 *
 * <p>Schemas: {@code variants} schema variants derived from the connector's real dbt catalog (variant 0 is
 * the catalog itself; the others drop or rename a few columns, change a column's type family, and in a
 * few cases drop a whole table; a third of the picks hit relations the pack really uses, so some
 * variants break it). Each variant is spelled the way each of five warehouses reports it (Snowflake
 * upper-cases names and says {@code VARCHAR}/{@code NUMBER(38,0)}/{@code TIMESTAMP_NTZ}, BigQuery
 * {@code STRING}/{@code INT64}, ...), which changes no fingerprint. Accounts are spread over the variants
 * with a Zipf-like skew (most accounts share the stock schema) and over the warehouses. Every schema
 * is its own {@link WarehouseSchema} object with its own account id, so its fingerprint is computed for
 * it; schemas of one variant and warehouse share the relation list, as a snapshot store would.
 *
 * <p>Pack versions: the sample pack's version plus {@code versions - 1} successors, each with a new
 * version number and small SQL changes (interval lengths, a top-N limit, and in every tenth an extra
 * output column), so every one is a distinct text that has to be parsed.
 */
public final class Fleet {

    public static final String[] WAREHOUSES = {"snowflake", "bigquery", "redshift", "databricks", "postgres"};
    /** Rough share of accounts per warehouse, in {@link #WAREHOUSES} order. */
    private static final double[] WAREHOUSE_SHARE = {0.35, 0.25, 0.15, 0.15, 0.10};

    public final String connector;
    public final int variants;
    /** Relation lists by {@code variant * WAREHOUSES.length + warehouse}. */
    private final List<List<Relation>> spelled;
    /** Per schema: its variant and its warehouse index. */
    public final int[] variantOf;
    public final int[] warehouseOf;
    /** Manifest texts of the pack versions, oldest first. */
    public final List<String> versionYamls;
    /** Fingerprint of each variant (computed once while building, to prove they are distinct). */
    public final List<String> variantFingerprints;

    private Fleet(String connector, int variants, List<List<Relation>> spelled, int[] variantOf, int[] warehouseOf,
                  List<String> versionYamls, List<String> variantFingerprints) {
        this.connector = connector;
        this.variants = variants;
        this.spelled = spelled;
        this.variantOf = variantOf;
        this.warehouseOf = warehouseOf;
        this.versionYamls = versionYamls;
        this.variantFingerprints = variantFingerprints;
    }

    /** The fleet the benchmark uses: stripe, 10,000 schemas over 100 variants, 50 pack versions. */
    public static Fleet standard() {
        return build("stripe-revenue", "1.0.0", 10_000, 100, 50, 20261125L);
    }

    public static Fleet build(String pack, String baseVersion, int schemas, int variants, int versions, long seed) {
        String baseYaml = Fixtures.packYaml(pack, baseVersion);
        String connector = Fixtures.manifest(baseYaml).connector();
        List<Relation> base = SchemaReader.read(Fixtures.catalogJson(connector)).relations();
        Random rnd = new Random(seed);

        // 1. Variants of the real catalog, each with a distinct fingerprint.
        Set<String> hot = hotRelationKeys(baseYaml);
        List<List<Relation>> variantRelations = new ArrayList<>();
        List<String> fingerprints = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        variantRelations.add(base);
        fingerprints.add(SchemaFingerprint.of(base));
        seen.add(fingerprints.get(0));
        while (variantRelations.size() < variants) {
            List<Relation> v = mutate(base, hot, rnd);
            String fp = SchemaFingerprint.of(v);
            if (seen.add(fp)) {
                variantRelations.add(v);
                fingerprints.add(fp);
            }
        }

        // 2. Each variant as each warehouse spells it; unchanged relations are respelled once and shared.
        List<List<Relation>> spelled = new ArrayList<>();
        List<Map<Relation, Relation>> respelled = new ArrayList<>();
        for (int w = 0; w < WAREHOUSES.length; w++) {
            respelled.add(new IdentityHashMap<>());
        }
        for (int v = 0; v < variants; v++) {
            for (int w = 0; w < WAREHOUSES.length; w++) {
                Map<Relation, Relation> cache = respelled.get(w);
                String warehouse = WAREHOUSES[w];
                List<Relation> list = new ArrayList<>();
                for (Relation r : variantRelations.get(v)) {
                    list.add(cache.computeIfAbsent(r, x -> respell(x, warehouse)));
                }
                if (!SchemaFingerprint.of(list).equals(fingerprints.get(v))) {
                    throw new IllegalStateException("respelling changed a fingerprint: " + warehouse + " variant " + v);
                }
                spelled.add(List.copyOf(list));
            }
        }

        // 3. Accounts over variants (every variant used; then Zipf-like, exponent 1.2) and warehouses.
        double[] cumulative = new double[variants];
        double sum = 0;
        for (int v = 0; v < variants; v++) {
            sum += 1.0 / Math.pow(v + 1, 1.2);
            cumulative[v] = sum;
        }
        int[] variantOf = new int[schemas];
        int[] warehouseOf = new int[schemas];
        for (int i = 0; i < schemas; i++) {
            variantOf[i] = i < variants ? i : pick(cumulative, rnd.nextDouble() * sum);
            warehouseOf[i] = pick(cumulativeOf(WAREHOUSE_SHARE), rnd.nextDouble());
        }

        // 4. Pack versions.
        List<String> yamls = new ArrayList<>();
        yamls.add(baseYaml);
        for (int k = 1; k < versions; k++) {
            yamls.add(successor(baseYaml, baseVersion, k));
        }
        if (new HashSet<>(yamls).size() != yamls.size()) {
            throw new IllegalStateException("pack versions are not distinct");
        }
        return new Fleet(connector, variants, spelled, variantOf, warehouseOf, List.copyOf(yamls),
                List.copyOf(fingerprints));
    }

    public int size() {
        return variantOf.length;
    }

    /**
     * Schema {@code i} as its own object with its own envelope. Accounts of one stored body share it
     * ({@link WarehouseSchema#withEnvelope}), as they do when read from ingest's snapshot store, which
     * keeps one body per fingerprint: the body's index and fingerprint are built once per distinct body.
     */
    public WarehouseSchema schema(int i) {
        String warehouse = WAREHOUSES[warehouseOf[i]];
        return body(variantOf[i], warehouseOf[i]).withEnvelope(String.format(Locale.ROOT, "acct_%05d", i),
                connector, warehouse, "2026-11-25T10:00:00Z");
    }

    /** Schema {@code i} built from scratch: its own index and fingerprint (the cost a fresh parse pays). */
    public WarehouseSchema unsharedSchema(int i) {
        String warehouse = WAREHOUSES[warehouseOf[i]];
        return new WarehouseSchema(String.format(Locale.ROOT, "acct_%05d", i), connector, warehouse,
                "2026-11-25T10:00:00Z", spelled.get(variantOf[i] * WAREHOUSES.length + warehouseOf[i]));
    }

    private WarehouseSchema[] bodies;

    private synchronized WarehouseSchema body(int v, int w) {
        if (bodies == null) {
            bodies = new WarehouseSchema[spelled.size()];
        }
        int k = v * WAREHOUSES.length + w;
        if (bodies[k] == null) {
            bodies[k] = new WarehouseSchema(null, connector, WAREHOUSES[w], null, spelled.get(k));
        }
        return bodies[k];
    }

    /** Forgets the shared bodies, so the next sweep builds (and fingerprints) each distinct body anew. */
    public synchronized void resetBodies() {
        bodies = null;
    }

    /** How many schemas use variant {@code v} on warehouse {@code w}. */
    public int count(int v, int w) {
        int n = 0;
        for (int i = 0; i < size(); i++) {
            if (variantOf[i] == v && warehouseOf[i] == w) {
                n++;
            }
        }
        return n;
    }

    /** A schema of variant {@code v} as warehouse {@code w} spells it (no account). */
    public WarehouseSchema representative(int v, int w) {
        return new WarehouseSchema(null, connector, WAREHOUSES[w], null, spelled.get(v * WAREHOUSES.length + w));
    }

    /** Every schema as a new object. */
    public List<WarehouseSchema> materialise() {
        List<WarehouseSchema> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(schema(i));
        }
        return out;
    }

    /** {@code n} distinct schemas drawn at random (fixed seed), as new objects. */
    public List<WarehouseSchema> sample(int n, long seed) {
        Random rnd = new Random(seed);
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < Math.min(n, size())) {
            picked.add(rnd.nextInt(size()));
        }
        List<WarehouseSchema> out = new ArrayList<>();
        for (int i : picked) {
            out.add(schema(i));
        }
        return out;
    }

    /** {@code n} versions spread evenly over the series (first and last included). */
    public List<String> versionSample(int n) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(versionYamls.get(n == 1 ? 0 : j * (versionYamls.size() - 1) / (n - 1)));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------

    private static final Pattern REF = Pattern.compile("ref\\(\\s*'([^']+)'\\s*\\)");
    private static final Pattern SOURCE = Pattern.compile("source\\(\\s*'([^']+)'\\s*,\\s*'([^']+)'\\s*\\)");

    private static Set<String> hotRelationKeys(String yaml) {
        Set<String> keys = new HashSet<>();
        Matcher m = REF.matcher(yaml);
        while (m.find()) {
            keys.add(Relation.key(RelationKind.MODEL, null, m.group(1)));
        }
        m = SOURCE.matcher(yaml);
        while (m.find()) {
            keys.add(Relation.key(RelationKind.SOURCE, m.group(1), m.group(2)));
        }
        return keys;
    }

    /** A few column drops/renames, maybe a type-family change, and in about one variant in ten a dropped table. */
    private static List<Relation> mutate(List<Relation> base, Set<String> hot, Random rnd) {
        List<Relation> rels = new ArrayList<>(base);
        List<Integer> hotIdx = new ArrayList<>();
        List<Integer> withColumns = new ArrayList<>();
        for (int i = 0; i < rels.size(); i++) {
            if (!rels.get(i).columns().isEmpty()) {
                withColumns.add(i);
                if (hot.contains(rels.get(i).key())) {
                    hotIdx.add(i);
                }
            }
        }
        int drops = rnd.nextInt(3);
        int renames = rnd.nextInt(3);
        int retypes = rnd.nextInt(3) == 0 ? 1 : 0;
        if (drops + renames + retypes == 0) {
            drops = 1;
        }
        for (int n = 0; n < drops + renames + retypes; n++) {
            int ri = !hotIdx.isEmpty() && rnd.nextInt(3) == 0
                    ? hotIdx.get(rnd.nextInt(hotIdx.size()))
                    : withColumns.get(rnd.nextInt(withColumns.size()));
            Relation r = rels.get(ri);
            if (r.columns().isEmpty()) {
                continue;
            }
            List<Column> cols = new ArrayList<>(r.columns());
            int ci = rnd.nextInt(cols.size());
            Column c = cols.get(ci);
            if (n < drops) {
                cols.remove(ci);
            } else if (n < drops + renames) {
                cols.set(ci, new Column(renamed(c.name(), rnd), c.type(), c.family()));
            } else {
                cols.set(ci, Column.of(c.name(), otherFamilyType(c.family())));
            }
            rels.set(ri, new Relation(r.name(), r.kind(), r.sourceName(), cols));
        }
        if (rnd.nextInt(10) == 0) {
            int ri = !hotIdx.isEmpty() && rnd.nextInt(4) == 0
                    ? hotIdx.get(rnd.nextInt(hotIdx.size()))
                    : rnd.nextInt(rels.size());
            rels.remove(ri);
        }
        return List.copyOf(rels);
    }

    /** An older or newer spelling: drop the leading word ({@code balance_transaction_amount} to {@code transaction_amount}) or add a suffix. */
    private static String renamed(String name, Random rnd) {
        int us = name.indexOf('_', 1);
        if (rnd.nextBoolean() && us > 0 && us < name.length() - 1) {
            return name.substring(us + 1);
        }
        return name + "_v2";
    }

    /** A PostgreSQL type of another family, as a column whose seed data changed shape would have. */
    private static String otherFamilyType(TypeFamily family) {
        return switch (family) {
            case STRING -> "integer";
            case INTEGER -> "text";
            case NUMERIC -> "double precision";
            case FLOAT -> "numeric";
            case BOOLEAN -> "text";
            case TIMESTAMP -> "text";
            case DATE -> "timestamp without time zone";
            default -> "text";
        };
    }

    /** {@code r} as {@code warehouse} would report it: same families, that warehouse's spellings and name case. */
    private static Relation respell(Relation r, String warehouse) {
        boolean upper = warehouse.equals("snowflake");
        List<Column> cols = new ArrayList<>(r.columns().size());
        for (Column c : r.columns()) {
            String type = spelling(warehouse, c.family());
            if (type == null || TypeFamilies.familyOf(type) != c.family()) {
                type = c.type(); // no spelling of that family here (or unknown): keep the catalog's
            }
            String name = upper ? c.name().toUpperCase(Locale.ROOT) : c.name();
            cols.add(new Column(name, type, c.family()));
        }
        return new Relation(upper ? r.name().toUpperCase(Locale.ROOT) : r.name(), r.kind(), r.sourceName(), cols);
    }

    private static String spelling(String warehouse, TypeFamily f) {
        return switch (warehouse) {
            case "snowflake" -> switch (f) {
                case STRING -> "VARCHAR(16777216)";
                case INTEGER -> "NUMBER(38,0)";
                case NUMERIC -> "NUMBER(38,6)";
                case FLOAT -> "FLOAT";
                case BOOLEAN -> "BOOLEAN";
                case TIMESTAMP -> "TIMESTAMP_NTZ";
                case DATE -> "DATE";
                case JSON -> "VARIANT";
                case ARRAY -> "ARRAY";
                default -> null;
            };
            case "bigquery" -> switch (f) {
                case STRING -> "STRING";
                case INTEGER -> "INT64";
                case NUMERIC -> "NUMERIC";
                case FLOAT -> "FLOAT64";
                case BOOLEAN -> "BOOL";
                case TIMESTAMP -> "TIMESTAMP";
                case DATE -> "DATE";
                case JSON -> "JSON";
                case ARRAY -> "ARRAY<STRING>";
                default -> null;
            };
            case "redshift" -> switch (f) {
                case STRING -> "character varying(256)";
                case INTEGER -> "bigint";
                case NUMERIC -> "numeric(18,4)";
                case FLOAT -> "double precision";
                case BOOLEAN -> "boolean";
                case TIMESTAMP -> "timestamp without time zone";
                case DATE -> "date";
                case JSON -> "super";
                default -> null;
            };
            case "databricks" -> switch (f) {
                case STRING -> "string";
                case INTEGER -> "bigint";
                case NUMERIC -> "decimal(18,4)";
                case FLOAT -> "double";
                case BOOLEAN -> "boolean";
                case TIMESTAMP -> "timestamp";
                case DATE -> "date";
                case JSON -> "struct<id:string>";
                case ARRAY -> "array<string>";
                default -> null;
            };
            default -> null; // postgres: the catalog's own spellings
        };
    }

    /** Version {@code k} after the base: new version number and small SQL changes in a few tiles. */
    private static String successor(String yaml, String baseVersion, int k) {
        String y = replaceOnce(yaml, "version: " + baseVersion + "\n", "version: 1.0." + k + "\n");
        y = replaceOnce(y, "dbt.dateadd('day', -90,", "dbt.dateadd('day', -" + (90 + k) + ",");
        y = replaceOnce(y, "dbt.dateadd('day', -180,", "dbt.dateadd('day', -" + (180 + k) + ",");
        y = replaceOnce(y, "r.mrr_rank <= 20", "r.mrr_rank <= " + (20 + k));
        if (k % 10 == 5) {
            y = replaceOnce(y, "count(*) as transactions\n",
                    "count(*) as transactions,\n                 count(distinct balance_transaction_currency) as currencies\n");
        }
        return y;
    }

    private static String replaceOnce(String s, String from, String to) {
        int at = s.indexOf(from);
        if (at < 0 || s.indexOf(from, at + 1) >= 0) {
            throw new IllegalStateException("fixture edit expects exactly one '" + from.strip() + "' in the base pack");
        }
        return s.substring(0, at) + to + s.substring(at + from.length());
    }

    private static double[] cumulativeOf(double[] shares) {
        double[] c = new double[shares.length];
        double s = 0;
        for (int i = 0; i < shares.length; i++) {
            s += shares[i];
            c[i] = s;
        }
        c[c.length - 1] = Double.MAX_VALUE;
        return c;
    }

    private static int pick(double[] cumulative, double x) {
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }
}
