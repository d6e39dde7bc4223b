package io.packops.ownership.backstage;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Ids for one section of the document: slugs, unique, every change noted. */
final class Ids {
    private final String section;
    private final Map<String, String> owners = new HashMap<>();

    Ids(String section) {
        this.section = section;
    }

    String allocate(String ref, String namespace, String name, CatalogImport mapping) {
        String base = slug(name);
        String id = base;
        if (owners.containsKey(id) && !"default".equalsIgnoreCase(namespace)) {
            id = slug(namespace + "-" + name);
        }
        for (int n = 2; owners.containsKey(id); n++) {
            String suffix = "-" + n;
            id = trimEnd(base.substring(0, Math.min(base.length(), BackstageImporter.MAX_ID - suffix.length()))) + suffix;
        }
        owners.put(id, ref);
        if (!id.equals(base)) {
            mapping.note(ref, section + " id " + id + ": " + base + " is already the id of " + owners.get(base));
        } else if (!id.equals(name)) {
            mapping.note(ref, section + " id " + id + " was made from the name '" + name
                    + "' (ids are lower-case slugs of a-z, 0-9 and '-')");
        }
        return id;
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > BackstageImporter.MAX_ID) {
            s = trimEnd(s.substring(0, BackstageImporter.MAX_ID));
        }
        return s.isEmpty() ? "unnamed" : s;
    }

    static String trimEnd(String s) {
        return s.replaceAll("-+$", "");
    }
}
