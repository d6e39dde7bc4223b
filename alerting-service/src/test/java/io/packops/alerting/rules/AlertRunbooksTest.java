package io.packops.alerting.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.packops.alerting.compat.CompatSweep;
import io.packops.testsupport.MonitoringReferences;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An alert's runbook link comes from the ownership rule that matches its connector/pack (there is no rule per alert
 * kind), so every runbook a rule of the demo ownership document names must have a section for every kind of alert
 * this service raises: the health rules of the packaged rules.yaml, the compat sweep's two, dependency-down,
 * page-delivery-failed, rollout-aborted and dbt-package-upgrade-breaks.
 */
class AlertRunbooksTest {

    static Set<String> alertKinds() {
        Set<String> kinds = new TreeSet<>();
        InstallHealthRules.load(null).rules().stream().map(HealthRuleSet.Rule::kind).forEach(kinds::add);
        kinds.addAll(List.of(CompatSweep.BROKEN, CompatSweep.DRIFT, DependencyChecks.RULE, PageDeliveryFailedAlerts.RULE,
                io.packops.alerting.rollouts.RolloutAnalysis.RULE, io.packops.alerting.upgrades.PackageUpgradeService.RULE));
        return kinds;
    }

    @Test
    void everyRunbookTheOwnershipRulesNameHasASectionPerAlertKind() throws IOException {
        Path root = MonitoringReferences.repoRoot();
        Set<String> kinds = alertKinds();
        assertThat(kinds).hasSize(10);
        Set<String> runbooks = new TreeSet<>();
        new YAMLMapper().readTree(root.resolve("deploy/demo/ownership.yaml").toFile()).path("rules")
                .forEach((JsonNode rule) -> runbooks.add(rule.path("runbook").asText().replaceFirst("#.*", "")));
        assertThat(runbooks).isNotEmpty().doesNotContain("");

        List<String> missing = new ArrayList<>();
        for (String runbook : runbooks) {
            Set<String> anchors = anchors(Files.readString(root.resolve(runbook)));
            for (String kind : kinds) {
                if (!anchors.contains(kind)) {
                    missing.add(runbook + " has no section '" + kind + "'");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** GitHub's anchors of the Markdown headings outside code fences. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{1,6}\\s+.*")) {
                anchors.add(line.replaceFirst("#{1,6}\\s+", "").trim().toLowerCase()
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
