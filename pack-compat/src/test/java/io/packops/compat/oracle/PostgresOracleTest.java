package io.packops.compat.oracle;

import io.packops.compat.problem.ProblemCode;
import io.packops.compat.schema.Column;
import io.packops.compat.schema.Relation;
import io.packops.compat.schema.RelationKind;
import io.packops.compat.schema.WarehouseSchema;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.SqlCompiler;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The oracle itself: how it lays a schema out in PostgreSQL, expands queries and classifies errors. */
@ExtendWith(EmbeddedPostgresExtension.class)
class PostgresOracleTest {

    private static EmbeddedPostgres postgres;
    private static PostgresOracle oracle;

    static WarehouseSchema crm() {
        return WarehouseSchema.of(List.of(
                new Relation("account", RelationKind.SOURCE, "salesforce",
                        List.of(Column.of("id", "text"), Column.of("name", "text"))),
                new Relation("account", RelationKind.SOURCE, "salesforce_history",
                        List.of(Column.of("id", "text"), Column.of("_fivetran_start", "timestamp without time zone"))),
                new Relation("opportunity", RelationKind.MODEL, null, List.of(
                        Column.of("id", "text"), Column.of("Stage", "text"), Column.of("amount", "NUMBER(38,2)"),
                        Column.of("count", "INT64"), Column.of("closed_at", "TIMESTAMP_NTZ"),
                        Column.of("note", "STRING"), Column.of("label", "character varying(100)"),
                        Column.of("ids", "bigint[]"), Column.of("score", "FLOAT64"), Column.of("payload", "VARIANT"),
                        Column.of("region", "VARCHAR"), Column.of("mystery", ""))),
                new Relation("loose", RelationKind.SOURCE, null, List.of(Column.of("id", "integer")))));
    }

    @BeforeAll
    static void layOut(EmbeddedPostgres server) throws SQLException {
        postgres = server;
        oracle = PostgresOracle.create(server, crm());
    }

    @AfterAll
    static void drop() throws SQLException {
        oracle.close();
    }

    private static PostgresOracle.Verdict explain(String sql) throws SQLException {
        return oracle.explain(SqlCompiler.compile(sql));
    }

