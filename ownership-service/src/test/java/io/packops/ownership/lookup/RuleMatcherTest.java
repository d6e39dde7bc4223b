package io.packops.ownership.lookup;

import io.packops.ownership.document.model.Rule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleMatcherTest {

    static Rule rule(String connector, String pack, String team) {
        return new Rule(new Rule.Match(connector, pack), team, "p", "runbooks/x.md", "q", null);
    }

    final List<Rule> rules = List.of(
            rule("*", null, "core"),
            rule("stripe", null, "billing"),
            rule("stripe", "stripe-revenue", "revenue"),
            rule("*", "shared-kpis", "kpi"),
            rule("salesforce", "shared-kpis", "sales-kpi"));

    String team(String connector, String pack) {
        return RuleMatcher.match(rules, connector, pack).map(Rule::team).orElse(null);
    }

    @Test
    void packBeatsConnectorBeatsCatchAll() {
        assertThat(team("stripe", "stripe-revenue")).isEqualTo("revenue");
        assertThat(team("stripe", "stripe-churn")).isEqualTo("billing");
        assertThat(team("stripe", null)).isEqualTo("billing");
        assertThat(team("zendesk", null)).isEqualTo("core");
    }

    @Test
    void packRuleOfAnotherConnectorDoesNotMatch() {
        assertThat(team("hubspot", "stripe-revenue")).isEqualTo("core");
    }

    @Test
    void packRuleUnderNamedConnectorBeatsPackRuleUnderAnyConnector() {
        assertThat(team("salesforce", "shared-kpis")).isEqualTo("sales-kpi");
        assertThat(team("hubspot", "shared-kpis")).isEqualTo("kpi");
    }

    @Test
    void packAloneFindsItsRule() {
        assertThat(team(null, "stripe-revenue")).isEqualTo("revenue");
        assertThat(team(null, "unknown-pack")).isEqualTo("core");
    }

    @Test
    void levelNamesTheKindOfMatch() {
        assertThat(RuleMatcher.level(new Rule.Match("stripe", "stripe-revenue"))).isEqualTo("pack");
        assertThat(RuleMatcher.level(new Rule.Match("stripe", null))).isEqualTo("connector");
        assertThat(RuleMatcher.level(new Rule.Match("*", null))).isEqualTo("default");
    }
}
