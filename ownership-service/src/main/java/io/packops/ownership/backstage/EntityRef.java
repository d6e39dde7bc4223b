package io.packops.ownership.backstage;

import java.util.Locale;

/**
 * A parsed Backstage entity reference, {@code [kind:][namespace/]name}: {@code group:default/billing},
 * {@code group:billing} or {@code billing}; compared case-insensitively by {@link #key()}.
 */
record EntityRef(String kind, String namespace, String name) {

    String key() {
        return key(kind, namespace, name);
    }

    static String key(String kind, String namespace, String name) {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return kind.toLowerCase(Locale.ROOT) + ":" + namespace + "/" + name;
    }

    /** {@code [kind:][namespace/]name}, with defaults for what is left out; null when there is no name. */
    static EntityRef parse(String raw, String defaultKind, String defaultNamespace) {
        String s = raw.strip();
        String kind = defaultKind;
        String namespace = defaultNamespace;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            kind = colon == 0 ? defaultKind : s.substring(0, colon).strip();
            s = s.substring(colon + 1);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            namespace = slash == 0 ? defaultNamespace : s.substring(0, slash).strip();
            s = s.substring(slash + 1);
        }
        s = s.strip();
        return s.isEmpty() || s.contains("/") || s.contains(":") ? null : new EntityRef(kind, namespace, s);
    }
}
