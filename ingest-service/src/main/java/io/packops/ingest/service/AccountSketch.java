package io.packops.ingest.service;

import java.nio.ByteBuffer;

/**
 * A HyperLogLog sketch of distinct accounts (precision 12: 4,096 registers, about 1.6 % standard error
 * on large counts, near-exact below a few thousand thanks to linear counting). Accounts are hashed by
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
    private static final double ALPHA_M2 = 0.7213 / (1 + 1.079 / M) * M * M;

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
        if (stored == null || stored.length == 0) {
            return;
        }
        if (stored[0] == DENSE) {
            if (stored.length != M + 1) {
                throw new IllegalArgumentException("dense account sketch of " + stored.length + " bytes");
            }
            ensure();
            for (int i = 0; i < M; i++) {
                if (stored[i + 1] > registers[i]) {
                    registers[i] = stored[i + 1];
                }
            }
        } else if (stored[0] == SPARSE) {
            ByteBuffer b = ByteBuffer.wrap(stored, 1, stored.length - 1);
            while (b.remaining() >= 4) {
                int entry = b.getInt();
                set(entry >>> 6, entry & 63);
            }
        } else {
            throw new IllegalArgumentException("unknown account sketch format " + stored[0]);
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

    /** Estimated number of distinct accounts. */
    public long estimate() {
        if (registers == null) {
            return 0;
        }
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double raw = ALPHA_M2 / sum;
        if (raw <= 2.5 * M && zeros > 0) {
            return Math.round(M * Math.log((double) M / zeros)); // linear counting: small cardinalities
        }
        return Math.round(raw);
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
