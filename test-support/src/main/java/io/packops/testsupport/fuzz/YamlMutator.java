package io.packops.testsupport.fuzz;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Structured mutations of valid YAML documents (manifests, ownership documents, Backstage catalogs): the same
 * tree mutations as {@link JsonMutator} on the loaded document, dumped in block or flow style, then YAML's own
 * traps in one case of three — anchors and aliases (up to a billion-laughs expansion), merge keys, global and
 * local tags (Java class instantiation attempts), tabs, a second document, deep flow nesting, directives —
 * and sometimes damaged text ({@link TextMutations}).
 */
public final class YamlMutator {

    private static final List<String> TOKENS = List.of(":", "- ", "? ", "|", ">", "&a ", "*a", "!!str ", "!x ", "{", "}",
            "[", "]", ",", "#", "'", "\"", "\t", "---\n", "...\n", "%YAML 1.1\n", "<<: ", "@", "`", "\\");
    /** Tags that would instantiate Java classes in a careless loader. */
    private static final List<String> TAGS = List.of("!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1/x\"]]]]",
            "!!java.io.File \"/etc/passwd\"", "!!java.net.URL [\"http://127.0.0.1/\"]", "!!binary aGVsbG8=", "!!timestamp 2026-11-25",
            "!!float .nan", "!!int 0x7FFFFFFFFFFFFFFFFF", "!custom value", "!<tag:yaml.org,2002:str> x", "!!set {a, b}", "!!omap [a: 1]",
            "!!python/object:os.system [\"id\"]");

    private final List<Object> seeds = new ArrayList<>();
    private final List<String> keys = new ArrayList<>();

    public YamlMutator(String... seeds) {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (String seed : seeds) {
            Object doc = yaml.load(seed);
            this.seeds.add(doc);
            collectKeys(doc);
        }
    }

    public String next(RandomGenerator r) {
        Object doc = copy(seeds.get(r.nextInt(seeds.size())));
        int steps = 1 + r.nextInt(4);
        for (int s = 0; s < steps && String.valueOf(doc).length() < 1_000_000; s++) {
            doc = mutate(doc, r);
        }
        String text = dump(doc, r);
        if (r.nextInt(3) == 0) {
            text = yamlTrap(text, r);
        }
        return r.nextInt(5) == 0 ? TextMutations.mutate(text, r, TOKENS) : text;
    }

    /** An unchanged seed, dumped in a random style. */
    public String seed(RandomGenerator r) {
        return dump(seeds.get(r.nextInt(seeds.size())), r);
    }

    @SuppressWarnings("unchecked")
    private Object mutate(Object doc, RandomGenerator r) {
        List<Object> containers = new ArrayList<>();
        collectContainers(doc, containers);
        if (containers.isEmpty() || r.nextInt(40) == 0) {
            return value(r, doc);
        }
        Object target = containers.get(r.nextInt(containers.size()));
        if (target instanceof Map<?, ?> m) {
            Map<Object, Object> map = (Map<Object, Object>) m;
            List<Object> names = new ArrayList<>(map.keySet());
            Object name = names.isEmpty() ? null : names.get(r.nextInt(names.size()));
            switch (name == null ? 1 : r.nextInt(6)) {
                case 0 -> map.remove(name);
                case 1 -> map.put(!keys.isEmpty() && r.nextBoolean() ? keys.get(r.nextInt(keys.size())) : FuzzValues.anyString(r), value(r, null));
                case 2 -> map.put(name, value(r, map.get(name)));
                case 3 -> map.put(name, r.nextBoolean() ? listOf(copy(map.get(name))) : single("value", copy(map.get(name))));
                case 4 -> map.put(FuzzValues.tweak(String.valueOf(name), r), map.remove(name));
                default -> map.put(name, nested(r));
            }
        } else {
            List<Object> list = (List<Object>) target;
            int at = list.isEmpty() ? 0 : r.nextInt(list.size());
            switch (list.isEmpty() ? 1 : r.nextInt(4)) {
                case 0 -> list.remove(at);
                case 1 -> list.add(at, value(r, null));
                case 2 -> {
                    int copies = r.nextInt(6) == 0 && list.size() < 50 && String.valueOf(list.get(at)).length() < 5_000
                            ? 200 + r.nextInt(300) : 1 + r.nextInt(4); // bounded: copies of copies would be gigabytes
                    Object item = list.get(at);
                    for (int c = 0; c < copies; c++) {
                        list.add(copy(item));
                    }
                }
                default -> list.set(at, value(r, list.get(at)));
            }
        }
        return doc;
    }

    private static List<Object> listOf(Object value) {
        List<Object> l = new ArrayList<>();
        l.add(value);
        return l;
    }

