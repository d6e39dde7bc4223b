package io.packops.alerting.silences;

import java.time.Instant;
import java.util.UUID;

/** The silence has already ended: it cannot be expired again (409). */
public class SilenceExpired extends RuntimeException {
    public SilenceExpired(UUID id, Instant endedAt) {
        super("silence " + id + " already expired at " + endedAt, null, false, false);
    }
}
