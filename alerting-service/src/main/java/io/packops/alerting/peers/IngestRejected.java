package io.packops.alerting.peers;

/** ingest-service refused the request as invalid (400/422): retrying cannot help. */
public class IngestRejected extends RuntimeException {
    public IngestRejected(String message) {
        super(message);
    }
}
