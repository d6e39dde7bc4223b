package io.packops.ownership.document.validation;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What is wrong and where: {@code field} is a path into the input ({@code schedules[1].layers[0].participants[2]},
 * {@code $} for the whole document), {@code message} says what is wrong there. The REST layer answers a list of them
 * as the problem's field errors, with the same two names.
 */
@RegisterForReflection
public record Violation(String field, String message) {
}
