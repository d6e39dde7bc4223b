package io.packops.alerting.peers;

/** ingest-service answered 409 (a version that cannot be withdrawn in its state, a rollout that moved meanwhile). */
public class IngestConflict extends RuntimeException {
    public IngestConflict(String message) {
        super(message);
    }
}
