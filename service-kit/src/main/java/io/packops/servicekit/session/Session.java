package io.packops.servicekit.session;

import java.time.Instant;
import java.util.Set;

/**
 * A signed-in browser: who signed in and with which roles (never the token they signed in with), the CSRF token
 * its forms carry, when it started and when it was last used.
 */
public record Session(String id, String principal, Set<String> roles, String csrf, Instant created, Instant lastUsed) {

    Session touched(Instant now) {
        return new Session(id, principal, roles, csrf, created, now);
    }

    @Override
    public String toString() {
        // the id is a credential: never in a log line
        return "Session[" + principal + " " + roles + ", since " + created + "]";
    }
}
