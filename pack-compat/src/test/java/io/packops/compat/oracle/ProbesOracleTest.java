package io.packops.compat.oracle;

import io.packops.compat.sql.SqlCompiler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The probes of {@code oracle/probes.yaml}: PostgreSQL-dialect queries without expectations, judged by
 * PostgreSQL and pack-compat against {@code compile-cases/schema.json}. They must agree, except where a
 * probe carries a {@code known} mark (a resolver bug, a parser gap, a deliberately narrower type check,
 * or a rule outside pack-compat's problem codes): such a probe is skipped with its reason while the
 * disagreement lasts, and fails once the two agree, so that its mark is removed.
 */
class ProbesOracleTest extends CompileCasesSchemaOracle {

    static final Set<String> MARKS = Set.of("bug", "parser", "by-design", "outside");

    record Probe(String name, String sql, String known, String pg, String why) {
        String label() {
            String text = sql.replaceAll("\\s+", " ");
            return (name != null ? name + ": " : "") + (text.length() > 110 ? text.substring(0, 110) + "…" : text);
        }
    }


    static List<Probe> probes() {
        try (InputStream in = ProbesOracleTest.class.getResourceAsStream("/oracle/probes.yaml")) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Probe> probes = new ArrayList<>();
            for (Object o : (List<?>) doc.get("probes")) {
                Map<?, ?> m = (Map<?, ?>) o;
                probes.add(new Probe((String) m.get("name"), (String) m.get("sql"), (String) m.get("known"),
                        (String) m.get("pg"), (String) m.get("why")));
            }
            return probes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> postgresAndPackCompatAgreeOnEveryProbeButTheMarkedOnes() {
        return probes().stream().map(p -> DynamicTest.dynamicTest(p.label(), () -> {
            OracleComparison cmp = OracleComparison.of(p.label(), SqlCompiler.compile(p.sql()), oracle);
            if (p.known() == null) {
                assertThat(cmp.agrees()).as("PostgreSQL and pack-compat disagree on a probe%n%s", cmp.report()).isTrue();
                return;
            }
            // The mark records what PostgreSQL says; that must stay true.
            assertThat(cmp.pg().ok() ? "ok" : cmp.pg().category()).as("PostgreSQL's verdict on %s%n%s", p.name(), cmp.report())
                    .isEqualTo(p.pg());
            if (cmp.agrees()) {
                fail("%s is marked known: %s (%s) but PostgreSQL and pack-compat agree now: remove the mark in "
                        + "oracle/probes.yaml%n%s", p.name(), p.known(), p.why(), cmp.report());
            }
            abort("known " + p.known() + ": " + p.why() + "\n" + cmp.report());
        }));
    }

    @Test
    void everyMarkedProbeIsNamedAndExplained() {
        List<Probe> probes = probes();
        assertThat(probes).hasSizeGreaterThanOrEqualTo(200);
        assertThat(probes.stream().filter(p -> p.known() != null)).allSatisfy(p -> {
            assertThat(p.known()).isIn(MARKS);
            assertThat(p.name()).isNotBlank();
            assertThat(p.pg()).isNotBlank();
            assertThat(p.why()).isNotBlank();
        });
        assertThat(probes.stream().map(Probe::sql).distinct().count()).isEqualTo(probes.size());
    }
}
