package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** PagerDuty Events API v2 integration: the routing key (a secret, usually {@code ${PD_...}}). */
@RegisterForReflection
public record PagerDutyRoute(String routingKey) {
}
