package io.packops.alerting.paging;

import io.packops.alerting.peers.Ownership.Level;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When each level of an escalation chain is paged, counting from the first page: level {@code l} of round
 * {@code r} at {@code r × cycle + l.effectiveAfterMinutes}. Skipped levels (nobody on call) are never paged.
 * A round lasts until the last level has waited as long as the step before it did (PagerDuty's loop), or the
 * configured repeat interval for a one-level chain or when that step is 0. Pure: no clock, no database.
 */
public final class EscalationChain {

    /** One page of the chain: the round (0 = first pass), the level, and its time after the first page. */
    public record Step(int round, Level level, Duration after) {
    }

    private EscalationChain() {
    }

    /** The step after (round, level), or empty when the chain (with its repeats) is done. */
    public static Optional<Step> next(List<Level> levels, int repeat, Duration repeatInterval, int round, int level) {
        List<Level> pageable = levels.stream().filter(l -> !l.skipped()).toList();
        if (pageable.isEmpty()) {
            return Optional.empty();
        }
        Duration cycle = cycle(levels, repeatInterval);
        for (Level l : pageable) {
            if (l.level() > level) {
                return Optional.of(new Step(round, l, cycle.multipliedBy(round).plusMinutes(l.effectiveAfterMinutes())));
            }
        }
        if (round >= repeat) {
            return Optional.empty();
        }
        Level first = pageable.get(0);
        return Optional.of(new Step(round + 1, first, cycle.multipliedBy(round + 1L).plusMinutes(first.effectiveAfterMinutes())));
    }

    /** A delay times {@code packops.alerts.escalation-time-scale} (rehearsals shorten escalation; 1 leaves it). */
    public static Duration scaled(Duration after, double scale) {
        return scale == 1.0 ? after : Duration.ofMillis(Math.round(after.toMillis() * scale));
    }

    static Duration cycle(List<Level> levels, Duration repeatInterval) {
        int n = levels.size();
        int last = levels.get(n - 1).effectiveAfterMinutes();
        int gap = n >= 2 ? last - levels.get(n - 2).effectiveAfterMinutes() : 0;
        return gap > 0 ? Duration.ofMinutes(last + (long) gap) : Duration.ofMinutes(last).plus(repeatInterval);
    }
}
