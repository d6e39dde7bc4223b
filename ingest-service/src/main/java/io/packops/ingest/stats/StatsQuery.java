package io.packops.ingest.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One validated stats request: the window {@code [to - length, to)}, the event type, equality filters,
 * the grouping keys (in the caller's order) and the page. {@code queryKey} identifies everything but
 * the page, so a cursor can only continue the query it came from.
 */
public record StatsQuery(String window, Duration length, Instant to, String type,
                         Map<StatsDimension, String> filters, List<StatsDimension> groupBy,
                         int limit, int offset, String queryKey) {

    public Instant from() {
        return to.minus(length);
    }
}
