package io.packops.ingest.stats;

import io.packops.ingest.stats.refresh.StatsRefresh;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.packops.ingest.stats.StatsInstallsTest.AMOUNT;
import static io.packops.ingest.stats.StatsInstallsTest.agent;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** Failure groups over StatsInstallsTest's data set, on raw events and after a refresh. */
@QuarkusTest
class StatsFailuresTest {

    @Inject
    DataSource dataSource;
    @Inject
    StatsRefresh refresh;

    @BeforeEach
    void knownDataSet() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
        StatsTestData.reset(dataSource);
        StatsTestData.insert(dataSource, StatsInstallsTest.EVENTS);
    }

    private void refreshIf(boolean refreshed) {
        if (refreshed) {
            refresh.refresh();
        }
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last15MinutesGroupsFailuresByFingerprint(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "15m")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("window", is("15m"))
                .body("type", is("install"))
                .body("groups.size()", is(1))
                .body("groups[0].fingerprint", is("fp-amount"))
                .body("groups[0].count", is(2))
                .body("groups[0].accounts", is(2))
                .body("groups[0].sampleAccounts", contains("acct_2", "acct_1"))
                .body("groups[0].stage", is("compile"))
                .body("groups[0].errorCode", is("SQL_COMPILATION"))
                .body("groups[0].firstSeen", is("2026-03-15T10:21:00Z"))
                .body("groups[0].lastSeen", is("2026-03-15T10:25:00Z"))
                .body("groups[0].sampleMessage", is(AMOUNT))
                .body("groups[0].connectors", contains("stripe"))
                .body("groups[0].packs", contains("stripe-revenue"))
                .body("groups[0].versions.version", contains("1.1.0"))
                .body("groups[0].versions.count", contains(2))
                .body("total.count", is(2))
                .body("total.accounts", is(2))
                .body("total.fingerprints", is(1))
                .body("accountsExact", is(true));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last30DaysSortsByCountThenFingerprintWithFirstAndLastSeen(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "30d")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-amount", "fp-deals", "fp-timeout"))
                .body("groups.count", contains(3, 1, 1))
                .body("groups.accounts", contains(3, 1, 1))
                .body("groups[0].sampleAccounts", contains("acct_2", "acct_1", "acct_9"))
                .body("groups[1].sampleAccounts", contains("acct_5"))
                .body("groups[2].sampleAccounts", contains("acct_6"))
                .body("groups[0].firstSeen", is("2026-03-01T08:00:00Z"))
                .body("groups[0].lastSeen", is("2026-03-15T10:25:00Z"))
                .body("groups[0].sampleMessage", is(AMOUNT))
                .body("groups[0].versions.version", contains("1.1.0", "1.0.0"))
                .body("groups[0].versions.count", contains(2, 1))
                .body("groups[1].stage", is("resolve"))
                .body("groups[1].errorCode", is("MISSING_RELATION"))
                .body("groups[1].sampleMessage", is("relation \"deals\" does not exist"))
                .body("groups[1].connectors", contains("hubspot"))
                .body("groups[2].stage", is("run"))
                .body("groups[2].errorCode", is("TIMEOUT"))
                .body("total.count", is(5))
                .body("total.accounts", is(5))
                .body("total.fingerprints", is(3));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void filtersNarrowTheGroupsAndTheSample(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "30d").queryParam("connector", "hubspot")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-deals"));
        // the newest 1.0.0 failure of fp-amount is the March 1st one, with its own message
        agent().queryParam("window", "30d").queryParam("version", "1.0.0")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-amount", "fp-timeout"))
                .body("groups[0].count", is(1))
                .body("groups[0].lastSeen", is("2026-03-01T08:00:00Z"))
                .body("groups[0].sampleMessage", is("invalid identifier 'AMT'"))
                .body("groups[0].sampleAccounts", contains("acct_9"));
        agent().queryParam("window", "7d").queryParam("warehouse", "snowflake")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-amount", "fp-deals", "fp-timeout"))
                .body("groups.count", contains(2, 1, 1))
                .body("total.count", is(4));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void renderFailuresAreSeparate(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "24h").queryParam("type", "render")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("type", is("render"))
                .body("groups.fingerprint", contains("fp-div"))
                .body("groups[0].stage", is("run"))
                .body("groups[0].sampleMessage", is("division by zero"))
                .body("total.count", is(1));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void pagesOfFingerprints(boolean refreshed) {
        refreshIf(refreshed);
        String cursor = agent().queryParam("window", "30d").queryParam("limit", "2")
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-amount", "fp-deals"))
                .body("total.fingerprints", is(3))
                .extract().path("nextCursor");
        agent().queryParam("window", "30d").queryParam("limit", "2").queryParam("cursor", cursor)
                .when().get("/v1/stats/failures")
                .then().statusCode(200)
                .body("groups.fingerprint", contains("fp-timeout"))
                .body("nextCursor", is((Object) null));
    }

    @ParameterizedTest(name = "window={0}")
    @ValueSource(strings = {"1h", "24h", "7d"})
    void sampleAccountsAreTheTenMostRecentlyFailingOnes(String window) {
        // 15 accounts fail with one fingerprint in the last hour, one of them twice
        List<StatsTestData.Event> many = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            many.add(StatsTestData.install(StatsTestData.NOW.minus(Duration.ofMinutes(50 - i)), "acct_m" + (100 + i),
                    "stripe-revenue", "1.1.0", "snowflake").failed("compile", "SQL_COMPILATION", AMOUNT, "fp-many"));
        }
        many.add(StatsTestData.install(StatsTestData.NOW.minus(Duration.ofMinutes(1)), "acct_m103",
                "stripe-revenue", "1.1.0", "snowflake").failed("compile", "SQL_COMPILATION", AMOUNT, "fp-many"));
        StatsTestData.insert(dataSource, many);
        for (boolean refreshed : new boolean[] {false, true}) {
            refreshIf(refreshed);
            agent().queryParam("window", window)
                    .when().get("/v1/stats/failures")
                    .then().statusCode(200)
                    .body("groups[0].fingerprint", is("fp-many"))
                    .body("groups[0].count", is(16))
                    .body("groups[0].accounts", is(15))
                    .body("groups[0].sampleAccounts", contains("acct_m103", "acct_m114", "acct_m113", "acct_m112",
                            "acct_m111", "acct_m110", "acct_m109", "acct_m108", "acct_m107", "acct_m106"));
        }
    }
}