    @Test
    void sourcesWithTheSameTableNameLiveInSchemasNamedAfterTheirSource() throws SQLException {
        ParsedQuery history = SqlCompiler.compile("select _fivetran_start from {{ source('salesforce_history', 'account') }}");
        assertThat(oracle.expand(history)).isEqualTo("select _fivetran_start from \"salesforce_history\".\"account\"");
        assertThat(oracle.explain(history).ok()).isTrue();
        PostgresOracle.Verdict current = explain("select _fivetran_start from {{ source('salesforce', 'account') }}");
        assertThat(current.category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(oracle.expand(SqlCompiler.compile("select 1 from {{ ref('opportunity') }} o")))
                .isEqualTo("select 1 from \"models\".\"opportunity\" o");
        // A source recorded without its source name answers to any source name, as in WarehouseSchema.
        assertThat(oracle.expand(SqlCompiler.compile("select id from {{ source('anything', 'loose') }}")))
                .isEqualTo("select id from \"sources\".\"loose\"");
    }

    @Test
    void missingRelationsKeepTheirNaturalNameSoPostgresMissesThemToo() throws SQLException {
        PostgresOracle.Verdict model = explain("select id from {{ ref('opportunities') }}");
        assertThat(model.category()).isEqualTo(ProblemCode.MISSING_RELATION);
        assertThat(model.message()).isEqualTo("relation \"models.opportunities\" does not exist");
        assertThat(explain("select id from {{ source('hubspot', 'account') }}").category()).isEqualTo(ProblemCode.MISSING_RELATION);
    }

    @Test
    void quotedIdentifiersKeepTheirCase() throws SQLException {
        assertThat(explain("select \"Stage\" from {{ ref('opportunity') }}").ok()).isTrue();
        assertThat(explain("select stage from {{ ref('opportunity') }}").category()).isEqualTo(ProblemCode.MISSING_COLUMN);
    }

    @Test
    void rawTypesAreKeptWherePostgresKnowsThemAndOthersGetATypeOfTheirFamily() throws SQLException {
        assertThat(oracle.columnType("models", "opportunity", "label")).isEqualTo("character varying(100)");
        assertThat(oracle.columnType("models", "opportunity", "ids")).isEqualTo("bigint[]");
        assertThat(oracle.columnType("models", "opportunity", "region")).isEqualTo("character varying");
        assertThat(oracle.columnType("models", "opportunity", "amount")).isEqualTo("numeric");
        assertThat(oracle.columnType("models", "opportunity", "count")).isEqualTo("bigint");
        assertThat(oracle.columnType("models", "opportunity", "closed_at")).isEqualTo("timestamp without time zone");
        assertThat(oracle.columnType("models", "opportunity", "note")).isEqualTo("text");
        assertThat(oracle.columnType("models", "opportunity", "score")).isEqualTo("double precision");
        assertThat(oracle.columnType("models", "opportunity", "payload")).isEqualTo("jsonb");
        assertThat(oracle.columnType("models", "opportunity", "mystery")).isEqualTo("text");
    }

    @Test
    void aColumnOfUnknownTypeIsTrustedAsPackCompatTrustsIt() throws SQLException {
        PostgresOracle.Verdict sum = explain("select sum(mystery) from {{ ref('opportunity') }}");
        assertThat(sum.ok()).isTrue();
        assertThat(sum.note()).contains("unknown-typed columns are numeric");
        assertThat(explain("select id from {{ ref('opportunity') }} where mystery > current_date").ok()).isTrue();
        // Only columns of unknown type get that benefit.
        assertThat(explain("select sum(note) from {{ ref('opportunity') }}").category()).isEqualTo(ProblemCode.TYPE_MISMATCH);
    }

    @Test
    void theErrorLineIsTheLineInTheQuery() throws SQLException {
        PostgresOracle.Verdict v = explain("select id,\n       name\nfrom {{ ref('opportunity') }}\nwhere amount > 1");
        assertThat(v.category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(v.message()).isEqualTo("column \"name\" does not exist");
        assertThat(v.line()).isEqualTo(2);
    }

    @Test
    void onlyOneQueryIsAcceptedAndNothingItDoesLasts() throws SQLException {
        assertThat(explain("delete from {{ ref('opportunity') }}").category()).isEqualTo(ProblemCode.SQL_PARSE_ERROR);
        assertThat(explain("select 1; select 2").category()).isEqualTo(ProblemCode.SQL_PARSE_ERROR);
        assertThat(oracle.explainSql("select 1; drop table models.opportunity").ok()).isFalse();
        assertThat(explain("select id from {{ ref('opportunity') }}").ok()).isTrue();
    }

    @Test
    void aVariantIsAppliedForItsWorkAndRolledBackAfter() throws SQLException {
        WarehouseSchema withoutStage = WarehouseSchema.of(crm().relations().stream()
                .map(r -> r.name().equals("opportunity")
                        ? new Relation(r.name(), r.kind(), r.sourceName(),
                        r.columns().stream().filter(c -> !c.name().equals("Stage")).toList())
                        : r)
                .toList());
        String sql = "select \"Stage\" from {{ ref('opportunity') }}";
        PostgresOracle.Verdict inside = oracle.withVariant(withoutStage, o -> o.explain(SqlCompiler.compile(sql)));
        assertThat(inside.category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(oracle.schema().relations()).hasSize(4);
        assertThat(explain(sql).ok()).isTrue();
    }

    @Test
    void eachSchemaGetsAFreshDatabaseThatIsDroppedOnClose() throws SQLException {
        WarehouseSchema other = WarehouseSchema.of(List.of(
                new Relation("opportunity", RelationKind.MODEL, null, List.of(Column.of("other_id", "integer")))));
        String database;
        try (PostgresOracle second = PostgresOracle.create(postgres, other)) {
            database = second.toString().replaceAll("PostgresOracle\\[(\\w+),.*", "$1");
            assertThat(second.explain(SqlCompiler.compile("select other_id from {{ ref('opportunity') }}")).ok()).isTrue();
            assertThat(explain("select other_id from {{ ref('opportunity') }}").category()).isEqualTo(ProblemCode.MISSING_COLUMN);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_database where datname = '" + database + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void postgresErrorsMapToTheProblemCodesPackCompatWouldUse() {
        assertThat(PostgresOracle.category("42703", "column \"x\" does not exist")).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(PostgresOracle.category("42P01", "relation \"models.x\" does not exist")).isEqualTo(ProblemCode.MISSING_RELATION);
        assertThat(PostgresOracle.category("42P01", "missing FROM-clause entry for table \"q\"")).isEqualTo(ProblemCode.MISSING_RELATION);
        assertThat(PostgresOracle.category("42P01", "invalid reference to FROM-clause entry for table \"orders\""))
                .isEqualTo(ProblemCode.MISSING_RELATION);
        assertThat(PostgresOracle.category("42P10", "ORDER BY position 2 is not in select list")).isEqualTo(ProblemCode.MISSING_COLUMN);
        assertThat(PostgresOracle.category("42P10", "WITH query \"t\" has 1 columns available but 2 columns specified"))
                .isEqualTo("PG_42P10");
        assertThat(PostgresOracle.category("42702", "column reference \"id\" is ambiguous")).isEqualTo(ProblemCode.AMBIGUOUS_COLUMN);
        assertThat(PostgresOracle.category("42883", "function sum(text) does not exist")).isEqualTo(ProblemCode.TYPE_MISMATCH);
        assertThat(PostgresOracle.category("42804", "COALESCE types text and integer cannot be matched")).isEqualTo(ProblemCode.TYPE_MISMATCH);
        assertThat(PostgresOracle.category("42846", "cannot cast type integer to date")).isEqualTo(ProblemCode.TYPE_MISMATCH);
        assertThat(PostgresOracle.category("42601", "syntax error at or near \"from\"")).isEqualTo(ProblemCode.SQL_PARSE_ERROR);
        assertThat(PostgresOracle.category("42601", "each UNION query must have the same number of columns"))
                .isEqualTo(ProblemCode.TYPE_MISMATCH);
        assertThat(PostgresOracle.category("42803", "aggregate functions are not allowed in WHERE")).isEqualTo("PG_42803");
    }
}
