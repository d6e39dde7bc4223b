package io.packops.ownership.readiness;

import io.packops.ownership.document.NoDocumentYet;
import io.packops.ownership.document.OwnershipStore;
import io.packops.ownership.document.SecretResolver;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The readiness report of the current document over a horizon from now. */
@ApplicationScoped
public class ReadinessService {

    @Inject
    OwnershipStore store;

    @Inject
    ReadinessChecker checker;

    @Inject
    SecretResolver secrets;

    @Inject
    Clock clock;

    /** {@code counts}: gaps per severity; {@code ready}: no gap at all. */
    @RegisterForReflection
    public record Report(boolean ready, long revision, Instant from, Instant to, Map<String, Integer> counts,
                         List<ReadinessGap> gaps) {
    }

    /** The report from now, as agents may see it. */
    public Report report(Duration horizon, Set<String> connectors, Set<String> packs) {
        return report(clock.instant(), horizon, connectors, packs, false);
    }

    /**
     * The report of {@code [from, from + horizon)}, e.g. the two weeks after launch day. Gaps about routes name
     * the {@code ${VAR}} they miss; unless {@code showReferences} (operators, admins) those are redacted.
     */
    public Report report(Instant from, Duration horizon, Set<String> connectors, Set<String> packs, boolean showReferences) {
        OwnershipStore.Current current = store.current().orElseThrow(() -> new NoDocumentYet(
                "no ownership document has been loaded yet: nothing is owned, so nothing is ready"));
        Instant to = from.plus(horizon);
        List<ReadinessGap> gaps = checker.check(current.document(), from, to, connectors, packs, this::usable);
        if (!showReferences) {
            gaps = gaps.stream().map(g -> new ReadinessGap(g.severity(), g.kind(), g.subject(),
                    SecretResolver.redactReferences(g.message()), SecretResolver.redactReferences(g.fix()), g.intervals())).toList();
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : List.of(ReadinessChecker.CRITICAL, ReadinessChecker.ERROR, ReadinessChecker.WARNING, ReadinessChecker.INFO)) {
            counts.put(s, (int) gaps.stream().filter(g -> g.severity().equals(s)).count());
        }
        return new Report(gaps.isEmpty(), current.revision(), from, to, counts, gaps);
    }

    /** A route value is usable when it is a non-blank literal or its {@code ${ENV}} references all resolve. */
    boolean usable(String value) {
        String v = secrets.apply(value, SecretResolver.View.RESOLVED, "route", new ArrayList<>());
        return v != null && !v.isBlank();
    }
}
