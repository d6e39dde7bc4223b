package io.packops.compat.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Fingerprint of a schema: equal for schemas a pack would see the same way, so a fleet check runs
 * once per distinct fingerprint.
 *
 * <p>Algorithm:
 * <ol>
 *   <li>For every column write one line {@code kind|source|relation|column|family}, and for every
 *       relation without columns one line {@code kind|source|relation}, where {@code kind} is
 *       {@code source} or {@code model}; {@code source} is the relation's source name for kind
 *       source and empty otherwise (also empty for a source recorded without one); {@code relation}
 *       and {@code column} are names; {@code family} is the {@link TypeFamily} wire name
 *       ({@code string}, {@code integer}, ...). Names are lower-cased (Unicode, root locale) and
 *       each of {@code \}, {@code |} and line feed inside a name is escaped as {@code \\},
 *       {@code \|} and {@code \n}.</li>
 *   <li>Sort the lines (Java {@code String} order: UTF-16 code units, which is byte order for ASCII
 *       names) and join them with {@code \n}, no trailing line feed. Duplicates are kept.</li>
 *   <li>The fingerprint is {@code sha256:} followed by the 64 lower-case hex digits of the SHA-256
 *       of that text encoded as UTF-8.</li>
 * </ol>
 *
 * <p>So relation and column order, name case, raw type spellings of one family ({@code text},
 * {@code character varying(100)}, {@code STRING}), the input format (native or dbt catalog) and the
 * envelope (account, warehouse, capture time) do not change it; adding, dropping or renaming a
 * relation or column, or changing a column's type family, does. Example: a schema with source
 * {@code stripe.charge(id VARCHAR, amount NUMBER(38,0))} has the canonical text
 * <pre>
 * source|stripe|charge|amount|integer
 * source|stripe|charge|id|string</pre>
 */
public final class SchemaFingerprint {

    /** Prefix naming the hash, so the algorithm can change without old and new values colliding. */
    public static final String PREFIX = "sha256:";

    private SchemaFingerprint() {
    }

    public static String of(List<Relation> relations) {
        byte[] text = canonicalText(relations).getBytes(StandardCharsets.UTF_8);
        return PREFIX + HexFormat.of().formatHex(sha256().digest(text));
    }

    /** The text that {@link #of} hashes; useful to diff two schemas that fingerprint differently. */
    public static String canonicalText(List<Relation> relations) {
        List<String> lines = new ArrayList<>();
        for (Relation r : relations) {
            String source = r.kind() == RelationKind.SOURCE && r.sourceName() != null ? r.sourceName() : "";
            String prefix = r.kind().wireName() + "|" + normalise(source) + "|" + normalise(r.name());
            if (r.columns().isEmpty()) {
                lines.add(prefix);
            }
            for (Column c : r.columns()) {
                lines.add(prefix + "|" + normalise(c.name()) + "|" + c.family().wireName());
            }
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
