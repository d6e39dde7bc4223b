package io.packops.ingest.rollouts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The deterministic rollout bucket of an account for a pack:
 * {@code bucket = uint64(first 8 bytes of SHA-256(UTF-8 "<pack>:<accountId>")) mod 100}.
 *
 * <p>Any language can compute it (Python: {@code int.from_bytes(hashlib.sha256(f"{pack}:{account}".encode())
 * .digest()[:8], "big") % 100}). The pack is a slug and cannot contain ':', so the input is unambiguous;
 * the modulo bias of 2^64 mod 100 is below 10^-17. An account is in the canary when its bucket is below the
 * current step, so a bucket in the canary at 5 % stays in it at 25, 50 and 100 (steps only grow).
 */
public final class RolloutBuckets {

    private RolloutBuckets() {
    }

    public static int bucket(String pack, String accountId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((pack + ":" + accountId).getBytes(StandardCharsets.UTF_8));
            return (int) Long.remainderUnsigned(ByteBuffer.wrap(digest, 0, 8).getLong(), 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /** Whether an account with this bucket is served the canary at {@code step} percent. */
    public static boolean inCanary(int bucket, int step) {
        return bucket < step;
    }
}
