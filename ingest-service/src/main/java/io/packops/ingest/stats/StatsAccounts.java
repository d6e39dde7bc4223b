package io.packops.ingest.stats;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Distinct accounts of one group: an exact set of account hashes while only raw events were read, a
 * {@link AccountSketch} as soon as a rollup sketch is merged in.
 */
final class StatsAccounts {

    private Set<Long> hashes = new HashSet<>();
    private AccountSketch sketch;

    /** Adds 8-byte account hashes (raw events). */
    void addHashes(byte[] packed) {
        if (packed == null) {
            return;
        }
        if (sketch != null) {
            sketch.addHashes(packed);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(packed);
        while (b.remaining() >= 8) {
            hashes.add(b.getLong());
        }
    }

    /** Adds sketches packed as a 4-byte length followed by the stored sketch, repeated (rollups). */
    void addSketches(byte[] packed) {
        if (packed == null) {
            return;
        }
        toSketch();
        ByteBuffer b = ByteBuffer.wrap(packed);
        while (b.remaining() >= 4) {
            int length = b.getInt();
            sketch.merge(packed, b.position(), length);
            b.position(b.position() + length);
        }
    }

    void addAll(StatsAccounts other) {
        if (other.sketch != null) {
            toSketch();
            sketch.merge(other.sketch);
        } else if (sketch != null) {
            other.hashes.forEach(sketch::addHash);
        } else {
            hashes.addAll(other.hashes);
        }
    }

    long count() {
        return sketch == null ? hashes.size() : sketch.estimate();
    }

    boolean exact() {
        return sketch == null;
    }

    private void toSketch() {
        if (sketch == null) {
            sketch = new AccountSketch();
            hashes.forEach(sketch::addHash);
            hashes = null;
        }
    }
}
