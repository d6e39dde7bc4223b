package io.packops.compat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * pack-compat's package directions. From the bottom: {@code problem} (report codes and severities),
 * {@code manifest}, {@code schema} and {@code dialect} (the warehouses' catalogue) use nothing else of ours;
 * {@code sql} (templates, dbt macros, parsing) uses {@code problem} and {@code dialect}, its sub-packages
 * {@code sql.resolve} and {@code sql.dialect} also {@code schema}; {@code check} uses everything.
 * No two packages, sub-packages included, import each other.
 */
@AnalyzeClasses(packages = "io.packops.compat", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String OURS = "io.packops.compat..";

    @ArchTest
    static final ArchRule noCyclesBetweenTopLevelPackages =
            slices().matching("io.packops.compat.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule noCyclesBetweenAnyPackages =
            slices().matching("io.packops.compat.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule problemCodesAreALeaf = leaf("io.packops.compat.problem..");

    @ArchTest
    static final ArchRule manifestIsALeaf = leaf("io.packops.compat.manifest..");

    @ArchTest
    static final ArchRule schemaIsALeaf = leaf("io.packops.compat.schema..");

    @ArchTest
    static final ArchRule dialectIsALeaf = leaf("io.packops.compat.dialect..");

    @ArchTest
    static final ArchRule sqlDoesNotUseCheckOrManifest = noClasses().that().resideInAPackage("io.packops.compat.sql..")
            .should().dependOnClassesThat().resideInAnyPackage("io.packops.compat.check..", "io.packops.compat.manifest..");

    @ArchTest
    static final ArchRule parsingDoesNotUseResolutionOrDialectRules = noClasses().that().resideInAPackage("io.packops.compat.sql")
            .should().dependOnClassesThat().resideInAnyPackage("io.packops.compat.sql.resolve..", "io.packops.compat.sql.dialect..");

    /** Nothing in {@code pkg} uses a class of ours outside it. */
    private static ArchRule leaf(String pkg) {
        return noClasses().that().resideInAPackage(pkg)
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("in another package of pack-compat",
                        c -> c.getPackageName().startsWith("io.packops.compat")
                                && !c.getPackageName().startsWith(pkg.substring(0, pkg.length() - 2))));
    }
}
