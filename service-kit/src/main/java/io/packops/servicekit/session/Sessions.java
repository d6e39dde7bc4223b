package io.packops.servicekit.session;

import io.packops.servicekit.auth.TokenRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-side sessions of this replica, in memory: a random id names a session, the session holds the caller's
 * name and roles. It ends after {@link SessionConfig#idleTimeout()} unused, after {@link SessionConfig#absoluteTimeout()}
 * in any case, and at sign-out. In memory on purpose: nothing to migrate, a restart signs everyone out (a browser signs
 * in again with its token), and the bound keeps a flood of sign-ins from growing the heap. With more than one replica
 * behind a load balancer, the ingress must keep a browser on one replica (cookie affinity) or it signs in per replica.
 */
@ApplicationScoped
public class Sessions {

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final int max;

    @Inject
    Sessions(Clock clock, SessionConfig config) {
        this(clock, config.idleTimeout(), config.absoluteTimeout(), config.maxSessions());
    }

    /** For tests: a store with its own clock and limits. */
    public Sessions(Clock clock, Duration idle, Duration absolute, int max) {
        if (idle.isNegative() || idle.isZero() || absolute.isNegative() || absolute.isZero() || max < 1) {
            throw new IllegalArgumentException("packops.session: idle-timeout and absolute-timeout must be positive, max-sessions at least 1");
        }
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.max = max;
    }

    /** A new session for {@code caller}; its id goes in the cookie, its CSRF token in the forms. */
    public Session open(TokenRoles.Caller caller) {
        Instant now = clock.instant();
        if (byId.size() >= max) {
            byId.values().removeIf(s -> expired(s, now));
            while (byId.size() >= max) {
                byId.values().stream().min(Comparator.comparing(Session::lastUsed)).ifPresent(s -> byId.remove(s.id()));
            }
        }
        Session s = new Session(RandomIds.next(), caller.name(), caller.roles(), RandomIds.next(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session called {@code id} (its last use now), or empty when unknown, expired or signed out. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byId.remove(id, s);
            return Optional.empty();
        }
        Session touched = s.touched(now);
        byId.replace(id, s, touched);
        return Optional.of(touched);
    }

    /** Ends the session (sign-out); an unknown id is already ended. */
    public void revoke(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Live and not yet swept sessions. */
    public int size() {
        return byId.size();
    }

    private boolean expired(Session s, Instant now) {
        return !now.isBefore(s.lastUsed().plus(idle)) || !now.isBefore(s.created().plus(absolute));
    }
}
