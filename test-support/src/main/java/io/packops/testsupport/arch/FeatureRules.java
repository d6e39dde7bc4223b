package io.packops.testsupport.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of a service packaged by feature (STYLE.md, "Inside a service"), for each service's ArchitectureTest. */
public final class FeatureRules {

    private FeatureRules() {
    }

    /** Every main package under {@code root} is a feature of {@code mayUse}, and uses only the features it lists. */
    public static void featuresUseOnlyWhatTheyMay(JavaClasses classes, String root, Map<String, Set<String>> mayUse) {
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        assertThat(packages).as("every main package is a feature with its allowed directions")
                .allSatisfy(p -> assertThat(mayUse).containsKey(p.substring(root.length() + 1).split("\\.")[0]));
        mayUse.forEach((feature, allowed) -> {
            String[] others = mayUse.keySet().stream().filter(f -> !f.equals(feature) && !allowed.contains(f))
                    .map(f -> root + "." + f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(root + "." + feature + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(feature + " may use only " + allowed).check(classes);
        });
    }

    public static void nothingDependsOnTheRestResources(JavaClasses classes) {
        noClasses().that().haveSimpleNameNotEndingWith("Resource")
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Resource").check(classes);
    }

    /** A package past {@code most} top-level classes wants splitting by feature. */
    public static void noPackageHoldsMoreThan(JavaClasses classes, int most) {
        Map<String, List<String>> files = new TreeMap<>();
        for (JavaClass c : classes) {
            if (c.isTopLevelClass()) {
                files.computeIfAbsent(c.getPackageName(), p -> new ArrayList<>()).add(c.getSimpleName());
            }
        }
        assertThat(files).allSatisfy((p, names) -> assertThat(names).as(p).hasSizeLessThanOrEqualTo(most));
    }
}
