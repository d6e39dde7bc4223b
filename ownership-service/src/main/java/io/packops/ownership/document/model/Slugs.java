package io.packops.ownership.document.model;

import java.util.regex.Pattern;

/** DESIGN: every id and name of the document — teams, people, schedules, policies, connectors, packs — is a slug. */
public final class Slugs {

    /** {@code [a-z0-9][a-z0-9_-]{0,62}}. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private Slugs() {
    }

    public static boolean isSlug(String s) {
        return s != null && PATTERN.matcher(s).matches();
    }
}
