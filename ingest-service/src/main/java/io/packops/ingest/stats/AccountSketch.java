package io.packops.ingest.stats;

import java.nio.ByteBuffer;

/**
 * A HyperLogLog sketch of distinct accounts (precision 12: 4,096 registers, about 1.6 % standard error
 * on large counts, near-exact for small ones). Accounts are hashed by
 * PostgreSQL ({@code hashtextextended(account_id, 0)}), so rollups built by the refresh job and
 * sketches of raw events read at query time always agree; this class only does register arithmetic.
 *
 * <p>Stored form: a format byte, then either sparse 4-byte entries {@code index << 6 | rank} sorted by
 * index (small sketches, e.g. one hour of one pack version) or the 4,096 dense registers.
 */
public final class AccountSketch {

    static final int P = 12;
    static final int M = 1 << P;
    private static final byte SPARSE = 1;
    private static final byte DENSE = 2;

    private byte[] registers; // lazily allocated: most sketches merged at query time start empty

    /** Adds one account by its 64-bit hash. */
    public void addHash(long hash) {
        int index = (int) (hash & (M - 1));
        // rank = position of the lowest set bit of the remaining 52 bits (geometric, like leading zeros)
        int rank = Long.numberOfTrailingZeros((hash >>> P) | (1L << (64 - P))) + 1;
        set(index, rank);
    }

    /** Adds every 8-byte big-endian hash in {@code hashes} (as built by {@code string_agg(int8send(h))}). */
    public void addHashes(byte[] hashes) {
        if (hashes == null) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(hashes);
        while (b.remaining() >= 8) {
            addHash(b.getLong());
        }
    }

    /** Merges a stored sketch (see {@link #toBytes()}). */
    public void merge(byte[] stored) {
        if (stored != null) {
            merge(stored, 0, stored.length);
        }
    }

    /** Merges a stored sketch found at {@code [offset, offset + length)} of {@code buffer}. */
    public void merge(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        byte format = buffer[offset];
        if (format == DENSE) {
            if (length != M + 1) {
                throw new IllegalArgumentException("dense account sketch of " + length + " bytes");
            }
            ensure();
            for (int i = 0; i < M; i++) {
                byte r = buffer[offset + 1 + i];
                if (r > registers[i]) {
                    registers[i] = r;
                }
            }
        } else if (format == SPARSE) {
            ByteBuffer b = ByteBuffer.wrap(buffer, offset + 1, length - 1);
            while (b.remaining() >= 4) {
                int entry = b.getInt();
                set(entry >>> 6, entry & 63);
            }
        } else {
            throw new IllegalArgumentException("unknown account sketch format " + format);
        }
    }

    public void merge(AccountSketch other) {
        if (other.registers == null) {
            return;
        }
        ensure();
        for (int i = 0; i < M; i++) {
            if (other.registers[i] > registers[i]) {
                registers[i] = other.registers[i];
            }
        }
    }

    public boolean isEmpty() {
        if (registers == null) {
            return true;
        }
        for (byte r : registers) {
            if (r != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Estimated number of distinct accounts: Ertl's improved estimator ("New cardinality estimation
     * algorithms for HyperLogLog sketches", 2017), which has no bias bump between the small and the
     * large range, and linear counting for small counts, where it is near-exact.
     */
    public long estimate() {
        if (registers == null) {
            return 0;
        }
        int q = 64 - P;
        int[] histogram = new int[q + 2];
        for (byte r : registers) {
            histogram[r]++;
        }
        if (histogram[0] == M) {
            return 0;
        }
        double z = M * tau(1.0 - (double) histogram[q + 1] / M);
        for (int k = q; k >= 1; k--) {
            z = 0.5 * (z + histogram[k]);
        }
        z += M * sigma((double) histogram[0] / M);
        double estimate = M / (2 * Math.log(2)) * M / z;
        if (estimate < M / 2.0 && histogram[0] > 0) {
            return Math.round(M * Math.log((double) M / histogram[0]));
        }
        return Math.round(estimate);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        while (true) {
            x *= x;
            double previous = z;
            z += x * y;
            y += y;
            if (previous == z) {
                return z;
            }
        }
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        while (true) {
            x = Math.sqrt(x);
            double previous = z;
            y *= 0.5;
            z -= Math.pow(1 - x, 2) * y;
            if (previous == z) {
                return z / 3;
            }
        }
    }

    /** The stored form: sparse while that is smaller than the dense registers. */
    public byte[] toBytes() {
        int used = 0;
        if (registers != null) {
            for (byte r : registers) {
                if (r != 0) {
                    used++;
                }
            }
        }
        if (used * 4 < M) {
            ByteBuffer b = ByteBuffer.allocate(1 + used * 4).put(SPARSE);
            for (int i = 0; used > 0 && i < M; i++) {
                if (registers[i] != 0) {
                    b.putInt(i << 6 | registers[i]);
                }
            }
            return b.array();
        }
        byte[] out = new byte[M + 1];
        out[0] = DENSE;
        System.arraycopy(registers, 0, out, 1, M);
        return out;
    }

    private void set(int index, int rank) {
        ensure();
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    private void ensure() {
        if (registers == null) {
            registers = new byte[M];
        }
    }

    @Override
    public String toString() {
        return "AccountSketch[~" + estimate() + "]";
    }
}
