package io.packops.alerting.silences;

import java.util.UUID;

/** No silence has this id (404). */
public class SilenceNotFound extends RuntimeException {
    public SilenceNotFound(UUID id) {
        super("no silence " + id, null, false, false);
    }
}
