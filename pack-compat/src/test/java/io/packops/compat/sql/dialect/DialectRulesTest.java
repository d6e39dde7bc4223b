package io.packops.compat.sql.dialect;

import io.packops.compat.dialect.Catalogue;
import io.packops.compat.dialect.Dialect;
import io.packops.compat.dialect.SyntaxFeature;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.problem.Severity;
import io.packops.compat.sql.Finding;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every catalogue entry on every warehouse: accepted where it exists, refused (an error naming it, the warehouse
 * and a fix) where it does not, a warning where it is unverified. Plus dbt macros on all five warehouses.
 */
class DialectRulesTest {

    private static final Catalogue CATALOGUE = Catalogue.get();

    @TestFactory
    Stream<DynamicTest> everyFunctionTypeAndFeatureIsJudgedAsTheCatalogueSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Dialect d : Dialect.ALL) {
            CATALOGUE.functions().values().forEach(fn -> tests.add(DynamicTest.dynamicTest(d + " function " + fn.name(), () ->
                    expect(fn.entry(), d, ProblemCode.UNSUPPORTED_FUNCTION, new SqlUsage(
                            List.of(new SqlUsage.Call(fn.name(), 3, fn.minArgs(), false, false, false)), List.of(), List.of())))));
            CATALOGUE.types().values().forEach(t -> tests.add(DynamicTest.dynamicTest(d + " type " + t.name(), () ->
                    expect(t, d, ProblemCode.UNSUPPORTED_TYPE, new SqlUsage(List.of(),
                            List.of(new SqlUsage.TypeUse(t.name(), 3)), List.of())))));
            for (SyntaxFeature f : SyntaxFeature.values()) {
                tests.add(DynamicTest.dynamicTest(d + " syntax " + f, () -> expect(CATALOGUE.syntax(f), d,
                        ProblemCode.UNSUPPORTED_SYNTAX, new SqlUsage(List.of(), List.of(), List.of(new SqlUsage.FeatureUse(f, 3))))));
            }
        }
        return tests.stream();
    }

    private static void expect(Catalogue.Entry entry, Dialect d, String code, SqlUsage usage) {
        List<Finding> findings = DialectRules.check(usage, d);
        switch (entry.on(d)) {
            case YES -> assertThat(findings).isEmpty();
            case NO -> assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.code()).isEqualTo(code);
                assertThat(f.line()).isEqualTo(3);
                assertThat(f.detail()).contains(d.title()).contains("does not exist").contains("; use ");
            });
            case UNVERIFIED -> assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.severity()).isEqualTo(Severity.WARNING);
                assertThat(f.code()).isEqualTo(ProblemCode.UNVERIFIED_DIALECT);
            });
        }
    }

    @Test
    void everyEntryIsDecidedSomewhereAndTheCatalogueCoversTheFiveWarehouses() {
        for (Dialect d : Dialect.ALL) {
            long functions = CATALOGUE.functions().values().stream().filter(f -> f.entry().on(d) != Catalogue.Availability.UNVERIFIED).count();
            assertThat(functions).as("functions decided on %s", d).isGreaterThan(150);
        }
        assertThat(CATALOGUE.syntaxFeatures()).hasSize(SyntaxFeature.values().length);
    }

    @Test
    void aFunctionTheCatalogueDoesNotKnowIsAWarningNotSilence() {
        ParsedQuery q = SqlCompiler.compile("select\n  my_udf(a) as x from t", new SqlCompiler.Budget(), Dialect.SNOWFLAKE);
        List<Finding> findings = DialectRules.check(UsageScanner.scan(q), Dialect.SNOWFLAKE);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.code()).isEqualTo(ProblemCode.UNKNOWN_FUNCTION);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.detail()).contains("my_udf()");
        });
    }

    @Test
    void bigQueryDateTruncTakesThePartLastAndUnquoted() {
        assertThat(errors("select date_trunc(order_date, month) from t", Dialect.BIGQUERY)).isEmpty();
        assertThat(errors("select date_trunc('month', order_date) from t", Dialect.BIGQUERY))
                .extracting(Finding::code).containsExactly(ProblemCode.FUNCTION_SIGNATURE);
        assertThat(errors("select date_trunc(order_date, 'month') from t", Dialect.BIGQUERY))
                .extracting(Finding::code).containsExactly(ProblemCode.FUNCTION_SIGNATURE);
        assertThat(errors("select date_trunc('month', order_date) from t", Dialect.SNOWFLAKE)).isEmpty();
        assertThat(errors("select date_trunc(order_date, month) from t", Dialect.POSTGRES))
                .extracting(Finding::code).containsExactly(ProblemCode.FUNCTION_SIGNATURE);
    }

    @Test
    void errorsCarryTheLineOfTheCall() {
        List<Finding> errors = errors("select a,\n       b,\n       iff(c, 1, 0) as d\nfrom t", Dialect.BIGQUERY);
        assertThat(errors).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(3);
            assertThat(f.detail()).isEqualTo("function iff() does not exist on BigQuery (it does on snowflake, databricks);"
                    + " use case when <c> then <a> else <b> end");
        });
    }

    @TestFactory
    Stream<DynamicTest> dbtMacrosExpandToSqlEachWarehouseSpeaks() {
        List<String> macros = List.of(
                "{{ dbt.date_trunc('month', 'created_at') }}",
                "{{ dbt.dateadd('day', -7, 'created_at') }}",
                "{{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'current_date')) }}",
                "{{ dbt.datediff('created_at', 'current_date', 'day') }}",
                "{{ dbt.datediff('created_at', 'current_date', 'month') }}",
                "{{ dbt.last_day('created_at', 'month') }}",
                "{{ dbt.safe_cast('amount', dbt.type_numeric()) }}",
                "{{ dbt.cast('id', dbt.type_string()) }}",
                "{{ dbt.concat(['status', \"'-'\", 'id']) }}",
                "{{ dbt.hash('id') }}",
                "{{ dbt.bool_or('is_test') }}",
                "{{ dbt.listagg('status', \"','\") }}",
                "{{ dbt.position(\"'a'\", 'status') }}",
                "{{ dbt.split_part('status', \"'_'\", 1) }}",
                "{{ dbt.any_value('status') }}",
                "{{ dbt.replace('status', \"'a'\", \"'b'\") }}",
                "{{ dbt.length('status') }}",
                "{{ dbt.right('status', 2) }}",
                "{{ dbt.current_timestamp() }}",
                "{{ dbt_utils.safe_divide('amount', 'id') }}",
                "{{ dbt_utils.generate_surrogate_key(['id', 'status']) }}",
                "{{ fivetran_utils.timestamp_add('day', 3, 'created_at') }}",
                "{{ fivetran_utils.timestamp_diff('created_at', 'current_date', 'day') }}",
                "{{ fivetran_utils.string_agg('status', \"','\") }}");
        List<DynamicTest> tests = new ArrayList<>();
        for (String macro : macros) {
            for (Dialect d : Dialect.ALL) {
                tests.add(DynamicTest.dynamicTest(d + " " + macro, () -> {
                    ParsedQuery q = SqlCompiler.compile("select\n  " + macro + " as x,\n  id\nfrom t group by id",
                            new SqlCompiler.Budget(), d);
                    assertThat(q.parsed()).as("%s expanded to: %s; %s", macro, q.expanded().sql(), q.findings()).isTrue();
                    assertThat(q.expanded().macros()).isTrue();
                    assertThat(q.expanded().sql().lines().count()).isEqualTo(4);
                    // the SQL a macro expands to is all in the catalogue for that warehouse: no error, no warning
                    assertThat(DialectRules.check(UsageScanner.scan(q), d)).as(q.expanded().sql()).isEmpty();
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void anUnknownMacroStaysAnUnsupportedTemplate() {
        ParsedQuery q = SqlCompiler.compile("select\n  {{ dbt.no_such_macro('a') }} as x from t");
        assertThat(q.parsed()).isFalse();
        assertThat(q.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ProblemCode.UNSUPPORTED_TEMPLATE);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.detail()).contains("unsupported macro dbt.no_such_macro()");
        });
    }

    private static List<Finding> errors(String sql, Dialect d) {
        ParsedQuery q = SqlCompiler.compile(sql, new SqlCompiler.Budget(), d);
        assertThat(q.parsed()).as("%s", q.findings()).isTrue();
        return DialectRules.check(UsageScanner.scan(q), d).stream().filter(f -> f.severity() == Severity.ERROR).toList();
    }
}
