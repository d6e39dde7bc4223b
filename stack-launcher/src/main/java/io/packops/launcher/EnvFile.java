package io.packops.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service's settings kept as data next to the code that starts it: {@code NAME=value} lines, {@code #} comments,
 * blank lines ignored, in the order written; {@code export } and quotes around a value are taken as a shell would. A stack's timings read better as a file than as a run of puts.
 */
public final class EnvFile {

    private EnvFile() {
    }

    /** The classpath resource {@code name} of {@code anchor}'s class loader, parsed; fails when it is missing or malformed. */
    public static Map<String, String> read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    static Map<String, String> parse(String name, String text) {
        return entries(name, text, true);
    }

    /**
     * A file a person edits (e.g. {@code .packops/tokens.env}): as {@link #read}, and a line that is not
     * {@code NAME=value} is skipped rather than refused.
     */
    public static Map<String, String> lenient(String text) {
        return entries(null, text, false);
    }

    /** {@code NAME=value} lines (also {@code export NAME=value}, a value in single or double quotes unquoted). */
    private static Map<String, String> entries(String name, String text, boolean strict) {
        Map<String, String> env = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            line = line.startsWith("export ") ? line.substring(7).strip() : line;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                if (strict) {
                    throw new IllegalStateException(name + ":" + (i + 1) + ": expected NAME=value, found '" + line + "'");
                }
                continue;
            }
            env.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return env;
    }

    private static String unquote(String value) {
        boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}
