package io.packops.alerting.compat;

/** ingest-service has no schema with this fingerprint (404). */
public class UnknownFingerprint extends RuntimeException {
    public UnknownFingerprint(String fingerprint) {
        super("ingest-service has no schema with fingerprint " + fingerprint, null, false, false);
    }
}
