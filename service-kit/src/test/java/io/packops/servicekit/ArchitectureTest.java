package io.packops.servicekit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The kit's packages are independent pieces of plumbing; none knows a service. */
class ArchitectureTest {

    static final JavaClasses KIT = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.packops.servicekit");

    @Test
    void noPackageCycles() {
        slices().matching("io.packops.servicekit.(*)..").should().beFreeOfCycles().check(KIT);
    }

    @Test
    void onlyProblemIsSharedAmongThePieces() {
        noClasses().that().resideInAnyPackage("io.packops.servicekit.problem..", "io.packops.servicekit.time..",
                        "io.packops.servicekit.once..")
                .should().dependOnClassesThat().resideInAnyPackage("io.packops.servicekit.auth..").check(KIT);
        noClasses().that().resideInAPackage("io.packops.servicekit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.packops.ingest..", "io.packops.alerting..",
                        "io.packops.ownership..", "io.packops.compat..").check(KIT);
    }
}
