package io.packops.alerting.alerts;

/** ingest-service did not withdraw the version (down, refused, unknown): nothing was rolled back (502). */
public class RollbackFailed extends RuntimeException {
    public RollbackFailed(String pack, String version, Throwable cause) {
        super("ingest-service did not withdraw " + pack + " " + version + ": "
                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                + "; nothing was rolled back, try again", cause);
    }
}
