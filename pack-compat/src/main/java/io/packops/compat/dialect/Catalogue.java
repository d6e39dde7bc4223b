package io.packops.compat.dialect;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What each warehouse speaks, as data ({@code catalogue.yaml} beside this class): functions with their arity,
 * argument order where warehouses differ and result family; cast types; syntax features. Each entry says where
 * it exists and where it does not; a warehouse in neither list is unverified (a warning, never an error).
 * Loaded once; every lookup is one hash lookup. Immutable and thread-safe.
 */
public final class Catalogue {

    /** Whether a warehouse has an entry: yes, no, or not verified by the catalogue's sources. */
    public enum Availability { YES, NO, UNVERIFIED }

    /** Where a date-part argument goes: {@code date_trunc('month', ts)} or BigQuery's {@code date_trunc(ts, month)}. */
    public enum PartOrder { PART_VALUE, VALUE_PART }

    /** Something that exists on some warehouses: a cast type or a syntax feature. */
    public record Entry(String name, Set<Dialect> in, Set<Dialect> not, String fix, String doc) {
        public Availability on(Dialect d) {
            return in.contains(d) ? Availability.YES : not.contains(d) ? Availability.NO : Availability.UNVERIFIED;
        }

        /** The warehouses that have it, for messages: "snowflake, databricks". */
        public String where() {
            return in.stream().map(Dialect::wireName).reduce((a, b) -> a + ", " + b).orElse("none of the five");
        }
    }

    /** A function: its availability, arity, date-part order per warehouse, and result family. */
    public record Function(Entry entry, int minArgs, int maxArgs, Map<Dialect, PartOrder> order, String returns) {
        public String name() {
            return entry.name();
        }

        public boolean arityFits(int n) {
            return n >= minArgs && (maxArgs < 0 || n <= maxArgs);
        }

        public String arity() {
            return maxArgs < 0 ? minArgs + " or more" : minArgs == maxArgs ? String.valueOf(minArgs) : minArgs + " to " + maxArgs;
        }

        /** The date-part order on {@code d}, or null when this function takes no date part. */
        public PartOrder order(Dialect d) {
            return order.get(d);
        }
    }

    private static final String RESOURCE = "catalogue.yaml";
    private static final Map<String, Dialect> SHORT = Map.of("sf", Dialect.SNOWFLAKE, "bq", Dialect.BIGQUERY,
            "rs", Dialect.REDSHIFT, "db", Dialect.DATABRICKS, "pg", Dialect.POSTGRES);

    private static final class Holder {
        static final Catalogue INSTANCE = load();
    }

    private final Map<String, Function> functions;
    private final Map<String, Entry> types;
    private final Map<SyntaxFeature, Entry> syntax;
    private final Set<String> dateParts;

    private Catalogue(Map<String, Function> functions, Map<String, Entry> types, Map<SyntaxFeature, Entry> syntax,
                      Set<String> dateParts) {
        this.functions = functions;
        this.types = types;
        this.syntax = syntax;
        this.dateParts = dateParts;
    }

    public static Catalogue get() {
        return Holder.INSTANCE;
    }

    /** The function of that (lower-case) name, or null when the catalogue does not know it. */
    public Function function(String lowerName) {
        return functions.get(lowerName);
    }

    /** The cast type of that base name (lower case, no precision), or null. */
    public Entry type(String lowerName) {
        return types.get(lowerName);
    }

    public Entry syntax(SyntaxFeature feature) {
        return syntax.get(feature);
    }

