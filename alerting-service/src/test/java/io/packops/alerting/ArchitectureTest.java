package io.packops.alerting;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.packops.servicekit.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * alerting-service's packages by feature and the one direction of calls between them (README, "Packages"):
 * <pre>
 *   rollouts ─┬─> compat ─┬─> alerts ─┬─> paging ──> peers
 *   upgrades ─┤           │           │
 *   rules ────┴───────────┴───────────┼─> silences
 *                                     └─> system (every feature may use it; it uses none)
 * </pre>
 * compat declares {@code ComingReleases}, which upgrades implements, for the release gate's coming dbt package releases.
 * peers (the REST clients of ingest and ownership) depends on no feature; nothing depends on a REST resource; only the
 * REST layer (resources, and system's request plumbing) speaks in problems: services throw domain exceptions.
 */
class ArchitectureTest {

    static final String ROOT = "io.packops.alerting";
    static final JavaClasses ALERTING = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Each feature and the features it may use. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "system", Set.of(),
            "peers", Set.of(),
            "silences", Set.of("system"),
            "paging", Set.of("peers", "system"),
            "alerts", Set.of("paging", "silences", "peers", "system"),
            "compat", Set.of("alerts", "paging", "peers", "system"),
            "rules", Set.of("alerts", "paging", "peers", "system"),
            "rollouts", Set.of("alerts", "compat", "peers", "system"),
            "upgrades", Set.of("alerts", "compat", "peers", "system"));

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(ALERTING);
    }

    @Test
    void everyFeatureUsesOnlyTheFeaturesBelowIt() {
        Set<String> packages = ALERTING.stream().map(c -> c.getPackageName()).collect(Collectors.toSet());
        assertThat(packages).as("every main package is a feature with its allowed directions")
                .allSatisfy(p -> assertThat(MAY_USE).containsKey(p.substring(ROOT.length() + 1).split("\\.")[0]));
        MAY_USE.forEach((feature, allowed) -> {
            String[] others = MAY_USE.keySet().stream().filter(f -> !f.equals(feature) && !allowed.contains(f))
                    .map(f -> ROOT + "." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(feature + " may use only " + allowed).check(ALERTING);
        });
    }

    @Test
    void nothingDependsOnTheRestResources() {
        noClasses().that().haveSimpleNameNotEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Resource").check(ALERTING);
    }

    @Test
    void onlyTheRestLayerAnswersWithProblems() {
        noClasses().that().haveSimpleNameNotEndingWith("Resource").and().resideOutsideOfPackage(ROOT + ".system..")
                .and().doNotHaveSimpleName("SilenceRequest")
                .should().dependOnClassesThat().areAssignableTo(ProblemException.class)
                .because("services throw domain exceptions (AlertNotFound, RollbackFailed, ...) that the resources map")
                .check(ALERTING);
    }

    @Test
    void noPackageHoldsMoreThan15Files() {
        Map<String, List<String>> files = new TreeMap<>();
        for (JavaClass c : ALERTING) {
            if (c.isTopLevelClass()) {
                files.computeIfAbsent(c.getPackageName(), p -> new ArrayList<>()).add(c.getSimpleName());
            }
        }
        assertThat(files).allSatisfy((p, classes) -> assertThat(classes).as(p).hasSizeLessThanOrEqualTo(15));
    }
}
