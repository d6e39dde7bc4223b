package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A person who can be on call. {@code team} may be null; {@code timezone} is an IANA zone id. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Person(String id, String name, String email, String team, String timezone, String phone) {
}
