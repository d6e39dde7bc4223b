package io.packops.compat.oracle;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Test classes whose queries run against the compile-cases schema, laid out once per class in the shared PostgreSQL. */
@ExtendWith(EmbeddedPostgresExtension.class)
abstract class CompileCasesSchemaOracle {

    static PostgresOracle oracle;

    @BeforeAll
    static void layOutTheCaseSchema(EmbeddedPostgres postgres) throws Exception {
        oracle = PostgresOracle.create(postgres, SampleData.compileCasesSchema());
    }

    @AfterAll
    static void dropIt() throws Exception {
        if (oracle != null) {
            oracle.close();
            oracle = null;
        }
    }
}
