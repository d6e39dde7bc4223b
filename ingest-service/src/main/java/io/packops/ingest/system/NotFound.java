package io.packops.ingest.system;

/** The pack, version, rollout or account asked for does not exist (the REST layer answers 404). */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message, null, false, false);
    }
}
