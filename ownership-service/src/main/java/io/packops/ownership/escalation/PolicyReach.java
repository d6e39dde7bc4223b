package io.packops.ownership.escalation;

import io.packops.ownership.oncall.CoverageGap;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Whether an escalation policy, on its own (before any {@code "*"} fallback), reaches a person when an alert
 * fires at any instant of a horizon. For launch readiness.
 *
 * @param policyId        the policy
 * @param everReachable   an alert firing at some instant of the horizon reaches somebody
 * @param alwaysReachable an alert firing at any instant of the horizon reaches somebody (no gaps)
 * @param unreachable     the exact stretches of the horizon in which an alert would reach nobody through this
 *                        policy (every level skipped), in time order
 */
@RegisterForReflection
public record PolicyReach(String policyId, boolean everReachable, boolean alwaysReachable,
                          List<CoverageGap> unreachable) {

    public PolicyReach {
        unreachable = unreachable == null ? List.of() : List.copyOf(unreachable);
    }
}
