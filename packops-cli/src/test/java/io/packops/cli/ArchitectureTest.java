package io.packops.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The CLI's package directions, from the top: the program ({@code PackopsCommand}) wires the commands; {@code drill}
 * uses {@code up} (a private stack), {@code demo} (the fleet and its installers) and {@code publish} (the release
 * gate); {@code up} uses {@code demo}; {@code bench} uses {@code up} and {@code demo}; every package that calls a
 * service uses {@code client}; {@code exit} (the exit codes) and {@code client} use nothing of the CLI. No package
 * imports a package that imports it back.
 */
class ArchitectureTest {

    static final JavaClasses CLI = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.packops.cli");

    @Test
    void noPackageCycles() {
        slices().matching("io.packops.cli.(*)..").should().beFreeOfCycles().check(CLI);
    }

    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("program").definedBy("io.packops.cli")
                .layer("drill").definedBy("io.packops.cli.drill..")
                .layer("bench").definedBy("io.packops.cli.bench..")
                .layer("up").definedBy("io.packops.cli.up..")
                .layer("publish").definedBy("io.packops.cli.publish..")
                .layer("who").definedBy("io.packops.cli.who..")
                .layer("check").definedBy("io.packops.cli.check..")
                .layer("demo").definedBy("io.packops.cli.demo..")
                .layer("client").definedBy("io.packops.cli.client..")
                .layer("exit").definedBy("io.packops.cli.exit..")
                .whereLayer("program").mayNotBeAccessedByAnyLayer()
                .whereLayer("drill").mayOnlyAccessLayers("up", "demo", "publish", "client", "exit")
                .whereLayer("bench").mayOnlyAccessLayers("up", "demo", "client")
                .whereLayer("up").mayOnlyAccessLayers("demo", "client", "exit")
                .whereLayer("publish").mayOnlyAccessLayers("client", "exit")
                .whereLayer("who").mayOnlyAccessLayers("client", "exit")
                .whereLayer("check").mayOnlyAccessLayers("exit")
                .whereLayer("demo").mayOnlyAccessLayers("client")
                .whereLayer("client").mayNotAccessAnyLayer()
                .whereLayer("exit").mayNotAccessAnyLayer()
                .ensureAllClassesAreContainedInArchitecture()
                .check(CLI);
    }
}
