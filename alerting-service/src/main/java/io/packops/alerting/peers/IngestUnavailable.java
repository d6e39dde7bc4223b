package io.packops.alerting.peers;

/** ingest-service did not answer (down, timed out, 5xx); see {@link IngestClient#isUnavailable} for the other ways. */
public class IngestUnavailable extends RuntimeException {
    public IngestUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
