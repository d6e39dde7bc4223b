package io.packops.compat.sql.resolve;

import io.packops.compat.problem.Severity;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The focused compilation cases of {@code compile-cases/cases.yaml}: each resolves one SQL query
 * against {@code compile-cases/schema.json} and compares the errors with the expected ones.
 */
class CompileCasesTest {

    record Case(String name, String rule, String sql, String warehouse, boolean postgres, List<String> expect) {
    }

    static List<Case> cases() {
        try (InputStream in = CompileCasesTest.class.getResourceAsStream("/compile-cases/cases.yaml")) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Case> cases = new ArrayList<>();
            for (Object o : (List<?>) doc.get("cases")) {
                Map<?, ?> m = (Map<?, ?>) o;
                List<String> expect = new ArrayList<>();
                for (Object e : (List<?>) m.get("expect")) {
                    expect.add(String.valueOf(e));
                }
                cases.add(new Case((String) m.get("name"), (String) m.get("rule"), (String) m.get("sql"),
                        (String) m.get("warehouse"), !Boolean.FALSE.equals(m.get("pg")), expect));
            }
            return cases;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static WarehouseSchema schema(String warehouse) {
        try (InputStream in = CompileCasesTest.class.getResourceAsStream("/compile-cases/schema.json")) {
            WarehouseSchema s = SchemaReader.read(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
            return warehouse == null ? s : s.withEnvelope(s.accountId(), s.connector(), warehouse, s.capturedAt());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> compilationCases() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.rule() + ": " + c.name(), () -> {
            ParsedQuery parsed = SqlCompiler.compile(c.sql());
            QueryResolver.Resolution r = QueryResolver.resolve(parsed, schema(c.warehouse()));
            List<Finding> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
            assertThat(errors).as("errors of %s: %s", c.name(), errors).hasSize(c.expect().size());
            Set<Finding> matched = new HashSet<>();
            for (String expected : c.expect()) {
                String[] at = expected.split("@");
                String[] parts = at[0].trim().split("\\s+");
                Finding hit = errors.stream()
                        .filter(f -> !matched.contains(f))
                        .filter(f -> f.code().equals(parts[0]))
                        .filter(f -> parts.length < 2 || parts[1].equals(f.column()))
                        .filter(f -> at.length < 2 || f.line() == Integer.parseInt(at[1].trim()))
                        .findFirst().orElse(null);
                assertThat(hit).as("%s expects %s, got %s", c.name(), expected, errors).isNotNull();
                matched.add(hit);
                assertThat(hit.detail()).as("detail of %s", hit).isNotBlank();
            }
        }));
    }

    @Test
    void thereAreEnoughCasesAndEachNamesItsRule() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        assertThat(cases).allSatisfy(c -> assertThat(c.rule()).isNotBlank());
        assertThat(cases.stream().map(Case::name).distinct().count()).isEqualTo(cases.size());
    }
}
