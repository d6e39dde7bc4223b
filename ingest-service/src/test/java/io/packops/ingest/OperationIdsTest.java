package io.packops.ingest;

import com.tngtech.archunit.core.domain.JavaMethod;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every REST operation has a stable {@code operationId} (generated clients name their methods after it; without one
 * they fall back to names built from the path, which change when a path does), and no two share one.
 */
class OperationIdsTest {

    static final List<Class<? extends java.lang.annotation.Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class);

    @Test
    void everyResourceMethodHasItsOwnOperationId() {
        List<JavaMethod> operations = ArchitectureTest.INGEST.stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> VERBS.stream().anyMatch(m::isAnnotatedWith))
                .toList();
        assertThat(operations).as("the REST operations of ingest-service").hasSizeGreaterThanOrEqualTo(20);

        assertThat(operations).allSatisfy(m -> {
            assertThat(m.isAnnotatedWith(Operation.class)).as(m.getFullName() + " has @Operation").isTrue();
            assertThat(m.getAnnotationOfType(Operation.class).operationId()).as(m.getFullName() + " operationId")
                    .matches("[a-z][A-Za-z]+");
        });
        Map<String, Long> ids = operations.stream().map(m -> m.getAnnotationOfType(Operation.class).operationId())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(ids).as("operationIds are unique").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
    }
}
