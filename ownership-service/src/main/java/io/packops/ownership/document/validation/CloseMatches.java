package io.packops.ownership.document.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a mistyped name most likely meant, for "did you mean" answers: the document validator's unknown fields and
 * references, and lookup's unknown connectors and packs. A typo is the same name up to case, or at most two edits
 * away (and at most a third of the name, so short names do not match everything).
 */
public final class CloseMatches {

    private CloseMatches() {
    }

    /** The candidate a typo most likely meant, or null. */
    public static String closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equalsIgnoreCase(given)) {
                return candidate;
            }
            int d = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= allowedEdits(given) ? best : null;
    }

    /** Every candidate within the allowed edits of {@code given}, nearest first (then by name). */
    public static List<String> near(String given, Collection<String> candidates) {
        String g = given.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String candidate : candidates) {
            if (distance(g, candidate.toLowerCase(Locale.ROOT)) <= allowedEdits(given)) {
                out.add(candidate);
            }
        }
        out.sort(Comparator.comparingInt((String c) -> distance(g, c.toLowerCase(Locale.ROOT))).thenComparing(c -> c));
        return out;
    }

    /**
     * Whether one name is the start of the other and the shorter has at least 3 characters: {@code google} and
     * {@code google_ads}, {@code stripe-revenue} and {@code stripe}.
     */
    public static boolean sharesPrefix(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        return Math.min(x.length(), y.length()) >= 3 && !x.equals(y) && (x.startsWith(y) || y.startsWith(x));
    }

    private static int allowedEdits(String given) {
        return Math.min(2, Math.max(0, given.length() / 3));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
