package io.packops.ownership.document.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Optional;

/**
 * The whole ownership document (DESIGN "Ownership document"), as accepted by {@code PUT /v1/ownership}
 * after validation: every reference resolves, ids are unique, time zones are real. Secret-bearing
 * strings ({@code ${ENV_VAR}} references) are kept verbatim here; {@code SecretResolver} resolves them
 * on read for roles that may see them.
 * <p>
 * {@code connectors} is the catalogue of connectors the company ships packs for (slugs), including those only the
 * {@code "*"} rule routes: with the connectors the rules name, it is what lookup calls a known connector.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OwnershipDocument(List<Team> teams, List<Person> people, List<Schedule> schedules,
                                List<EscalationPolicy> escalationPolicies, List<Rule> rules, List<String> connectors) {

    public OwnershipDocument {
        teams = teams == null ? List.of() : List.copyOf(teams);
        people = people == null ? List.of() : List.copyOf(people);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        escalationPolicies = escalationPolicies == null ? List.of() : List.copyOf(escalationPolicies);
        rules = rules == null ? List.of() : List.copyOf(rules);
        connectors = connectors == null ? List.of() : List.copyOf(connectors);
    }

    /** A document without a connectors catalogue (its known connectors are those its rules name). */
    public OwnershipDocument(List<Team> teams, List<Person> people, List<Schedule> schedules,
                             List<EscalationPolicy> escalationPolicies, List<Rule> rules) {
        this(teams, people, schedules, escalationPolicies, rules, null);
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
