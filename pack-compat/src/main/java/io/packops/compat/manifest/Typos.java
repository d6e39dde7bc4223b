package io.packops.compat.manifest;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Spots near-misses such as {@code tilez} for {@code tiles} or {@code SQL} for {@code sql}. */
final class Typos {

    private Typos() {
    }

    /** The candidate {@code typed} most likely misspells, if any is close enough. */
    static Optional<String> closest(String typed, List<String> candidates) {
        return candidates.stream()
                .filter(candidate -> isLikelyTypo(typed, candidate))
                .min(Comparator.comparingInt(candidate -> distance(typed.toLowerCase(), candidate.toLowerCase())));
    }

    /** Same word ignoring case, or at most two single-character edits apart (one for short words). */
    static boolean isLikelyTypo(String typed, String known) {
        if (typed.equalsIgnoreCase(known)) {
            return true;
        }
        int budget = known.length() <= 4 ? 1 : 2;
        return Math.abs(typed.length() - known.length()) <= budget
                && distance(typed.toLowerCase(), known.toLowerCase()) <= budget;
    }

    /** Levenshtein distance; keys are short, so the quadratic table costs nothing. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
