package io.packops.ingest.stats;

import io.packops.ingest.stats.refresh.StatsRefresh;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.List;

import static io.packops.ingest.stats.StatsTestData.install;
import static io.packops.ingest.stats.StatsTestData.render;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Install and render stats over a small hand-made data set (NOW = 2026-03-15T10:30Z), each expectation
 * counted by hand. Parameterized tests run once on raw events only and once after the rollups were
 * refreshed: the counts must not change.
 */
@QuarkusTest
class StatsInstallsTest {

    static final RestAssuredConfig DOUBLES = RestAssured.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    static final String AMOUNT = "invalid identifier 'AMOUNT'";

    /** The data set; numbers in comments are referred to by the expectations below. */
    static final List<StatsTestData.Event> EVENTS = List.of(
            // last 15 minutes: [10:15, 10:30)
            install("2026-03-15T10:20:00Z", "acct_1", "stripe-revenue", "1.1.0", "snowflake"),                          // 1
            install("2026-03-15T10:21:00Z", "acct_1", "stripe-revenue", "1.1.0", "snowflake")
                    .failed("compile", "SQL_COMPILATION", AMOUNT, "fp-amount"),                                           // 2
            install("2026-03-15T10:25:00Z", "acct_2", "stripe-revenue", "1.1.0", "snowflake")
                    .failed("compile", "SQL_COMPILATION", AMOUNT, "fp-amount"),                                           // 3
            install("2026-03-15T10:29:59Z", "acct_3", "hubspot-pipeline", "2.0.0", "bigquery"),                         // 4
            // rest of the last hour: [09:30, 10:15)
            install("2026-03-15T09:45:00Z", "acct_4", "stripe-revenue", "1.0.0", "bigquery"),                           // 5
            install("2026-03-15T09:50:00Z", "acct_4", "stripe-revenue", "1.0.0", "bigquery"),                           // 6
            install("2026-03-15T10:14:59Z", "acct_2", "stripe-revenue", "1.1.0", "bigquery"),                           // 7
            // rest of the last 24 hours
            install("2026-03-15T09:29:59Z", "acct_7", "zendesk-tickets", "1.0.0", "snowflake"),                         // 8
            install("2026-03-14T20:10:00Z", "acct_5", "hubspot-pipeline", "2.0.0", "snowflake")
                    .failed("resolve", "MISSING_RELATION", "relation \"deals\" does not exist", "fp-deals"),             // 9
            install("2026-03-15T02:00:00Z", "acct_1", "stripe-revenue", "1.1.0", "snowflake"),                          // 10
            // rest of the last 7 days
            install("2026-03-10T12:00:00Z", "acct_6", "stripe-revenue", "1.0.0", "snowflake")
                    .failed("run", "TIMEOUT", "query timed out after 300 s", "fp-timeout"),                               // 11
            install("2026-03-10T12:05:00Z", "acct_6", "stripe-revenue", "1.0.0", "snowflake"),                          // 12
            install("2026-03-14T10:29:59Z", "acct_8", "stripe-revenue", "1.0.0", null),                                 // 13
            // rest of the last 30 days
            install("2026-03-01T08:00:00Z", "acct_9", "stripe-revenue", "1.0.0", "snowflake")
                    .failed("compile", "SQL_COMPILATION", "invalid identifier 'AMT'", "fp-amount"),                       // 14
            // outside every window: older than 30 days, and after NOW
            install("2026-02-10T00:00:00Z", "acct_10", "stripe-revenue", "0.9.0", "snowflake"),                         // 15
            install("2026-03-15T10:31:00Z", "acct_11", "stripe-revenue", "1.1.0", "snowflake"),                         // 16
            // render events count separately
            render("2026-03-15T10:10:00Z", "acct_1", "stripe-revenue", "1.1.0", "snowflake", "revenue", "gross_volume"), // 17
            render("2026-03-15T10:11:00Z", "acct_1", "stripe-revenue", "1.1.0", "snowflake", "revenue", "gross_volume"), // 18
            render("2026-03-15T10:12:00Z", "acct_2", "stripe-revenue", "1.1.0", "snowflake", "revenue", "mrr")
                    .failed("run", "SQL_ERROR", "division by zero", "fp-div"),                                            // 19
            render("2026-03-14T12:00:00Z", "acct_3", "hubspot-pipeline", "2.0.0", "bigquery", "pipeline", "deals_by_stage")); // 20

    @Inject
    DataSource dataSource;
    @Inject
    StatsRefresh refresh;

