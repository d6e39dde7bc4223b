package io.packops.alerting.rules;

import io.packops.alerting.rules.HealthRuleSet.InvalidRulesException;
import io.packops.alerting.rules.HealthRuleSet.RateRule;
import io.packops.alerting.rules.HealthRuleSet.SloBurnRule;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthRuleSetTest {

    @Test
    void thePackagedRulesAreValid() {
        HealthRuleSet rules = InstallHealthRules.load(null);
        assertThat(rules.rules()).extracting(HealthRuleSet.Rule::name)
                .containsExactly("install-failure-rate", "install-slo-burn", "render-error-rate", "telemetry-silent");
        RateRule failures = (RateRule) rules.rules().get(0);
        assertThat(failures.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(failures.forDuration()).as("no hold: detection within 30 s").isZero();
        SloBurnRule burn = (SloBurnRule) rules.rules().get(1);
        assertThat(burn.windows()).extracting(HealthRuleSet.BurnWindow::burnRate).containsExactly(14.4, 6.0);
    }

    @Test
    void everyErrorOfABadFileIsListedAtOnce() {
        String yaml = """
                rules:
                  - kind: install-failure-rat
                  - kind: install-failure-rate
                    window: 15x
                    threshold: 1.5
                    for: soon
                    severity: page
                  - kind: install-slo-burn
                    objective: 99
                    windows:
                      - { long: 5m, short: 1h, burnRate: 14.4 }
                  - kind: telemetry-silent
                    limit: 0s
                    perConnectr: true
                  - kind: render-error-rate
                    window: 60d
                    threshold: 0.1
                """;
        assertThatThrownBy(() -> HealthRuleSet.parse(yaml, "rules.yaml"))
                .isInstanceOfSatisfying(InvalidRulesException.class, e -> {
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[0].kind: unknown rule kind 'install-failure-rat'"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[1].window: '15x' is not a duration"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[1].threshold: 1.5 is out of range"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[1].for: 'soon' is not a duration"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[1].severity: 'page'"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[2].objective: 99.0 is out of range"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[2].windows[0].short: must be shorter than long"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[3].limit: must be longer than 0"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[3].perConnectr: unknown key"));
                    assertThat(e.errors()).anySatisfy(m -> assertThat(m).startsWith("rules[4].window: 60d is out of range"));
                    assertThat(e.getMessage()).startsWith("invalid rules in rules.yaml (");
                });
    }

    @Test
    void aBurnRateTheObjectiveCannotReachIsRefused() {
        String yaml = """
                rules:
                  - kind: install-slo-burn
                    objective: 0.9
                    windows: [ { long: 1h, short: 5m, burnRate: 14.4 } ]
                """;
        assertThatThrownBy(() -> HealthRuleSet.parse(yaml, "x"))
                .hasMessageContaining("rules[0].windows[0].burnRate: 14.4 can never be reached");
    }

    @Test
    void twoRulesOfOneKindNeedTheirOwnNames() {
        String yaml = """
                rules:
                  - { kind: install-failure-rate, threshold: 0.2 }
                  - { kind: install-failure-rate, threshold: 0.5 }
                """;
        assertThatThrownBy(() -> HealthRuleSet.parse(yaml, "x")).hasMessageContaining("rules[1].name: 'install-failure-rate' is used");
        assertThat(HealthRuleSet.parse(yaml.replace("threshold: 0.5 }", "threshold: 0.5, name: install-failure-rate-fast }"), "x")
                .rules()).hasSize(2);
    }

    @Test
    void notYamlOrNoRulesListIsAClearError() {
        assertThatThrownBy(() -> HealthRuleSet.parse("rules: [unclosed", "x")).hasMessageContaining("not YAML");
        assertThatThrownBy(() -> HealthRuleSet.parse("alerts: []", "x")).hasMessageContaining("a 'rules' list");
    }

    @Test
    void aRulesFileIsReadFromDisk() throws Exception {
        Path file = Files.createTempFile("rules", ".yaml");
        Files.writeString(file, "rules:\n  - { kind: telemetry-silent, limit: 1h }\n");
        assertThat(InstallHealthRules.load(file.toString()).rules()).hasSize(1);
        assertThatThrownBy(() -> InstallHealthRules.load(file + ".missing")).hasMessageContaining("cannot read the rules file");
    }

    @Test
    void durationsReadLikePrometheus() {
        assertThat(HealthRuleSet.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(HealthRuleSet.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(HealthRuleSet.parseDuration("15")).isNull();
        assertThat(HealthRuleSet.statsWindow(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(HealthRuleSet.statsWindow(Duration.ofHours(6))).isEqualTo("6h");
    }
}
