package io.packops.alerting;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.packops.servicekit.problem.ProblemException;
import io.packops.testsupport.arch.FeatureRules;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
        FeatureRules.featuresUseOnlyWhatTheyMay(ALERTING, ROOT, MAY_USE);
    }

    @Test
    void nothingDependsOnTheRestResources() {
        FeatureRules.nothingDependsOnTheRestResources(ALERTING);
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
        FeatureRules.noPackageHoldsMoreThan(ALERTING, 15);
    }
}
