package io.packops.compat.upgrade.rename;

import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.TypeFamily;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Scores every (removed, added) pair of one model and keeps the likely renames. A pair's score is its name rule's
 * base ({@link RenameRule}) times its type fit (same family 1, related families or an unknown type 0.85, unrelated
 * families: no candidate), plus, for a prefix or suffix rule, 0.05 for every other removed column of the model that
 * gains or loses the same words (at most 0.2: a package that prefixes eight columns with {@code balance_transaction_}
 * in one release makes each of them likelier). Pairs from 0.65 up are suggested, best first, each name in at most one
 * pair; the other candidates of a removed name that also pass are its alternatives.
 *
 * <p>Models: a removed and an added model are a candidate when their names match a rule; the score is the mean of
 * the rule's base and the share of column names they have in common.
 */
public final class Renames {

    static final double THRESHOLD = 0.65;
    static final double AGREEMENT_STEP = 0.05;
    static final double AGREEMENT_MAX = 0.2;
    static final double RELATED_TYPES = 0.85;

    /** {@code shared}: for models, the share of column names in common; 0 for columns. */
    private record Candidate(String from, String to, Names.Match match, double score, String reason, double shared) {
    }

    private record TypeFit(double factor, String phrase) {
    }

    private Renames() {
    }

    public static List<ColumnRename> columns(String model, List<Column> removed, List<Column> added) {
        record Pair(Column from, Column to, Names.Match match, TypeFit fit) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Column r : removed) {
            for (Column a : added) {
                Names.Match match = Names.match(r.name(), a.name());
                TypeFit fit = match == null ? null : typeFit(r.family(), a.family());
                if (fit != null) {
                    pairs.add(new Pair(r, a, match, fit));
                }
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Pair p : pairs) {
            Set<String> agreeing = new HashSet<>();
            if (p.match().affix() != null) {
                for (Pair q : pairs) {
                    if (q.match().rule() == p.match().rule() && p.match().affix().equals(q.match().affix())
                            && !q.from().name().equalsIgnoreCase(p.from().name())) {
                        agreeing.add(q.from().name().toLowerCase(Locale.ROOT));
                    }
                }
            }
            double bonus = Math.min(AGREEMENT_MAX, AGREEMENT_STEP * agreeing.size());
            String reason = rulePhrase(p.match())
                    + (agreeing.isEmpty() ? "" : ", as for " + agreeing.size() + " other removed column"
                    + (agreeing.size() == 1 ? "" : "s") + " of " + model)
                    + "; " + p.fit().phrase();
            candidates.add(new Candidate(p.from().name(), p.to().name(), p.match(),
                    round(Math.min(1.0, p.match().base() * p.fit().factor() + bonus)), reason, 0));
        }
        return assign(candidates, (c, alternatives) ->
                new ColumnRename(model, c.from(), c.to(), c.score(), c.match().rule(), c.reason(), alternatives));
    }

    public static List<ModelRename> models(List<Relation> removed, List<Relation> added) {
        List<Candidate> candidates = new ArrayList<>();
        for (Relation r : removed) {
            for (Relation a : added) {
                Names.Match match = Names.match(r.name(), a.name());
                if (match == null) {
                    continue;
                }
                double shared = sharedColumns(r, a);
                candidates.add(new Candidate(r.name(), a.name(), match, round((match.base() + shared) / 2),
                        rulePhrase(match) + "; " + Math.round(shared * 100) + " % of their column names shared", shared));
            }
        }
        return assign(candidates, (c, alternatives) -> new ModelRename(c.from(), c.to(), c.score(), c.match().rule(),
                round(c.shared()), c.reason(), alternatives));
    }

    private interface Maker<T> {
        T make(Candidate chosen, List<String> alternatives);
    }

    /** Best pairs first, each removed and each added name used once; below the threshold nothing is suggested. */
    private static <T> List<T> assign(List<Candidate> candidates, Maker<T> maker) {
        List<Candidate> ranked = candidates.stream().filter(c -> c.score() >= THRESHOLD)
                .sorted(Comparator.comparingDouble(Candidate::score).reversed()
                        .thenComparing(Candidate::from, String.CASE_INSENSITIVE_ORDER)
                        .thenComparing(Candidate::to, String.CASE_INSENSITIVE_ORDER))
                .toList();
        Set<String> usedFrom = new HashSet<>();
        Set<String> usedTo = new HashSet<>();
        List<T> out = new ArrayList<>();
        for (Candidate c : ranked) {
            if (usedFrom.contains(key(c.from())) || usedTo.contains(key(c.to()))) {
                continue;
            }
            usedFrom.add(key(c.from()));
            usedTo.add(key(c.to()));
            List<String> alternatives = ranked.stream()
                    .filter(o -> o.from().equalsIgnoreCase(c.from()) && !o.to().equalsIgnoreCase(c.to()))
                    .map(Candidate::to).toList();
            out.add(maker.make(c, alternatives));
        }
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static String rulePhrase(Names.Match match) {
        return match.rule().description() + (match.affix() == null ? "" : " (" + match.affix() + ")");
    }

    private static TypeFit typeFit(TypeFamily from, TypeFamily to) {
        if (from == to) {
            return new TypeFit(1.0, "same type family (" + from.wireName() + ")");
        }
        String change = from.wireName() + " → " + to.wireName();
        if (from == TypeFamily.UNKNOWN || to == TypeFamily.UNKNOWN) {
            return new TypeFit(RELATED_TYPES, "a type family unknown (" + change + ")");
        }
        if (from.isNumber() && to.isNumber() || from.isTemporal() && to.isTemporal()) {
            return new TypeFit(RELATED_TYPES, "related type families (" + change + ")");
        }
        return null;
    }

    private static double sharedColumns(Relation r, Relation a) {
        Set<String> x = r.columnIndex().keySet();
        Set<String> y = a.columnIndex().keySet();
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        if (union.isEmpty()) {
            return 0;
        }
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        return (double) both.size() / union.size();
    }

    static double round(double score) {
        return Math.round(score * 100) / 100.0;
    }
}
