package io.packops.servicekit.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The prod profile's token rule: every role a service serves has tokens, none blank, none under 32 characters. */
class TokenRulesTest {

    static final String STRONG = "0123456789abcdef0123456789abcdef";
    static final String SHORT = "dev-operator";

    /** A configuration as the environment would give it: role → comma-separated list (absent: unset). */
    static AuthConfig config(Map<String, List<String>> tokens, List<String> roles) {
        return new AuthConfig() {
            @Override
            public Tokens tokens() {
                return new Tokens() {
                    public Optional<List<String>> ingest() {
                        return Optional.ofNullable(tokens.get("ingest"));
                    }

                    public Optional<List<String>> agent() {
                        return Optional.ofNullable(tokens.get("agent"));
                    }

                    public Optional<List<String>> operator() {
                        return Optional.ofNullable(tokens.get("operator"));
                    }

                    public Optional<List<String>> admin() {
                        return Optional.ofNullable(tokens.get("admin"));
                    }

                    public Optional<List<String>> peer() {
                        return Optional.ofNullable(tokens.get("peer"));
                    }

                    public Optional<List<String>> automation() {
                        return Optional.ofNullable(tokens.get("automation"));
                    }
                };
            }

            @Override
            public Optional<List<String>> roles() {
                return Optional.ofNullable(roles);
            }
        };
    }

    @Test
    void prodWithEveryServedRoleStrongStarts() {
        AuthConfig c = config(Map.of("agent", List.of(STRONG), "operator", List.of(STRONG + "1", STRONG + "2"),
                "admin", List.of(STRONG + "3")), List.of("agent", "operator", "admin"));
        assertThat(TokenRules.problems(c, List.of("prod"))).isEmpty();
    }

    @Test
    void prodRefusesAMissingBlankOrShortTokenNamingTheVariableNeverTheValue() {
        AuthConfig c = config(Map.of("agent", List.of(SHORT), "operator", List.of(STRONG, " "),
                "ingest", List.of("tiny-ingest-token")), List.of("agent", "operator", "admin", "peer"));
        List<String> problems = TokenRules.problems(c, List.of("prod"));
        assertThat(problems).containsExactlyInAnyOrder(
                "PACKOPS_TOKEN_AGENT is shorter than 32 characters",
                "PACKOPS_TOKEN_OPERATOR (entry 2 of 2) is blank",
                "PACKOPS_TOKEN_ADMIN is missing or blank (this service serves the admin role)",
                "PACKOPS_TOKEN_PEER is missing or blank (this service serves the peer role)",
                // not a role this service serves, but it would still be accepted: it must be strong too
                "PACKOPS_TOKEN_INGEST is shorter than 32 characters");
        assertThat(String.join(" ", problems)).doesNotContain(SHORT).doesNotContain("tiny-ingest-token").doesNotContain(STRONG);
    }

    @Test
    void unsetRolesMeansEveryRoleAndAnUnknownRoleIsAMistake() {
        AuthConfig c = config(Map.of("agent", List.of(STRONG)), null);
        assertThat(TokenRules.problems(c, List.of("prod"))).hasSize(5).allMatch(p -> p.contains("missing or blank"));
        assertThat(TokenRules.problems(config(Map.of("agent", List.of(STRONG)), List.of("agent", "operatr")), List.of("prod")))
                .containsExactly("packops.auth.roles names an unknown role 'operatr' (known: [ingest, agent, operator, admin, peer, automation])");
    }

    @Test
    void devAndTestProfilesKeepTheirShortDemoTokens() {
        AuthConfig c = config(Map.of("agent", List.of("dev-agent"), "operator", List.of("test-operator")), null);
        assertThat(TokenRules.problems(c, List.of("dev"))).isEmpty();
        assertThat(TokenRules.problems(c, List.of("test"))).isEmpty();
        assertThat(TokenRules.problems(c, List.of("prod"))).isNotEmpty();
    }

    @Test
    void rolesNestExceptPeerWhichHoldsOnlyItself() {
        assertThat(TokenRoles.granted("admin")).containsExactlyInAnyOrder("admin", "operator", "agent");
        assertThat(TokenRoles.granted("operator")).containsExactlyInAnyOrder("operator", "agent");
        assertThat(TokenRoles.granted("peer")).containsExactly("peer");
        assertThat(TokenRoles.granted("automation")).containsExactly("automation");
        TokenRoles roles = new TokenRoles(config(Map.of("peer", List.of(STRONG), "agent", List.of(STRONG + "a")), null));
        assertThat(roles.caller(STRONG).roles()).containsExactly("peer");
        assertThat(roles.caller(STRONG + "a").roles()).containsExactly("agent");
        assertThat(roles.caller(STRONG.substring(1))).isNull();
    }
}
