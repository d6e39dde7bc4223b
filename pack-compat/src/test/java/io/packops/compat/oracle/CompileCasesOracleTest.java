package io.packops.compat.oracle;

import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The focused compile cases of {@code compile-cases/cases.yaml}, judged by PostgreSQL too: every
 * PostgreSQL-dialect case is explained against {@code compile-cases/schema.json} laid out as empty
 * tables, and PostgreSQL's verdict must agree with pack-compat's (see {@link OracleComparison}).
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CompileCasesOracleTest {

    /**
     * Cases where PostgreSQL and pack-compat disagree because of a resolver bug, by case name, with
     * the bug. Each is skipped (aborted, with its reason) while it still disagrees; once the resolver
     * is fixed the case agrees and this test fails until its entry is removed here.
     */
    static final Map<String, String> KNOWN_RESOLVER_BUGS = Map.of();

    private static PostgresOracle oracle;
    private static final AtomicInteger compared = new AtomicInteger();
    private static final AtomicInteger agreed = new AtomicInteger();

    @BeforeAll
    static void layOutTheCaseSchema(EmbeddedPostgres postgres) throws Exception {
        oracle = PostgresOracle.create(postgres, SampleData.compileCasesSchema());
    }

    @AfterAll
    static void dropIt() throws Exception {
        System.out.printf("PostgreSQL oracle, compile cases: %d compared, %d agree, %d known resolver bugs%n",
                compared.get(), agreed.get(), compared.get() - agreed.get());
        if (oracle != null) {
            oracle.close();
        }
    }

    static List<SampleData.CompileCase> postgresCases() {
        return SampleData.compileCases().stream().filter(SampleData.CompileCase::postgresDialect).toList();
    }

    @TestFactory
    Stream<DynamicTest> postgresAndPackCompatGiveTheSameVerdictOnEveryPostgresDialectCase() {
        return postgresCases().stream().map(c -> DynamicTest.dynamicTest(c.rule() + ": " + c.name(), () -> {
            ParsedQuery parsed = SqlCompiler.compile(c.sql());
            assertThat(parsed.expanded().issues()).as("template issues of %s", c.name()).isEmpty();
            OracleComparison cmp = OracleComparison.of(c.name(), parsed, oracle);
            compared.incrementAndGet();
            String bug = KNOWN_RESOLVER_BUGS.get(c.name());
            if (bug != null) {
                if (cmp.agrees()) {
                    fail("%s is listed as a known resolver bug (%s) but PostgreSQL and pack-compat agree now: "
                            + "remove it from KNOWN_RESOLVER_BUGS%n%s", c.name(), bug, cmp.report());
                }
                abort("known resolver bug: " + bug + "\n" + cmp.report());
            }
            assertThat(cmp.agrees()).as("PostgreSQL and pack-compat disagree on a compile case%n%s", cmp.report()).isTrue();
            agreed.incrementAndGet();
        }));
    }

    @Test
    void mostCasesArePostgresDialectAndAllOfThemAreCompared() {
        List<SampleData.CompileCase> all = SampleData.compileCases();
        List<SampleData.CompileCase> pg = postgresCases();
        assertThat(pg.size()).as("PostgreSQL-dialect cases of %d", all.size()).isGreaterThanOrEqualTo(120);
        // Both verdicts occur, so agreement is not trivially "everything passes".
        assertThat(pg).anyMatch(c -> c.expect().isEmpty()).anyMatch(c -> !c.expect().isEmpty());
    }
}
