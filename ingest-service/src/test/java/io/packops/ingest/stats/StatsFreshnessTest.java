package io.packops.ingest.stats;

import io.packops.ingest.stats.refresh.StatsRefresh;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static io.packops.ingest.stats.StatsInstallsTest.agent;
import static io.packops.ingest.stats.StatsTestData.install;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Freshness, and what every endpoint says when there is no data at all. */
@QuarkusTest
class StatsFreshnessTest {

    @Inject
    DataSource dataSource;
    @Inject
    StatsRefresh refresh;

    @BeforeEach
    void noData() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
        StatsTestData.reset(dataSource);
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void newestEventOverallAndPerConnectorByOccurrenceAndReceipt(boolean refreshed) {
        StatsTestData.insert(dataSource, StatsInstallsTest.EVENTS);
        // a producer replaying an old event: received now, occurred days ago
        StatsTestData.insert(dataSource, List.of(install("2026-03-12T09:00:00Z", "acct_7", "zendesk-tickets", "1.0.0", "snowflake")
                .receivedAt(Instant.parse("2026-03-15T10:29:30Z"))));
        if (refreshed) {
            refresh.refresh();
        }
        agent().when().get("/v1/stats/freshness")
                .then().statusCode(200)
                .body("asOf", is("2026-03-15T10:30:00Z"))
                // event 16 claims to have happened a minute from now (producer clock skew)
                .body("newestEventAt", is("2026-03-15T10:31:00Z"))
                .body("newestReceivedAt", is("2026-03-15T10:31:02Z"))
                .body("connectors.connector", contains("hubspot", "stripe", "zendesk"))
                .body("connectors.newestEventAt", contains("2026-03-15T10:29:59Z", "2026-03-15T10:31:00Z", "2026-03-15T09:29:59Z"))
                .body("connectors.newestReceivedAt", contains("2026-03-15T10:30:01Z", "2026-03-15T10:31:02Z", "2026-03-15T10:29:30Z"))
                // installs and renders in [now - 24h, now)
                .body("connectors.events24h", contains(3, 10, 1));
    }

    @Test
    void emptyDataGivesZeroCountsNullRatesAndNoFreshness() {
        agent().queryParam("window", "24h").queryParam("groupBy", "connector,pack")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups", empty())
                .body("total.attempts", is(0))
                .body("total.succeeded", is(0))
                .body("total.failed", is(0))
                .body("total.successRate", nullValue())
                .body("total.accounts", is(0))
                .body("nextCursor", nullValue());
        agent().queryParam("window", "15m")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups", empty())
                .body("total.successRate", nullValue());
        agent().queryParam("window", "7d")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups", empty())
                .body("total.count", is(0))
                .body("total.accounts", is(0))
                .body("total.fingerprints", is(0));
        agent().when().get("/v1/stats/freshness")
                .then().statusCode(200)
                .body("newestEventAt", nullValue())
                .body("newestReceivedAt", nullValue())
                .body("connectors", empty());
        refresh.refresh();
        agent().queryParam("window", "30d")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(0))
                .body("total.successRate", nullValue());
    }

    @Test
    void aGroupWithOnlyFailuresHasRateZero() {
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-15T10:00:00Z", "acct_1", "stripe-revenue", "1.2.0", "snowflake")
                        .failed("compile", "SQL_COMPILATION", "boom", "fp-boom")));
        agent().queryParam("window", "1h").queryParam("groupBy", "version")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups[0].successRate", closeTo(0.0, 1e-9))
                .body("total.failed", is(1));
    }
}
