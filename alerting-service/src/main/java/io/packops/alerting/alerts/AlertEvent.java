package io.packops.alerting.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.UUID;

/** One timeline entry: what happened ({@code kind}), when, who did it ({@code system} for the service itself). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertEvent(Instant at, String kind, String actor, Integer level, UUID silenceId, String detail) {

    public static final String FIRED = "fired";
    public static final String PAGED = "paged";
    public static final String ESCALATED = "escalated";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SILENCED = "silenced";
    public static final String ROLLED_BACK = "rolled-back";
    public static final String RESOLVED = "resolved";
    public static final String NOTE = "note";

    public static final String SYSTEM = "system";
}
