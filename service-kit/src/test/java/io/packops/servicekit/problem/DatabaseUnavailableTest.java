package io.packops.servicekit.problem;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL down or restarting is a 503 with Retry-After, never a 500 (system-tests' DatabaseRestartIT end to end):
 * which failures count as "down", once for every service (they were three copies of this test).
 */
class DatabaseUnavailableTest {

    @Test
    void connectionFailuresUnderTheRepositoryAreUnavailable() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("could not read the alert",
                new PSQLException("Connection to 127.0.0.1:5432 refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                        new ConnectException("Connection refused"))))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("x",
                new PSQLException("This connection has been closed.", PSQLState.CONNECTION_DOES_NOT_EXIST)))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new RuntimeException(new SQLException("Sorry, acquisition timeout!")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("x", new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("canceling statement due to statement timeout", "57014"))).isFalse();
    }

    @Test
    void theMapperAnswers503ProblemWithRetryAfter() {
        Response r = new ProblemMappers().unexpected(new IllegalStateException("could not read the alert",
                new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        assertThat(r.getStatus()).isEqualTo(503);
        assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(r.getMediaType().toString()).isEqualTo(Problem.MEDIA_TYPE);
        assertThat(((Problem) r.getEntity()).detail()).contains("database is unavailable");

        assertThat(new ProblemMappers().unexpected(new IllegalStateException("bug")).getStatus()).isEqualTo(500);
    }
}
