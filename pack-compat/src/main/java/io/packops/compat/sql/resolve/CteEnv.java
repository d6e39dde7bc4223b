package io.packops.compat.sql.resolve;

import io.packops.compat.sql.Identifiers;

/** The CTEs visible at a point of the query, innermost first. */
record CteEnv(CteEnv parent, String key, Shape shape) {
    static final CteEnv EMPTY = new CteEnv(null, null, null);

    CteEnv with(String rawName, Shape s) {
        return new CteEnv(this, Identifiers.key(rawName), s);
    }

    Shape lookup(String rawName) {
        String k = Identifiers.key(rawName);
        for (CteEnv e = this; e != null && e.key != null; e = e.parent) {
            if (e.key.equals(k)) {
                return e.shape;
            }
        }
        return null;
    }
}
