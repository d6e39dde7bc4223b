package io.packops.ingest;

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
 * ingest-service's packages by feature and the one direction of calls between them (the package map atop the
 * README):
 * <pre>
 *   accounts ─┬─> stats ──> events ──> packs (what is published, for the metrics' labels)
 *             ├─> schemas
 *             └─> rollouts ──> packs
 *   packagereleases ─┬─> schemas
 *                    └─> packs
 *   system: every feature may use it; it uses none
 * </pre>
 * Where a lower feature needs a higher one's work, it declares an interface the higher one implements
 * ({@code packs.ReleaseHolds} by rollouts, {@code stats.refresh.AccountRollups} by accounts). Nothing depends on a REST
 * resource; only the REST layer (resources, the request readers they call, and system's request plumbing and
 * DomainProblems, which maps the services' NotFound, Conflict, InvalidInput, InvalidDocument and TooLarge) speaks in
 * problems.
 */
class ArchitectureTest {

    static final String ROOT = "io.packops.ingest";
    static final JavaClasses INGEST = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Each feature and the features it may use. */
    static final Map<String, Set<String>> MAY_USE = Map.of(
            "system", Set.of(),
            "events", Set.of("packs", "system"),
            "stats", Set.of("events", "system"),
            "schemas", Set.of("system"),
            "packs", Set.of("system"),
            "rollouts", Set.of("packs", "system"),
            "accounts", Set.of("stats", "schemas", "rollouts", "packs", "system"),
            "packagereleases", Set.of("schemas", "packs", "system"));

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(INGEST);
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(INGEST);
    }

    @Test
    void everyFeatureUsesOnlyTheFeaturesBelowIt() {
        FeatureRules.featuresUseOnlyWhatTheyMay(INGEST, ROOT, MAY_USE);
    }

    @Test
    void nothingDependsOnTheRestResources() {
        FeatureRules.nothingDependsOnTheRestResources(INGEST);
    }

    @Test
    void onlyTheRestLayerAnswersWithProblems() {
        noClasses().that().haveSimpleNameNotEndingWith("Resource").and().resideOutsideOfPackage(ROOT + ".system..")
                .and().doNotHaveSimpleName("StatsParams").and().doNotHaveSimpleName("RolloutSpecReader")
                .should().dependOnClassesThat().areAssignableTo(ProblemException.class)
                .because("services throw domain exceptions (system.NotFound, system.Conflict, ...) that the REST layer maps")
                .check(INGEST);
    }

    @Test
    void noPackageHoldsMoreThan15Files() {
        FeatureRules.noPackageHoldsMoreThan(INGEST, 15);
    }
}
