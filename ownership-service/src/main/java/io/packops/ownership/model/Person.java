package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A person who can be on call. {@code team} may be null; {@code timezone} is an IANA zone id. */
@RegisterForReflection
public record Person(String id, String name, String email, String team, String timezone, String phone) {
}
