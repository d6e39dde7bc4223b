package io.packops.compat.upgrade.rename;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The name half of a rename guess: splits names into words and says which {@link RenameRule} relates two of them.
 * Words are split at anything but letters and digits and at camelCase humps, then lower-cased, so
 * {@code balance_transaction_created_at}, {@code BALANCE_TRANSACTION_CREATED_AT} and {@code balanceTransactionCreatedAt}
 * are the same four words.
 */
final class Names {

    /** {@code rule} relates the two names; {@code affix} is the words added or dropped ({@code balance_transaction_}) for affix rules. */
    record Match(RenameRule rule, double base, String affix) {
    }

    private Names() {
    }

    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, words);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
            word.setLength(0);
        }
    }

    /** The rule relating a removed name to an added one, or null when their names do not suggest a rename. */
    static Match match(String removed, String added) {
        List<String> r = words(removed);
        List<String> a = words(added);
        if (r.isEmpty() || a.isEmpty() || r.equals(a) && removed.equalsIgnoreCase(added)) {
            return null;
        }
        if (r.equals(a) || String.join("", r).equals(String.join("", a))) {
            return simple(RenameRule.SEPARATORS);
        }
        if (sorted(r).equals(sorted(a))) {
            return simple(RenameRule.REORDERED);
        }
        if (r.size() == a.size()) {
            Match oneWord = oneWordApart(r, a);
            if (oneWord != null) {
                return oneWord;
            }
        }
        Match affix = affix(r, a);
        return affix != null ? affix : sharedWords(r, a);
    }

    private static Match simple(RenameRule rule) {
        return new Match(rule, rule.base(), null);
    }

    /** Same words but one, which is its plural or singular, or a near spelling. */
    private static Match oneWordApart(List<String> r, List<String> a) {
        int differing = -1;
        for (int i = 0; i < r.size(); i++) {
            if (!r.get(i).equals(a.get(i))) {
                if (differing >= 0) {
                    return null;
                }
                differing = i;
            }
        }
        String x = r.get(differing);
        String y = a.get(differing);
        if (plural(x, y) || plural(y, x)) {
            return simple(RenameRule.PLURAL);
        }
        int shorter = Math.min(x.length(), y.length());
        int distance = shorter < 4 ? Integer.MAX_VALUE : editDistance(x, y);
        return distance == 1 || distance == 2 && shorter >= 8 ? simple(RenameRule.TYPO) : null;
    }

    private static boolean plural(String one, String many) {
        return many.equals(one + "s") || many.equals(one + "es")
                || one.endsWith("y") && many.equals(one.substring(0, one.length() - 1) + "ies");
    }

    /** One name is the other with whole words added in front or at the end. */
    private static Match affix(List<String> r, List<String> a) {
        boolean grew = r.size() < a.size();
        List<String> shorter = grew ? r : a;
        List<String> longer = grew ? a : r;
        if (shorter.size() == longer.size()) {
            return null;
        }
        int extra = longer.size() - shorter.size();
        double base = shorter.size() == 1 ? RenameRule.ONE_WORD_AFFIX : RenameRule.PREFIX_ADDED.base();
        if (longer.subList(extra, longer.size()).equals(shorter)) {
            return new Match(grew ? RenameRule.PREFIX_ADDED : RenameRule.PREFIX_REMOVED, base,
                    String.join("_", longer.subList(0, extra)) + "_");
        }
        if (longer.subList(0, shorter.size()).equals(shorter)) {
            return new Match(grew ? RenameRule.SUFFIX_ADDED : RenameRule.SUFFIX_REMOVED, base,
                    "_" + String.join("_", longer.subList(shorter.size(), longer.size())));
        }
        return null;
    }

    /** At least two words shared, and they are at least 60 % of the longer name's words. */
    private static Match sharedWords(List<String> r, List<String> a) {
        Set<String> rs = new HashSet<>(r);
        Set<String> as = new HashSet<>(a);
        int longer = Math.max(rs.size(), as.size());
        rs.retainAll(as);
        double share = (double) rs.size() / longer;
        return rs.size() >= 2 && share >= 0.6
                ? new Match(RenameRule.SHARED_WORDS, RenameRule.SHARED_WORDS.base() * share, null) : null;
    }

    private static List<String> sorted(List<String> words) {
        List<String> s = new ArrayList<>(words);
        s.sort(null);
        return s;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int editDistance(String x, String y) {
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }
}