    public boolean isDatePart(String lowerWord) {
        return dateParts.contains(lowerWord);
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, Entry> types() {
        return types;
    }

    public Map<SyntaxFeature, Entry> syntaxFeatures() {
        return syntax;
    }

    // ---- loading ---------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static Catalogue load() {
        Map<String, Object> doc;
        try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("pack-compat's " + RESOURCE + " is missing from the classpath");
            }
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Function> functions = new HashMap<>();
        for (Map.Entry<String, Object> f : ((Map<String, Object>) doc.get("functions")).entrySet()) {
            Map<String, Object> spec = (Map<String, Object>) f.getValue();
            String name = f.getKey().toLowerCase(Locale.ROOT);
            String args = String.valueOf(spec.get("args"));
            int min;
            int max;
            if (args.endsWith("+")) {
                min = Integer.parseInt(args.substring(0, args.length() - 1));
                max = -1;
            } else if (args.contains("-")) {
                min = Integer.parseInt(args.substring(0, args.indexOf('-')));
                max = Integer.parseInt(args.substring(args.indexOf('-') + 1));
            } else {
                min = max = Integer.parseInt(args);
            }
            functions.put(name, new Function(entry(name, spec), min, max, order(spec.get("order")),
                    String.valueOf(spec.getOrDefault("returns", "any"))));
        }
        Map<String, Entry> types = new HashMap<>();
        for (Map.Entry<String, Object> t : ((Map<String, Object>) doc.get("types")).entrySet()) {
            types.put(t.getKey().toLowerCase(Locale.ROOT), entry(t.getKey(), (Map<String, Object>) t.getValue()));
        }
        Map<SyntaxFeature, Entry> syntax = new EnumMap<>(SyntaxFeature.class);
        for (Map.Entry<String, Object> s : ((Map<String, Object>) doc.get("syntax")).entrySet()) {
            syntax.put(SyntaxFeature.valueOf(s.getKey()), entry(s.getKey(), (Map<String, Object>) s.getValue()));
        }
        for (SyntaxFeature f : SyntaxFeature.values()) {
            if (!syntax.containsKey(f)) {
                throw new IllegalStateException(RESOURCE + " has no entry for syntax feature " + f);
            }
        }
        Set<String> parts = new HashSet<>();
        for (Object p : (List<Object>) doc.get("dateParts")) {
            parts.add(String.valueOf(p).toLowerCase(Locale.ROOT));
        }
        return new Catalogue(Map.copyOf(functions), Map.copyOf(types), syntax, Set.copyOf(parts));
    }

    private static Entry entry(String name, Map<String, Object> spec) {
        Set<Dialect> in = warehouses(spec.get("in"));
        Set<Dialect> not = warehouses(spec.get("not"));
        Set<Dialect> both = EnumSet.copyOf(in.isEmpty() ? EnumSet.noneOf(Dialect.class) : in);
        both.retainAll(not);
        if (!both.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": " + name + " is both in and not in " + both);
        }
        return new Entry(name, in, not, (String) spec.get("fix"), (String) spec.get("doc"));
    }

    private static Set<Dialect> warehouses(Object list) {
        Set<Dialect> out = EnumSet.noneOf(Dialect.class);
        if (list == null) {
            return out;
        }
        for (String w : String.valueOf(list).trim().split("\\s+")) {
            if (w.equals("all")) {
                out.addAll(Dialect.ALL);
            } else {
                Dialect d = SHORT.get(w);
                if (d == null) {
                    throw new IllegalStateException(RESOURCE + ": unknown warehouse '" + w + "'");
                }
                out.add(d);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<Dialect, PartOrder> order(Object spec) {
        if (spec == null) {
            return Map.of();
        }
        Map<String, Object> m = (Map<String, Object>) spec;
        Map<Dialect, PartOrder> out = new LinkedHashMap<>();
        PartOrder fallback = PartOrder.valueOf(String.valueOf(m.get("default")).toUpperCase(Locale.ROOT));
        for (Dialect d : Dialect.ALL) {
            out.put(d, fallback);
        }
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!e.getKey().equals("default")) {
                out.put(SHORT.get(e.getKey()), PartOrder.valueOf(String.valueOf(e.getValue()).toUpperCase(Locale.ROOT)));
            }
        }
        return Map.copyOf(out);
    }
}
