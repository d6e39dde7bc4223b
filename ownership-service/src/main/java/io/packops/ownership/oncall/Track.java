package io.packops.ownership.oncall;

import java.time.Instant;

/**
 * Something that has at most one person on call at any instant. {@link #runStart}/{@link #runEnd} bound the
 * maximal stretch around an instant during which {@link #valueAt} does not change (null = unbounded).
 */
interface Track {
    String valueAt(Instant t);

    /** Start of the constant stretch containing {@code t} (&le; t), or null when it reaches back forever. */
    Instant runStart(Instant t);

    /** End of the constant stretch containing {@code t} (&gt; t), or null when it lasts forever. */
    Instant runEnd(Instant t);

    String source();
}
