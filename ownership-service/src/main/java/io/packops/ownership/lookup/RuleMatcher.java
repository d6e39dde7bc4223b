package io.packops.ownership.lookup;

import io.packops.ownership.document.model.Rule;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the ownership rule for a connector and/or pack: the most specific matching rule wins — a rule
 * naming the pack beats one naming only the connector, which beats {@code connector: "*"}. A rule naming a
 * pack and a connector matches only that pair. The validator rejects two rules with the same match, so
 * the winner is unique.
 */
public final class RuleMatcher {

    private RuleMatcher() {
    }

    /** The rule for {@code connector} (may be null when {@code pack} is given) and {@code pack} (may be null). */
    public static Optional<Rule> match(List<Rule> rules, String connector, String pack) {
        return rules.stream()
                .filter(r -> matches(r.match(), connector, pack))
                .max(Comparator.comparingInt(r -> specificity(r.match())));
    }

    /** 0 for the catch-all, 1 for a connector, 2 for a pack under any connector, 3 for a pack under a named connector. */
    public static int specificity(Rule.Match m) {
        int s = m.pack() != null ? 2 : 0;
        return s + ("*".equals(m.connector()) ? 0 : 1);
    }

    /** What made the rule win, for people: {@code pack}, {@code connector} or {@code default}. */
    public static String level(Rule.Match m) {
        return m.pack() != null ? "pack" : "*".equals(m.connector()) ? "default" : "connector";
    }

    static boolean matches(Rule.Match m, String connector, String pack) {
        boolean connectorOk = "*".equals(m.connector()) || m.connector().equals(connector)
                || (connector == null && m.pack() != null);
        boolean packOk = m.pack() == null || m.pack().equals(pack);
        return connectorOk && packOk;
    }
}
