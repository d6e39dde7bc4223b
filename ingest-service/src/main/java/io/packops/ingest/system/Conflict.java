package io.packops.ingest.system;

/** The thing exists but its state does not allow this (published with other content, a rollout ended): 409. */
public class Conflict extends RuntimeException {
    public Conflict(String message) {
        super(message, null, false, false);
    }
}
