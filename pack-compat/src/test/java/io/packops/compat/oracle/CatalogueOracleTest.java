package io.packops.compat.oracle;

import io.packops.compat.dialect.Catalogue;
import io.packops.compat.dialect.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue's PostgreSQL column against PostgreSQL 17 itself: a function the catalogue says PostgreSQL has is in
 * {@code pg_proc} (or is one of the SQL-standard special forms the grammar handles), one it says PostgreSQL lacks is
 * not; a cast type it says PostgreSQL has resolves with {@code to_regtype}, one it lacks does not.
 */
@ExtendWith(EmbeddedPostgresExtension.class)
class CatalogueOracleTest {

    /** Function-like keywords of PostgreSQL's grammar: not in pg_proc under this name, yet callable. */
    private static final Set<String> SPECIAL_FORMS = Set.of("coalesce", "nullif", "greatest", "least", "trim");
    /**
     * Names PostgreSQL has for another function: its decode(bytea_text, format) is not the Oracle-style
     * decode(x, search, result, ...) the catalogue means (and its arity, 3 or more, could not match).
     */
    private static final Set<String> OTHER_FUNCTION_OF_THE_SAME_NAME = Set.of("decode");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void server(EmbeddedPostgres server) {
        postgres = server;
    }

    @TestFactory
    Stream<DynamicTest> postgresHasExactlyTheFunctionsAndTypesTheCatalogueSaysItHas() {
        Catalogue catalogue = Catalogue.get();
        List<DynamicTest> tests = new ArrayList<>();
        catalogue.functions().values().stream().filter(f -> f.entry().on(Dialect.POSTGRES) != Catalogue.Availability.UNVERIFIED)
                .filter(f -> !OTHER_FUNCTION_OF_THE_SAME_NAME.contains(f.name()))
                .forEach(f -> tests.add(DynamicTest.dynamicTest("function " + f.name() + ": " + f.entry().on(Dialect.POSTGRES), () -> {
                    boolean has = SPECIAL_FORMS.contains(f.name()) || exists("select exists (select 1 from pg_proc where proname = ?)", f.name());
                    assertThat(has).as("PostgreSQL has %s()", f.name())
                            .isEqualTo(f.entry().on(Dialect.POSTGRES) == Catalogue.Availability.YES);
                })));
        catalogue.types().values().stream().filter(t -> t.on(Dialect.POSTGRES) != Catalogue.Availability.UNVERIFIED)
                .forEach(t -> tests.add(DynamicTest.dynamicTest("type " + t.name() + ": " + t.on(Dialect.POSTGRES), () -> {
                    boolean has = exists("select to_regtype(?) is not null", t.name());
                    assertThat(has).as("PostgreSQL has type %s", t.name())
                            .isEqualTo(t.on(Dialect.POSTGRES) == Catalogue.Availability.YES);
                })));
        return tests.stream();
    }

    private static boolean exists(String sql, String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
