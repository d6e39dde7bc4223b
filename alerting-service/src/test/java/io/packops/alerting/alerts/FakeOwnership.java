package io.packops.alerting.alerts;

import io.packops.alerting.peers.Ownership;
import io.packops.alerting.peers.Ownership.Level;
import io.packops.alerting.peers.OwnershipClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers a canned lookup (billing-packs, two levels 0 and 15 minutes, repeat 1), or nothing when "down". */
@Alternative
@ApplicationScoped
public class FakeOwnership extends OwnershipClient {

    public static final Ownership BILLING = new Ownership("billing-packs", "Billing packs", "billing-default", 1,
            "runbooks/pack-install-failures.md", "https://runbooks.example.com/pack-install-failures.md", "tier2-billing",
            "pd-key", null, null,
            List.of(new Level(1, 0, false, List.of("ana")), new Level(2, 15, false, List.of("dana"))));

    private volatile Ownership answer = BILLING;
    private volatile boolean down;
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public Optional<Ownership> lookup(String connector, String pack, Instant at) {
        calls.incrementAndGet();
        return down ? Optional.empty() : Optional.of(answer);
    }

    public void answer(Ownership ownership) {
        answer = ownership;
    }

    public void down(boolean isDown) {
        down = isDown;
    }

    public int calls() {
        return calls.get();
    }

    public void reset() {
        answer = BILLING;
        down = false;
        calls.set(0);
    }
}
