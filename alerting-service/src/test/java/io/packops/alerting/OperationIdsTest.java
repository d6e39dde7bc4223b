package io.packops.alerting;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every JAX-RS operation names a stable {@code operationId} (generated clients otherwise build names from paths, and
 * Redocly's {@code operation-operationId} rule fails), one per path and verb: two methods share an id only when they
 * are one operation (the same path and verb, told apart by the request's media type).
 */
class OperationIdsTest {

    static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, POST.class, PUT.class, DELETE.class,
            PATCH.class, HEAD.class);

    @Test
    void everyResourceMethodHasAnOperationIdOfItsOwn() {
        List<String> missing = new ArrayList<>();
        Map<String, Set<String>> endpointsById = new TreeMap<>();
        for (JavaClass c : ArchitectureTest.ALERTING) {
            if (c.isInterface()) {
                continue; // the REST clients of the peers: their operations are the peers' documents
            }
            for (JavaMethod m : c.getMethods()) {
                String verb = VERBS.stream().filter(m::isAnnotatedWith).map(Class::getSimpleName).findFirst().orElse(null);
                if (verb == null) {
                    continue;
                }
                String id = m.tryGetAnnotationOfType(Operation.class).map(Operation::operationId).orElse("");
                if (id.isBlank()) {
                    missing.add(c.getSimpleName() + "." + m.getName());
                } else {
                    endpointsById.computeIfAbsent(id, k -> new TreeSet<>()).add(verb + " " + path(c) + path(m));
                }
            }
        }
        assertThat(missing).as("resource methods without @Operation(operationId)").isEmpty();
        assertThat(endpointsById).as("operations of the API").hasSizeGreaterThanOrEqualTo(11)
                .allSatisfy((id, endpoints) -> assertThat(endpoints).as(id).hasSize(1));
    }

    private static String path(JavaClass c) {
        return c.tryGetAnnotationOfType(Path.class).map(Path::value).orElse("");
    }

    private static String path(JavaMethod m) {
        return m.tryGetAnnotationOfType(Path.class).map(p -> p.value().startsWith("/") ? p.value() : "/" + p.value()).orElse("");
    }
}
