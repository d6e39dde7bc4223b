package io.packops.alerting.silences;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences with Alertmanager's semantics: matchers on the alert's labels (plus {@code alertname} = the rule and
 * {@code severity}), a time window, who and why. Expiring ends one now; nothing is ever deleted.
 */
@ApplicationScoped
public class SilenceService {

    @Inject
    SilenceRepository silences;

    @Inject
    Clock clock;

    /** Stores a validated silence (see {@link SilenceRequest#validate}). */
    @Transactional
    public Silence create(SilenceRequest.NewSilence silence) {
        return silences.insert(UUID.randomUUID(), silence, clock.instant());
    }

    public List<Silence> list(String state, Long beforeSeq, int limit) {
        return silences.list(state, clock.instant(), beforeSeq, limit);
    }

    public Optional<Silence> find(UUID id) {
        return silences.find(id);
    }

    /**
     * Ends the silence now.
     *
     * @throws SilenceNotFound when unknown
     * @throws SilenceExpired  when it has already ended
     */
    @Transactional
    public Silence expire(UUID id) {
        Instant now = clock.instant();
        Silence s = silences.find(id).orElseThrow(() -> new SilenceNotFound(id));
        if (Silence.EXPIRED.equals(s.state(now))) {
            throw new SilenceExpired(id, s.endsAt());
        }
        return silences.expire(id, now).orElseThrow();
    }

    /** The first silence in force at {@code at} that matches the alert, if any. */
    public Optional<Silence> matching(String rule, String severity, Map<String, String> labels, Instant at) {
        Map<String, String> all = new HashMap<>(labels);
        all.putIfAbsent("alertname", rule);
        all.putIfAbsent("severity", severity);
        return silences.active(at).stream().filter(s -> s.matches(all)).findFirst();
    }
}
