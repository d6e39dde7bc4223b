package io.packops.ownership.service;

import io.packops.ownership.model.Schedule;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a schedule into who is on call when: layers rotate in the schedule's zone (DST-correct),
 * a later layer beats an earlier one where it has someone, overrides beat every layer.
 * Pure: no clock, no database.
 */
@ApplicationScoped
public class OnCallResolver {

    /**
     * The resolved timeline clipped to {@code [from, to)}, in time order, contiguous stretches of the same
     * person from the same source merged. Gaps (nobody on call) are simply absent.
     */
    public List<Shift> shifts(Schedule schedule, Instant from, Instant to) {
        throw new UnsupportedOperationException("TODO (issue 4, on-call engine)");
    }

    /** The shift covering {@code at} (its full extent, not clipped to {@code at}), or empty when nobody is on call. */
    public Optional<Shift> onCall(Schedule schedule, Instant at) {
        throw new UnsupportedOperationException("TODO (issue 4, on-call engine)");
    }
}
