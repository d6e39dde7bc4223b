package io.packops.servicekit.session;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Browser sessions (the docs' and the support page's sign-in): lifetimes, bound, cookie and where it counts. */
@ConfigMapping(prefix = "packops.session")
public interface SessionConfig {

    /** A session not used for this long is gone. */
    @WithDefault("30M")
    Duration idleTimeout();

    /** A session older than this is gone, however busy. */
    @WithDefault("12H")
    Duration absoluteTimeout();

    /** At most this many live sessions per replica; signing in past it drops the least recently used one. */
    @WithDefault("10000")
    int maxSessions();

    /**
     * {@code Secure} on the session cookies. Unset: always, except in the dev and test profiles. {@code false} only
     * where the service is served over plain http on purpose ({@code ./packops up} on localhost).
     */
    Optional<Boolean> cookieSecure();

    /**
     * Pages (exact paths) besides the API description and Swagger UI where a session authenticates GET and HEAD,
     * e.g. ownership's support page {@code /}. Nothing else accepts the cookie: the API wants a bearer token.
     */
    Optional<List<String>> pages();
}
