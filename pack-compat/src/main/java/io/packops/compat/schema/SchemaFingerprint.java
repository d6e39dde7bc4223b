package io.packops.compat.schema;

import java.util.List;

/** Fingerprint of a schema. (Implementation pending.) */
public final class SchemaFingerprint {
    private SchemaFingerprint() {
    }

    public static String of(List<Relation> relations) {
        return "";
    }
}
