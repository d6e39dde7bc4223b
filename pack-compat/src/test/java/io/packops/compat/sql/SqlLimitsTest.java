package io.packops.compat.sql;

import io.packops.compat.TestManifests;
import io.packops.compat.check.CompatChecker;
import io.packops.compat.check.CompatReport;
import io.packops.compat.check.Problem;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.manifest.ManifestReader;
import io.packops.compat.manifest.ManifestResult;
import io.packops.compat.schema.SchemaReader;
import io.packops.compat.schema.WarehouseSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Queries that once kept JSqlParser busy for minutes or forever (found by hand and by the fuzzers), and the
 * bounds that now stop them: each must be answered quickly with a SQL_PARSE_ERROR that says what to simplify.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SqlLimitsTest {

    private static final WarehouseSchema SCHEMA = SchemaReader.read(
            "{\"relations\": [{\"name\": \"m\", \"kind\": \"model\", \"columns\": [{\"name\": \"id\", \"type\": \"int\"}]}]}");

    @Test
    void tenThousandNestedParenthesesAreRefusedBeforeParsing() {
        // 17 levels used to make the simple grammar give up and the full one never finish
        long t0 = System.nanoTime();
        ParsedQuery q = SqlCompiler.compile("select " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " as x from t");
        assertThat(elapsedMillis(t0)).isLessThan(500);
        assertThat(q.parsed()).isFalse();
        assertThat(q.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ProblemCode.SQL_PARSE_ERROR);
            assertThat(f.detail()).contains("nests parentheses 10000 levels deep; at most 16");
        });
    }

    @Test
    void sixteenLevelsOfParenthesesStillParse() {
        ParsedQuery q = SqlCompiler.compile("select " + "(".repeat(16) + "1" + ")".repeat(16) + " as x from t");
        assertThat(q.findings()).isEmpty();
        assertThat(q.parsed()).isTrue();
    }

    @Test
    void deeplyNestedExpressionSubqueriesAreRefused() {
        // each level of (select (select …)) or in (select … in (select …)) tripled the simple grammar's time
        ParsedQuery q = SqlCompiler.compile("select 1 from t where a in " + "(select a from t where a in ".repeat(12)
                + "(1)" + ")".repeat(12));
        assertThat(q.parsed()).isFalse();
        assertThat(q.findings().get(0).detail()).contains("nests subqueries 12 levels deep; at most 4");
    }

    @Test
    void derivedTablesAndCtesDoNotCountAsNestedSubqueries() {
        String nestedFrom = "select * from " + "(select * from ".repeat(8) + "t" + ") x".repeat(8);
        assertThat(SqlCompiler.compile(nestedFrom).findings()).isEmpty();
        String ctes = "with a as (select 1 as v), b as (select v from a), c as (select v from b) select v from c";
        assertThat(SqlCompiler.compile(ctes).findings()).isEmpty();
    }

    @Test
    void aSyntaxErrorDeepInParenthesesIsReportedAtOnce() {
        // JavaCC's error report re-ran every lookahead of the failed parse: minutes for this one
        long t0 = System.nanoTime();
        ParsedQuery q = SqlCompiler.compile("select " + "(".repeat(15) + "1 +" + ")".repeat(15) + " as x from t");
        assertThat(elapsedMillis(t0)).isLessThan(2_000);
        assertThat(q.findings()).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("syntax error at or near '+'"));
    }

    @Test
    void aRunOfOperatorsThatTheParserHandlesExponentiallyIsStoppedByTime() {
        // found by CompatCheckerFuzzTest: 17 of these took seconds, the fuzzer's 80 would never end
        String sql = "select current_date - " + "interval - ".repeat(80) + "interval '30 days' as x from t";
        long t0 = System.nanoTime();
        ParsedQuery q = SqlCompiler.compile(sql);
        assertThat(elapsedMillis(t0)).isBetween(SqlCompiler.QUERY_PARSE_MILLIS - 100, SqlCompiler.QUERY_PARSE_MILLIS + 2_000);
        assertThat(q.findings()).singleElement().satisfies(f -> assertThat(f.detail()).startsWith("the SQL took over 3 s to parse"));
        // and the parser is free again
        assertThat(SqlCompiler.compile("select 1 as x from t").parsed()).isTrue();
    }

    @Test
    void aPackOfSlowQueriesStopsAtItsParseBudget() {
        StringBuilder yaml = new StringBuilder(header());
        for (int t = 0; t < 6; t++) {
            yaml.append("      - {id: t").append(t).append(", title: T, sql: \"select current_date - ")
                    .append("interval - ".repeat(60)).append("interval '1 day' as x from {{ ref('m') }}\"}\n");
        }
        ManifestResult manifest = ManifestReader.read(yaml.toString());
        long t0 = System.nanoTime();
        CompatReport report = new CompatChecker().check(manifest.pack(), SCHEMA);
        assertThat(elapsedMillis(t0)).isLessThan(SqlCompiler.PACK_PARSE_MILLIS + 3_000);
        assertThat(report.problems()).hasSize(6).allMatch(p -> p.code().equals(ProblemCode.SQL_PARSE_ERROR));
        assertThat(report.problems().stream().map(Problem::detail).filter(d -> d.contains("this pack's queries took over 10 s")))
                .isNotEmpty();
    }

    @Test
    void aMegabyteOfSqlIsRejectedByTheManifestReaderWithoutParsing() {
        String sql = "select " + "id, ".repeat(250_000) + "id from {{ ref('m') }}";
        long t0 = System.nanoTime();
        ManifestResult result = ManifestReader.read(header() + "      - id: t\n        title: T\n        sql: \"" + sql + "\"\n");
        assertThat(elapsedMillis(t0)).isLessThan(3_000);
        assertThat(result.pack()).isNull();
        assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("the SQL is too long: 1000029 characters, at most 100000"));
    }

    @Test
    void aPackIsBoundedInQueriesAndInSqlAltogether() {
        StringBuilder yaml = new StringBuilder(header());
        String sql = "select id from {{ ref('m') }} where " + "id = 1 or ".repeat(9_900);
        for (int t = 0; t < 4; t++) {
            yaml.append("      - {id: t").append(t).append(", title: T, sql: \"").append(sql).append("id = 2\"}\n");
        }
        ManifestResult result = ManifestReader.read(yaml.toString());
        assertThat(result.errors()).anySatisfy(e -> {
            assertThat(e.path()).isEqualTo("dashboards[0].tiles[3].sql");
            assertThat(e.message()).contains("the pack's SQL is too long in all: over 300000 characters");
        });
    }

    @Test
    void aLongButLegalQueryIsCheckedWithinSeconds() {
        String sql = "select id from {{ ref('m') }} where id in (" + "1, ".repeat(30_000) + "2)";
        ManifestResult result = ManifestReader.read(header() + "      - id: t\n        title: T\n        sql: \"" + sql + "\"\n");
        long t0 = System.nanoTime();
        CompatReport report = new CompatChecker().check(result.pack(), SCHEMA);
        long millis = elapsedMillis(t0);
        System.out.println("a 90,000-character IN list: checked in " + millis + " ms");
        assertThat(millis).isLessThan(SqlCompiler.QUERY_PARSE_MILLIS + 1_000);
        assertThat(report.problems()).allMatch(p -> !p.isError() || p.code().equals(ProblemCode.SQL_PARSE_ERROR));
    }

    private static String header() {
        return TestManifests.oneDashboard("limits");
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
