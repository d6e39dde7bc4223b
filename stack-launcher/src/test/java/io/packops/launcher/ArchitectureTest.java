package io.packops.launcher;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The launcher stays a plain library: the CLI and the system tests use it, it uses neither, nor Quarkus or picocli. */
class ArchitectureTest {

    static final JavaClasses LAUNCHER = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.packops.launcher");

    @Test
    void usesNoCommandNoQuarkusAndNoTestCode() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.packops.cli..", "io.packops.systemtests..",
                "picocli..", "io.quarkus..", "org.junit..").check(LAUNCHER);
    }
}
