package io.packops.ownership;

import com.tngtech.archunit.core.domain.JavaMethod;
import jakarta.ws.rs.HttpMethod;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated clients name their calls after {@code operationId}; without one they fall back to names built from
 * paths, which change whenever a path does. So every JAX-RS resource method declares a stable, unique one.
 */
class OpenApiOperationsTest {

    static List<JavaMethod> resourceMethods() {
        return ArchitectureTest.MAIN.stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isMetaAnnotatedWith(HttpMethod.class))
                .toList();
    }

    @Test
    void everyResourceMethodHasAnOperationWithAnOperationId() {
        List<JavaMethod> methods = resourceMethods();
        // ownership document (4), Backstage import, lookup, schedules (2), readiness, support page (3): the scan finds them all
        assertThat(methods).hasSizeGreaterThanOrEqualTo(12);
        assertThat(methods).allSatisfy(m -> {
            assertThat(m.isAnnotatedWith(Operation.class)).as("%s has @Operation", m.getFullName()).isTrue();
            assertThat(m.getAnnotationOfType(Operation.class).operationId())
                    .as("%s has an operationId", m.getFullName()).isNotBlank().matches("[a-z][A-Za-z0-9]*");
        });
    }

    @Test
    void operationIdsAreUnique() {
        Map<String, String> seen = new HashMap<>();
        for (JavaMethod m : resourceMethods()) {
            String id = m.getAnnotationOfType(Operation.class).operationId();
            assertThat(seen.putIfAbsent(id, m.getFullName())).as("operationId %s of %s is also used", id, m.getFullName())
                    .isNull();
        }
        assertThat(seen).containsKeys("putOwnershipDocument", "lookupOwner", "getLaunchReadiness");
    }
}
