package io.packops.alerting.peers;

/** ingest-service answered 404 for the pack, version, fingerprint or rollout. */
public class IngestNotFound extends RuntimeException {
    public IngestNotFound(String message) {
        super(message);
    }
}
