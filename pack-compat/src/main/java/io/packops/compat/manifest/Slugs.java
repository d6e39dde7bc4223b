package io.packops.compat.manifest;

import java.util.regex.Pattern;

/**
 * Slugs name packs, connectors, dashboards, tiles and KPIs: {@code [a-z0-9][a-z0-9_-]{0,62}}, e.g.
 * {@code stripe}, {@code google_ads}, {@code stripe-revenue}. Shared with event validation elsewhere.
 */
public final class Slugs {

    public static final int MAX_LENGTH = 63;
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private Slugs() {
    }

    public static boolean isSlug(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /**
     * Why {@code value} is not a slug, or {@code null} when it is one. The reason names the first
     * offending character so an author can fix it without reading the regex.
     */
    public static String slugError(String value) {
        if (value == null || value.isEmpty()) {
            return "a slug must not be empty";
        }
        if (isSlug(value)) {
            return null;
        }
        String prefix = Texts.quote(value) + " is not a valid slug: ";
        if (value.length() > MAX_LENGTH) {
            return prefix + "it has " + value.length() + " characters, at most " + MAX_LENGTH + " are allowed";
        }
        int offending = value.codePoints()
                .filter(c -> !isLowerAlnum(c) && c != '_' && c != '-')
                .findFirst()
                .orElse(-1);
        if (offending != -1) {
            String hint = Character.isUpperCase(offending) ? " (slugs are lower-case)" : "";
            return prefix + Texts.describe(offending) + " is not allowed; use a-z, 0-9, '_' and '-'" + hint;
        }
        // Every character is allowed, so the first one must be '_' or '-'.
        return prefix + "it must start with a lower-case letter or a digit, not " + Texts.describe(value.codePointAt(0));
    }

    private static boolean isLowerAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