    private static Map<Object, Object> single(Object key, Object value) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private static Object value(RandomGenerator r, Object old) {
        return switch (r.nextInt(7)) {
            case 0, 1 -> FuzzValues.anyString(r);
            case 2 -> old instanceof String s ? FuzzValues.tweak(s, r) : FuzzValues.anyString(r);
            case 3 -> r.nextBoolean() ? (Object) r.nextLong() : (Object) (r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 4 -> r.nextBoolean() ? Boolean.TRUE : null;
            case 5 -> new LinkedHashMap<>();
            default -> new ArrayList<>();
        };
    }

    /** Lists nested 5 to 60 levels (deeper nesting is a text trap: a dumper would recurse). */
    private static Object nested(RandomGenerator r) {
        Object v = "x";
        int depth = 5 + r.nextInt(56);
        for (int i = 0; i < depth; i++) {
            v = listOf(v);
        }
        return v;
    }

    private static String dump(Object doc, RandomGenerator r) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(switch (r.nextInt(3)) {
            case 0 -> DumperOptions.FlowStyle.BLOCK;
            case 1 -> DumperOptions.FlowStyle.FLOW;
            default -> DumperOptions.FlowStyle.AUTO;
        });
        options.setWidth(40 + r.nextInt(200));
        options.setAllowUnicode(r.nextBoolean());
        options.setSplitLines(r.nextBoolean());
        if (r.nextInt(4) == 0) {
            options.setDefaultScalarStyle(DumperOptions.ScalarStyle.values()[r.nextInt(DumperOptions.ScalarStyle.values().length)]);
        }
        try {
            return new Yaml(new Representer(options), options).dump(doc);
        } catch (RuntimeException e) {
            // a lone surrogate cannot be dumped: replace it (TextMutations puts them in the text instead)
            return new Yaml().dump(withoutLoneSurrogates(doc));
        }
    }

    private static Object withoutLoneSurrogates(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(withoutLoneSurrogates(k), withoutLoneSurrogates(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(withoutLoneSurrogates(v)));
            return c;
        }
        if (o instanceof String s) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (pair) {
                    sb.append(ch).append(s.charAt(++i));
                } else {
                    sb.append(Character.isSurrogate(ch) ? '\uFFFD' : ch);
                }
            }
            return sb.toString();
        }
        return o;
    }

    /** YAML's own attacks and oddities, inserted into the dumped text. */
    private static String yamlTrap(String text, RandomGenerator r) {
        String[] lines = text.split("\n", -1);
        int at = r.nextInt(lines.length);
        return switch (r.nextInt(10)) {
            case 0 -> billionLaughs(r) + text;
            case 1 -> text + "\n" + billionLaughs(r).replace("\n", "\n  ").replaceFirst("^", "bomb:\n  ");
            case 2 -> replaceValue(lines, at, "&anchor " + valueOf(lines[at])) + "\nalias: *anchor\n";
            case 3 -> replaceValue(lines, at, TAGS.get(r.nextInt(TAGS.size())));
            case 4 -> replaceValue(lines, at, "*undefined");
            case 5 -> "base: &base {a: 1, b: 2}\n" + text.replaceFirst("\n", "\n<<: *base\n");
            case 6 -> String.join("\n", lines).replaceFirst("\n  ", "\n\t");
            case 7 -> text + (r.nextBoolean() ? "---\n" + text : "...\n---\nsecond: doc\n");
            case 8 -> replaceValue(lines, at, "[".repeat(r.nextBoolean() ? 60 : 100_000) + "]".repeat(r.nextBoolean() ? 60 : 100_000));
            default -> (r.nextBoolean() ? "%YAML 1.1\n---\n" : "%TAG ! tag:example.com,2000:\n---\n") + text;
        };
    }

    /** Nine levels of nine aliases each: 9^9 nodes if a loader expands them. */
    private static String billionLaughs(RandomGenerator r) {
        int levels = 3 + r.nextInt(7);
        StringBuilder sb = new StringBuilder("lol0: &lol0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int l = 1; l < levels; l++) {
            String ref = "*lol" + (l - 1);
            sb.append("lol").append(l).append(": &lol").append(l).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, ref))).append("]\n");
        }
        return sb.toString();
    }

    private static String valueOf(String line) {
        int colon = line.indexOf(": ");
        return colon < 0 ? line.strip().replaceFirst("^- ", "") : line.substring(colon + 2);
    }

    private static String replaceValue(String[] lines, int at, String value) {
        String line = lines[at];
        int colon = line.indexOf(": ");
        if (colon >= 0) {
            lines[at] = line.substring(0, colon + 2) + value;
        } else if (line.strip().startsWith("- ")) {
            lines[at] = line.substring(0, line.indexOf("- ") + 2) + value;
        } else {
            lines[at] = line + " " + value;
        }
        return String.join("\n", lines);
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(k, copy(v)));
            return c;
        }
        if (o instanceof List<?> l) {
            List<Object> c = new ArrayList<>();
            l.forEach(v -> c.add(copy(v)));
            return c;
        }
        return o;
    }

    private static void collectContainers(Object o, List<Object> out) {
        if (o instanceof Map<?, ?> m) {
            out.add(m);
            m.values().forEach(v -> collectContainers(v, out));
        } else if (o instanceof List<?> l) {
            out.add(l);
            l.forEach(v -> collectContainers(v, out));
        }
    }

    private void collectKeys(Object o) {
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String s && !keys.contains(s)) {
                    keys.add(s);
                }
                collectKeys(v);
            });
        } else if (o instanceof List<?> l) {
            l.forEach(this::collectKeys);
        }
    }
}
