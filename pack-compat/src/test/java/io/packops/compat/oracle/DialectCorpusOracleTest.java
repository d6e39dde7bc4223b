package io.packops.compat.oracle;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.problem.Severity;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import io.packops.compat.sql.dialect.DialectRules;
import io.packops.compat.sql.dialect.UsageScanner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dialect corpus ({@code dialect/corpus.yaml}): each query judged on its warehouse must get the verdict the
 * warehouse's documentation gives (named in the data); every PostgreSQL case is also EXPLAINed by PostgreSQL 17.
 */
class DialectCorpusOracleTest extends CompileCasesSchemaOracle {

    record Case(String on, String doc, String expect, String sql) {
        String label() {
            return on + " [" + doc + "] " + expect + ": " + sql;
        }
    }


    static List<Case> cases() throws IOException {
        try (InputStream in = DialectCorpusOracleTest.class.getResourceAsStream("/dialect/corpus.yaml")) {
            Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            List<Case> out = new ArrayList<>();
            for (Object o : (List<?>) doc.get("cases")) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.add(new Case((String) m.get("warehouse"), (String) m.get("doc"), (String) m.get("expect"), (String) m.get("sql")));
            }
            return out;
        }
    }

    @TestFactory
    Stream<DynamicTest> eachWarehouseGetsTheVerdictItsDocumentationGives() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.label(), () -> {
            Dialect d = Dialect.of(c.on());
            assertThat(d.wireName()).isEqualTo(c.on());
            ParsedQuery q = SqlCompiler.compile(c.sql(), new SqlCompiler.Budget(), d);
            assertThat(q.parsed()).as("parsed: %s", q.findings()).isTrue();
            List<Finding> errors = DialectRules.check(UsageScanner.scan(q), d).stream()
                    .filter(f -> f.severity() == Severity.ERROR).toList();
            if (c.expect().equals("ok")) {
                assertThat(errors).isEmpty();
            } else {
                assertThat(errors).extracting(Finding::code).contains(c.expect());
                assertThat(errors).allSatisfy(f -> {
                    assertThat(f.line()).isPositive();
                    assertThat(f.detail()).contains(d.title()).contains("; use ");
                });
            }
            if (d == Dialect.POSTGRES) {
                OracleComparison cmp = OracleComparison.of(c.label(), q, oracle);
                assertThat(cmp.agrees()).as("PostgreSQL and pack-compat disagree%n%s", cmp.report()).isTrue();
                assertThat(cmp.pg().ok()).as("PostgreSQL's own verdict%n%s", cmp.report()).isEqualTo(c.expect().equals("ok"));
            }
        }));
    }

    @Test
    void everyWarehouseHasAcceptedAndRefusedCases() throws IOException {
        List<Case> cases = cases();
        for (Dialect d : Dialect.ALL) {
            assertThat(cases).filteredOn(c -> c.on().equals(d.wireName()) && c.expect().equals("ok")).isNotEmpty();
            assertThat(cases).filteredOn(c -> c.on().equals(d.wireName()) && !c.expect().equals("ok")).isNotEmpty();
        }
        assertThat(cases).allSatisfy(c -> assertThat(c.doc()).isNotBlank());
    }
}
