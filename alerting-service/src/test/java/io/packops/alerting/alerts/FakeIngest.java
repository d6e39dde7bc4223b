package io.packops.alerting.alerts;

import io.packops.alerting.client.IngestService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.List;

/** Records withdrawals and answers the served version after them, or fails like an unreachable ingest. */
@Alternative
@ApplicationScoped
public class FakeIngest extends IngestService {

    public record Withdrawal(String pack, String version, String reason) {
    }

    private final List<Withdrawal> withdrawals = new ArrayList<>();
    private volatile boolean failing;

    @Override
    public synchronized String withdraw(String pack, String version, String reason) {
        if (failing) {
            throw new IllegalStateException("ingest-service unreachable: connection refused");
        }
        withdrawals.add(new Withdrawal(pack, version, reason));
        return "1.0.0";
    }

    public synchronized List<Withdrawal> withdrawals() {
        return List.copyOf(withdrawals);
    }

    public void failing(boolean fail) {
        failing = fail;
    }

    public synchronized void reset() {
        withdrawals.clear();
        failing = false;
    }
}
