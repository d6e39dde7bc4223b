package io.packops.ownership.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Optional;

/**
 * The whole ownership document (DESIGN "Ownership document"), as accepted by {@code PUT /v1/ownership}
 * after validation: every reference resolves, ids are unique, time zones are real. Secret-bearing
 * strings ({@code ${ENV_VAR}} references) are kept verbatim here; {@code SecretResolver} resolves them
 * on read for roles that may see them.
 */
@RegisterForReflection
public record OwnershipDocument(List<Team> teams, List<Person> people, List<Schedule> schedules,
                                List<EscalationPolicy> escalationPolicies, List<Rule> rules) {

    public OwnershipDocument {
        teams = List.copyOf(teams);
        people = List.copyOf(people);
        schedules = List.copyOf(schedules);
        escalationPolicies = List.copyOf(escalationPolicies);
        rules = List.copyOf(rules);
    }

    public Optional<Team> team(String id) {
        return teams.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Schedule> schedule(String id) {
        return schedules.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<EscalationPolicy> policy(String id) {
        return escalationPolicies.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
