package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** PagerDuty Events API v2 integration: the routing key (a secret, usually {@code ${PD_...}}). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PagerDutyRoute(String routingKey) {
}
