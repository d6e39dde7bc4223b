package io.packops.ownership;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * ownership-service is packaged by feature; calls go one way, from the page down to the document:
 * {@code support} → {@code lookup}, {@code readiness} → {@code escalation} → {@code oncall} → {@code document} →
 * {@code system}, and {@code backstage} → {@code document}. The document model knows no feature, nothing knows a REST
 * resource, and only the REST layer speaks problem+json.
 */
class ArchitectureTest {

    static final String BASE = "io.packops.ownership";
    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);

    /** A JAX-RS resource, or a class nested in one (its request and response bodies). */
    static final DescribedPredicate<JavaClass> REST_RESOURCE = new DescribedPredicate<>("a REST resource or nested in one") {
        @Override
        public boolean test(JavaClass c) {
            for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
                if (k.isAnnotatedWith(Path.class)) {
                    return true;
                }
            }
            return false;
        }
    };

    /**
     * Resources, the mappers of a feature's failures ({@code *Problems}), the query parameter readers ({@code *Param(s)})
     * and the API's description (the JAX-RS application, which names the shared problem answers).
     */
    static final DescribedPredicate<JavaClass> REST_LAYER = new DescribedPredicate<>("the REST layer") {
        @Override
        public boolean test(JavaClass c) {
            String name = c.getSimpleName();
            String top = c.getName().replaceAll("\\$.*", "");
            return REST_RESOURCE.test(c) || c.isAssignableTo(Application.class) || top.endsWith("Problems") || top.endsWith("Param") || top.endsWith("Params")
                    || name.endsWith("Problems");
        }
    };

    @Test
    void noPackageCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** Inside a feature too: document and document.validation once imported each other (the rule's key). */
    @Test
    void noCyclesBetweenSubPackages() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void featuresCallDownwardsOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("support").definedBy(BASE + ".support..")
                .layer("backstage").definedBy(BASE + ".backstage..")
                .layer("readiness").definedBy(BASE + ".readiness..")
                .layer("lookup").definedBy(BASE + ".lookup..")
                .layer("escalation").definedBy(BASE + ".escalation..")
                .layer("oncall").definedBy(BASE + ".oncall..")
                .layer("document").definedBy(BASE + ".document..")
                .layer("system").definedBy(BASE + ".system..")
                .whereLayer("support").mayNotBeAccessedByAnyLayer()
                .whereLayer("backstage").mayNotBeAccessedByAnyLayer()
                .whereLayer("readiness").mayOnlyBeAccessedByLayers("support")
                .whereLayer("lookup").mayOnlyBeAccessedByLayers("support")
                .whereLayer("escalation").mayOnlyBeAccessedByLayers("lookup", "readiness", "support")
                .whereLayer("oncall").mayOnlyBeAccessedByLayers("escalation", "lookup", "readiness", "support")
                .check(MAIN);
    }

    @Test
    void theDocumentModelKnowsNoFeature() {
        noClasses().that().resideInAPackage(BASE + ".document.model..")
                .should().dependOnClassesThat(resideInAPackage(BASE + "..").and(not(resideInAPackage(BASE + ".document.model.."))))
                .andShould().dependOnClassesThat().resideOutsideOfPackages(BASE + ".document.model..", "java..",
                        "com.fasterxml.jackson..", "io.quarkus.runtime.annotations..", "org.eclipse.microprofile.openapi..")
                .because("the model is what every feature reads; it reads nothing back")
                .check(MAIN);
    }

    @Test
    void nothingDependsOnARestResource() {
        noClasses().that(not(REST_RESOURCE))
                .should().dependOnClassesThat(REST_RESOURCE)
                .because("a resource is the edge: what two features share lives in a service, a record or a *Problems mapper")
                .check(MAIN);
    }

    @Test
    void onlyTheRestLayerSpeaksProblemJson() {
        noClasses().that(not(REST_LAYER))
                .should().dependOnClassesThat().resideInAPackage("io.packops.servicekit.problem..")
                .because("services throw domain exceptions (NoDocumentYet, UnknownSchedule, ...); the REST layer maps them")
                .check(MAIN);
    }

    @Test
    void benchmarkCodeIsNotShipped() {
        noClasses().should().resideInAPackage(BASE + ".bench..")
                .because("the lookup benchmark's baseline resource is test code, built into the jar only by -Pbench")
                .check(MAIN);
    }
}
