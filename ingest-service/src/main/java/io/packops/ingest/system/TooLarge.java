package io.packops.ingest.system;

/** More than a request may hold (a batch over its event limit): 413. */
public class TooLarge extends RuntimeException {
    public TooLarge(String message) {
        super(message, null, false, false);
    }
}