    @BeforeEach
    void knownDataSet() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
        StatsTestData.reset(dataSource);
        StatsTestData.insert(dataSource, EVENTS);
    }

    static RequestSpecification agent() {
        return RestAssured.given().config(DOUBLES).auth().oauth2("test-agent");
    }

    private void refreshIf(boolean refreshed) {
        if (refreshed) {
            refresh.refresh();
        }
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last15MinutesCountsOnlyInstallsInsideTheWindow(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "15m")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("window", is("15m"))
                .body("from", is("2026-03-15T10:15:00Z"))
                .body("to", is("2026-03-15T10:30:00Z"))
                .body("type", is("install"))
                .body("groupBy", empty())
                .body("groups.size()", is(1))
                .body("total.attempts", is(4))
                .body("total.succeeded", is(2))
                .body("total.failed", is(2))
                .body("total.successRate", closeTo(0.5, 1e-9))
                .body("total.accounts", is(3))
                .body("accountsExact", is(true))
                .body("nextCursor", nullValue());
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void groupByConnectorPackVersionPutsTheMostFailingGroupFirst(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "15m").queryParam("groupBy", "connector,pack,version")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groupBy", contains("connector", "pack", "version"))
                .body("groups.size()", is(2))
                .body("groups[0].connector", is("stripe"))
                .body("groups[0].pack", is("stripe-revenue"))
                .body("groups[0].version", is("1.1.0"))
                .body("groups[0].attempts", is(3))
                .body("groups[0].succeeded", is(1))
                .body("groups[0].failed", is(2))
                .body("groups[0].successRate", closeTo(1 / 3.0, 1e-9))
                .body("groups[0].accounts", is(2))
                .body("groups[0]", not(hasKey("warehouse")))
                .body("groups[1].connector", is("hubspot"))
                .body("groups[1].version", is("2.0.0"))
                .body("groups[1].attempts", is(1))
                .body("groups[1].successRate", closeTo(1.0, 1e-9))
                .body("groups[1].accounts", is(1));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void lastHourCountsAnAccountOnceHoweverManyInstalls(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "1h").queryParam("groupBy", "pack,version")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(7))
                .body("total.succeeded", is(5))
                .body("total.failed", is(2))
                .body("total.accounts", is(4))
                .body("groups.pack", contains("stripe-revenue", "stripe-revenue", "hubspot-pipeline"))
                .body("groups.version", contains("1.1.0", "1.0.0", "2.0.0"))
                .body("groups.attempts", contains(4, 2, 1))
                .body("groups.failed", contains(2, 0, 0))
                .body("groups.accounts", contains(2, 1, 1))
                .body("groups[0]", not(hasKey("connector")));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void groupByWarehouseAloneOverTheLastHour(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "60m").queryParam("groupBy", "warehouse")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups.warehouse", contains("snowflake", "bigquery"))
                .body("groups.attempts", contains(3, 4))
                .body("groups.succeeded", contains(1, 4))
                .body("groups.failed", contains(2, 0))
                .body("groups.accounts", contains(2, 3));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last24HoursByConnector(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "24h").queryParam("groupBy", "connector")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("from", is("2026-03-14T10:30:00Z"))
                .body("total.attempts", is(10))
                .body("total.succeeded", is(7))
                .body("total.failed", is(3))
                .body("total.successRate", closeTo(0.7, 1e-9))
                .body("total.accounts", is(6))
                .body("groups.connector", contains("stripe", "hubspot", "zendesk"))
                .body("groups.attempts", contains(7, 2, 1))
                .body("groups.succeeded", contains(5, 1, 1))
                .body("groups.failed", contains(2, 1, 0))
                .body("groups.accounts", contains(3, 2, 1))
                // a rollup sketch is only read once the refresh has run
                .body("accountsExact", is(!refreshed));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last7DaysByWarehouseKeepsTheGroupWithoutWarehouse(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "7d").queryParam("groupBy", "warehouse")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(13))
                .body("total.succeeded", is(9))
                .body("total.failed", is(4))
                .body("total.accounts", is(8))
                .body("groups.size()", is(3))
                .body("groups[0].warehouse", is("snowflake"))
                .body("groups[0].attempts", is(8))
                .body("groups[0].failed", is(4))
                .body("groups[0].accounts", is(5))
                .body("groups[1].warehouse", is("bigquery"))
                .body("groups[1].attempts", is(4))
                .body("groups[1].accounts", is(3))
                .body("groups[2]", hasKey("warehouse"))
                .body("groups[2].warehouse", nullValue())
                .body("groups[2].attempts", is(1));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void last30DaysWithFilters(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "30d")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(14))
                .body("total.succeeded", is(9))
                .body("total.failed", is(5))
                .body("total.accounts", is(9));
        // 1.0.0 of two packs: stripe-revenue and zendesk-tickets
        agent().queryParam("window", "30d").queryParam("version", "1.0.0")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(7))
                .body("total.succeeded", is(5))
                .body("total.failed", is(2))
                .body("total.accounts", is(5));
        agent().queryParam("window", "30d").queryParam("connector", "stripe").queryParam("warehouse", "snowflake")
                .queryParam("pack", "stripe-revenue").queryParam("groupBy", "version")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(7))
                .body("total.succeeded", is(3))
                .body("total.failed", is(4))
                .body("total.accounts", is(4))
                // as many failures each: more attempts first
                .body("groups.version", contains("1.1.0", "1.0.0"))
                .body("groups.attempts", contains(4, 3))
                .body("groups.failed", contains(2, 2));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void renderStatsGroupByDashboardAndTile(boolean refreshed) {
        refreshIf(refreshed);
        agent().queryParam("window", "1h").queryParam("type", "render").queryParam("groupBy", "dashboard,tile")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("type", is("render"))
                .body("total.attempts", is(3))
                .body("groups.dashboard", contains("revenue", "revenue"))
                .body("groups.tile", contains("mrr", "gross_volume"))
                .body("groups.attempts", contains(1, 2))
                .body("groups.failed", contains(1, 0))
                .body("groups.accounts", contains(1, 1));
        agent().queryParam("window", "24h").queryParam("type", "render").queryParam("groupBy", "pack,dashboard,tile")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(4))
                .body("total.accounts", is(3))
                .body("groups.pack", contains("stripe-revenue", "stripe-revenue", "hubspot-pipeline"))
                .body("groups.tile", contains("mrr", "gross_volume", "deals_by_stage"));
        agent().queryParam("window", "24h").queryParam("type", "render").queryParam("groupBy", "warehouse,tile")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups.warehouse", contains("snowflake", "snowflake", "bigquery"))
                .body("groups.tile", contains("mrr", "gross_volume", "deals_by_stage"));
    }

    @ParameterizedTest(name = "refreshed={0}")
    @ValueSource(booleans = {false, true})
    void atEvaluatesTheWindowAtAPastInstant(boolean refreshed) {
        refreshIf(refreshed);
        // [09:45, 10:00): events 5 (on the boundary, included) and 6
        agent().queryParam("window", "15m").queryParam("at", "2026-03-15T10:00:00Z")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("from", is("2026-03-15T09:45:00Z"))
                .body("to", is("2026-03-15T10:00:00Z"))
                .body("total.attempts", is(2))
                .body("total.accounts", is(1));
        agent().queryParam("window", "2h").queryParam("at", "2026-03-15T02:30:00+02:00")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("to", is("2026-03-15T00:30:00Z"))
                .body("total.attempts", is(0));
    }

    @Test
    void pagesFollowTheCursorOverTheSameWindow() {
        String cursor = agent().queryParam("window", "7d").queryParam("groupBy", "warehouse").queryParam("limit", "1")
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups.warehouse", contains("snowflake"))
                .body("total.attempts", is(13))
                .body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        String next = agent().queryParam("window", "7d").queryParam("groupBy", "warehouse").queryParam("limit", "1")
                .queryParam("cursor", cursor)
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups.warehouse", contains("bigquery"))
                .extract().path("nextCursor");
        agent().queryParam("window", "7d").queryParam("groupBy", "warehouse").queryParam("limit", "1")
                .queryParam("cursor", next)
                .when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("groups.size()", is(1))
                .body("groups[0].warehouse", nullValue())
                .body("nextCursor", nullValue());
        // a cursor only continues its own query
        agent().queryParam("window", "24h").queryParam("groupBy", "warehouse").queryParam("cursor", cursor)
                .when().get("/v1/stats/installs")
                .then().statusCode(400)
                .body("errors[0].field", is("cursor"));
    }

    @Test
    void aLateEventIsCountedBeforeTheNextRefresh() {
        refresh.refresh();
        agent().queryParam("window", "24h").when().get("/v1/stats/installs")
                .then().statusCode(200).body("total.attempts", is(10));
        // an old hour that was already rolled up becomes dirty again and is read from raw events
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-14T20:40:00Z", "acct_12", "hubspot-pipeline", "2.0.0", "snowflake")));
        agent().queryParam("window", "24h").queryParam("groupBy", "connector").when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(11))
                .body("groups.find { it.connector == 'hubspot' }.attempts", is(3))
                .body("groups.find { it.connector == 'hubspot' }.accounts", is(3));
        refresh.refresh();
        agent().queryParam("window", "24h").queryParam("groupBy", "connector").when().get("/v1/stats/installs")
                .then().statusCode(200)
                .body("total.attempts", is(11))
                .body("groups.find { it.connector == 'hubspot' }.accounts", is(3));
    }
}
