package io.packops.ingest.accounts;

import io.packops.ingest.stats.StatsTestData;
import io.packops.ingest.stats.refresh.StatsRefresh;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.packops.ingest.stats.StatsTestData.install;
import static io.packops.ingest.stats.StatsTestData.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * GET /v1/accounts and GET /v1/accounts/{accountId} over a hand-made data set (NOW = 2026-03-15T10:30Z, the
 * stats tests' fixed clock), every expectation worked out by hand. Each test run has its own connector (schema
 * rows are not truncated between tests), so the list filtered by that connector holds only this data.
 *
 * <pre>
 * account  schema            installs (latest per pack in bold)                                  renders
 * a1       snowflake         P1 1.0.0 ok 09:00, **P1 1.1.0 failed compile 10:00**, **P2 1.0.0 ok   P1 10:05
 *                            yesterday 12:00**
 * a2       bigquery          **P1 1.1.0 ok 10:10**
 * a3       -                 **P1 1.0.0 failed run 2 days ago** (redshift)
 * a4       snowflake         -
 * a5       -                 P2 1.1.0 failed 10:20, **P2 1.1.0 ok 10:25** (snowflake)
 * </pre>
 */
@QuarkusTest
class AccountResourceTest {

    private static final String AMOUNT = "invalid identifier 'AMOUNT'";

    @Inject
    DataSource dataSource;
    @Inject
    StatsRefresh refresh;

    private String connector;
    private String p1;
    private String p2;

    @BeforeEach
    void knownDataSet() {
        QuarkusMock.installMockForType(StatsTestData.CLOCK, Clock.class);
        StatsTestData.reset(dataSource);
        connector = "acx" + UUID.randomUUID().toString().substring(0, 8);
        p1 = connector + "-revenue";
        p2 = connector + "-churn";
        snapshot(id("a1"), connector, "snowflake", "2026-03-14T00:00:00Z");
        snapshot(id("a2"), connector, "bigquery", "2026-03-14T00:00:00Z");
        snapshot(id("a4"), connector, "snowflake", "2026-03-13T00:00:00Z");
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-15T09:00:00Z", id("a1"), p1, "1.0.0", "snowflake"),
                install("2026-03-15T10:00:00Z", id("a1"), p1, "1.1.0", "snowflake")
                        .failed("compile", "SQL_COMPILATION", AMOUNT, "fp-amount"),
                install("2026-03-14T12:00:00Z", id("a1"), p2, "1.0.0", "snowflake"),
                render("2026-03-15T10:05:00Z", id("a1"), p1, "1.1.0", "snowflake", "revenue", "mrr"),
                install("2026-03-15T10:10:00Z", id("a2"), p1, "1.1.0", "bigquery"),
                install("2026-03-13T10:00:00Z", id("a3"), p1, "1.0.0", "redshift")
                        .failed("run", "TIMEOUT", "query timed out", "fp-timeout"),
                install("2026-03-15T10:20:00Z", id("a5"), p2, "1.1.0", "snowflake")
                        .failed("resolve", "MISSING_RELATION", "relation does not exist", "fp-rel"),
                install("2026-03-15T10:25:00Z", id("a5"), p2, "1.1.0", "snowflake")));
        refresh.refresh();
    }

    private String id(String name) {
        return connector + "-" + name;
    }

    static RequestSpecification agent() {
        return RestAssured.given().auth().oauth2("test-agent");
    }

    private List<String> ids(String... query) {
        RequestSpecification r = agent().queryParam("connector", connector);
        for (int i = 0; i < query.length; i += 2) {
            r = r.queryParam(query[i], query[i + 1]);
        }
        return r.when().get("/v1/accounts").then().statusCode(200).extract().jsonPath().getList("items.accountId");
    }

    @Test
    void listsEveryKnownAccountOfTheConnectorWithItsSchemaAndLatestInstalls() {
        JsonPath page = agent().queryParam("connector", connector)
                .when().get("/v1/accounts")
                .then().statusCode(200)
                .body("items.accountId", contains(id("a1"), id("a2"), id("a3"), id("a4"), id("a5")))
                .body("items.connector", contains(connector, connector, connector, connector, connector))
                .body("items.warehouse", contains("snowflake", "bigquery", "redshift", "snowflake", "snowflake"))
                .body("nextCursor", nullValue())
                .extract().jsonPath();
        assertThat(page.getString("items[0].schema.fingerprint")).startsWith("sha256:");
        assertThat(page.getString("items[0].schema.capturedAt")).isEqualTo("2026-03-14T00:00:00Z");
        assertThat(page.getString("items[0].schema.schemaUrl")).isEqualTo("/v1/schemas/" + page.getString("items[0].schema.fingerprint"));
        assertThat(page.getList("items[0].installs.pack")).containsExactly(p2, p1);
        assertThat(page.getMap("items[0].installs[1]")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pack", p1, "version", "1.1.0", "outcome", "failed", "stage", "compile",
                "errorCode", "SQL_COMPILATION", "at", "2026-03-15T10:00:00Z"));
        assertThat(page.getString("items[0].installs[0].at")).isEqualTo("2026-03-14T12:00:00Z");
        assertThat(page.getString("items[0].installs[0].outcome")).isEqualTo("succeeded");
        // a3 has no schema: its warehouse is its install's
        assertThat(page.getObject("items[2].schema", Object.class)).isNull();
        assertThat(page.getList("items[2].installs.version")).containsExactly("1.0.0");
        // a4 has a schema and no install
        assertThat(page.getList("items[3].installs")).isEmpty();
        assertThat(page.getString("items[3].schema.capturedAt")).isEqualTo("2026-03-13T00:00:00Z");
        // a5: the later success replaced the failure
        assertThat(page.getString("items[4].installs[0].outcome")).isEqualTo("succeeded");
        assertThat(page.getString("items[4].installs[0].at")).isEqualTo("2026-03-15T10:25:00Z");
    }

    @Test
    void eachFilterNarrowsOnTheLatestInstallWithinTheWindow() {
        // outcome: a3's failure is two days old, outside the default 24h; a5's failure was followed by a success
        assertThat(ids("outcome", "failed")).containsExactly(id("a1"));
        assertThat(ids("outcome", "succeeded")).containsExactly(id("a1"), id("a2"), id("a5"));
        assertThat(ids("pack", p2)).containsExactly(id("a1"), id("a5"));
        assertThat(ids("version", "1.1.0")).containsExactly(id("a1"), id("a2"), id("a5"));
        assertThat(ids("version", "1.0.0")).containsExactly(id("a1")); // its p2; its p1 moved on to 1.1.0
        assertThat(ids("warehouse", "snowflake")).containsExactly(id("a1"), id("a4"), id("a5"));
        assertThat(ids("warehouse", "redshift")).containsExactly(id("a3"));
        assertThat(ids("pack", p1 + "x")).isEmpty();
        // the connector filter: another connector's accounts are not this one's
        assertThat(agent().queryParam("connector", connector + "x").when().get("/v1/accounts")
                .then().statusCode(200).extract().jsonPath().getList("items")).isEmpty();
    }

    @Test
    void filtersCombineOnOneInstall() {
        assertThat(ids("pack", p1, "outcome", "failed")).containsExactly(id("a1"));
        assertThat(ids("pack", p2, "outcome", "failed")).isEmpty();
        assertThat(ids("version", "1.1.0", "outcome", "succeeded")).containsExactly(id("a2"), id("a5"));
        assertThat(ids("pack", p1, "version", "1.0.0")).isEmpty(); // a1's p1 is on 1.1.0 now, a3's is outside 24h
        assertThat(ids("warehouse", "bigquery", "version", "1.1.0")).containsExactly(id("a2"));
        assertThat(ids("warehouse", "snowflake", "outcome", "succeeded")).containsExactly(id("a1"), id("a5"));
        assertThat(ids("warehouse", "snowflake", "pack", p1, "outcome", "succeeded")).isEmpty();
    }

    @Test
    void theWindowBoundsTheInstallFiltersOnly() {
        assertThat(ids("outcome", "failed", "window", "3d")).containsExactly(id("a1"), id("a3"));
        assertThat(ids("pack", p1, "window", "1h")).containsExactly(id("a1"), id("a2"));
        assertThat(ids("outcome", "succeeded", "window", "1h")).containsExactly(id("a2"), id("a5"));
        assertThat(ids("outcome", "succeeded", "window", "4m")).isEmpty(); // a5 succeeded 5 minutes ago
        assertThat(ids("pack", p2, "window", "30d")).containsExactly(id("a1"), id("a5"));
        // without an install filter the window changes nothing: every known account is listed
        assertThat(ids("window", "1m")).hasSize(5);
    }

    @Test
    void pagesFollowEachOtherWithoutLossOrRepetition() {
        // a warehouse of its own: schema-only, install-only and both kinds of accounts, one of them on two connectors
        String warehouse = "wh" + UUID.randomUUID().toString().substring(0, 8);
        String other = connector + "b";
        List<String> expected = new ArrayList<>();
        List<StatsTestData.Event> events = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String account = id("p" + String.format("%02d", i));
            if (i % 3 != 1) {
                snapshot(account, connector, warehouse, "2026-03-14T00:00:00Z");
            }
            if (i % 3 != 0) {
                events.add(install(Instant.parse("2026-03-15T08:00:00Z").plusSeconds(i), account, p1, "1.0.0", warehouse));
            }
            expected.add(account + "/" + connector);
            if (i == 4) {
                snapshot(account, other, warehouse, "2026-03-14T00:00:00Z");
                expected.add(account + "/" + other);
            }
        }
        StatsTestData.insert(dataSource, events);
        refresh.refresh();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification r = agent().queryParam("warehouse", warehouse).queryParam("limit", "5");
            if (cursor != null) {
                r = r.queryParam("cursor", cursor);
            }
            JsonPath page = r.when().get("/v1/accounts").then().statusCode(200).extract().jsonPath();
            List<String> accounts = page.getList("items.accountId");
            List<String> connectors = page.getList("items.connector");
            assertThat(accounts).hasSizeLessThanOrEqualTo(5);
            for (int i = 0; i < accounts.size(); i++) {
                seen.add(accounts.get(i) + "/" + connectors.get(i));
            }
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3); // 12 items: 5 + 5 + 2
    }

    @Test
    void badParametersAreProblemsNamingEachParameter() {
        String[][] cases = {
                {"outcome", "maybe"}, {"window", "0m"}, {"window", "31d"}, {"window", "abc"}, {"limit", "0"},
                {"limit", "501"}, {"limit", "ten"}, {"connector", "Stripe"}, {"pack", "a b"}, {"version", "1.x"},
                {"warehouse", "-x"}, {"cursor", "garbage"},
        };
        for (String[] c : cases) {
            agent().queryParam(c[0], c[1]).when().get("/v1/accounts")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", is(400))
                    .body("errors.field", contains(c[0]));
        }
        // every broken parameter at once
        agent().queryParam("outcome", "x").queryParam("limit", "0").queryParam("window", "2y")
                .when().get("/v1/accounts")
                .then().statusCode(400).body("errors.field", hasItems("outcome", "limit", "window"));
        // a cursor of another list is refused
        agent().queryParam("cursor", io.packops.ingest.system.PageCursor.encode("schemas", "x"))
                .when().get("/v1/accounts").then().statusCode(400).body("errors[0].field", is("cursor"));
        agent().queryParam("cursor", io.packops.ingest.system.PageCursor.encode("accounts", "no-connector"))
                .when().get("/v1/accounts").then().statusCode(400).body("errors[0].field", is("cursor"));
    }

    @Test
    void onlyOperatorsAndAgentsMayListOrViewAccounts() {
        RestAssured.given().when().get("/v1/accounts").then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().auth().oauth2("test-ingest").when().get("/v1/accounts").then().statusCode(403);
        RestAssured.given().auth().oauth2("test-ingest").when().get("/v1/accounts/" + id("a1")).then().statusCode(403);
        RestAssured.given().auth().oauth2("test-operator").queryParam("connector", connector)
                .when().get("/v1/accounts").then().statusCode(200).body("items", hasSize(5));
    }

    @Test
    void oneAccountShowsItsSummaryServedVersionsAndNewestEvents() {
        publish(p1, "1.0.0");
        publish(p1, "1.1.0");
        JsonPath a1 = agent().when().get("/v1/accounts/" + id("a1"))
                .then().statusCode(200)
                .body("accountId", is(id("a1")))
                .body("connectors", hasSize(1))
                .body("connectors[0].connector", is(connector))
                .body("connectors[0].warehouse", is("snowflake"))
                .body("connectors[0].installs.pack", contains(p2, p1))
                .body("connectors[0].installs[1].outcome", is("failed"))
                .body("releases.pack", contains(p1))
                .body("releases[0].servedVersion", is("1.1.0"))
                .body("releases[0].warehouse", is("snowflake"))
                .body("releases[0].account", is(id("a1")))
                .body("recentEvents.type", contains("render", "install", "install", "install"))
                .body("recentEvents.occurredAt", contains("2026-03-15T10:05:00Z", "2026-03-15T10:00:00Z",
                        "2026-03-15T09:00:00Z", "2026-03-14T12:00:00Z"))
                .extract().jsonPath();
        assertThat(a1.getMap("recentEvents[0]")).containsEntry("dashboard", "revenue").containsEntry("tile", "mrr")
                .containsEntry("pack", p1).containsEntry("packVersion", "1.1.0").containsEntry("outcome", "succeeded")
                .containsEntry("stage", null);
        assertThat(a1.getMap("recentEvents[1]")).containsEntry("errorCode", "SQL_COMPILATION")
                .containsEntry("errorMessage", AMOUNT).containsEntry("stage", "compile").containsEntry("warehouse", "snowflake");
        // what /release?account= answers is what the account view says
        agent().queryParam("account", id("a1")).queryParam("warehouse", "snowflake")
                .when().get("/v1/packs/" + p1 + "/release")
                .then().statusCode(200).body("servedVersion", is("1.1.0"))
                .body("bucket", is(a1.getInt("releases[0].bucket")));
        // withdrawing 1.1.0 moves it back at once
        RestAssured.given().auth().oauth2("test-operator").contentType(ContentType.JSON).body("{\"reason\": \"bad\"}")
                .when().post("/v1/packs/" + p1 + "/versions/1.1.0/withdraw").then().statusCode(200);
        agent().when().get("/v1/accounts/" + id("a1")).then().statusCode(200).body("releases[0].servedVersion", is("1.0.0"));
    }

    @Test
    void anAccountWithoutSchemaOrWithoutInstallsIsStillShown() {
        agent().when().get("/v1/accounts/" + id("a3"))
                .then().statusCode(200)
                .body("connectors[0].schema", nullValue())
                .body("connectors[0].warehouse", is("redshift"))
                .body("connectors[0].installs[0].errorCode", is("TIMEOUT"))
                .body("recentEvents[0].errorMessage", is("query timed out"));
        agent().when().get("/v1/accounts/" + id("a4"))
                .then().statusCode(200)
                .body("connectors[0].installs", empty())
                .body("connectors[0].schema.capturedAt", is("2026-03-13T00:00:00Z"))
                .body("recentEvents", empty());
    }

    @Test
    void theAccountViewReadsHoursTheRefreshHasNotFoldedYet() {
        String account = id("late");
        // posted through ingest, so the message is scrubbed before it is stored
        RestAssured.given().auth().oauth2("test-ingest").contentType(ContentType.JSON).body("""
                        {"eventId": "%s-1", "type": "install", "occurredAt": "2026-03-15T10:29:00Z", "accountId": "%s",
                         "connector": "%s", "pack": "%s", "packVersion": "1.2.0", "warehouse": "postgres",
                         "outcome": "failed", "stage": "resolve", "errorCode": "CONNECTION",
                         "errorMessage": "cannot connect to jdbc:postgresql://loader:hunter2@db.example.com:5432/dw"}"""
                        .formatted(account, account, connector, p1))
                .when().post("/v1/events").then().statusCode(202).body("accepted", is(1));
        // no refresh: the hour is dirty, and the list (folded state) does not know the account yet
        assertThat(ids("pack", p1, "version", "1.2.0")).isEmpty();
        agent().when().get("/v1/accounts/" + account)
                .then().statusCode(200)
                .body("connectors[0].warehouse", is("postgres"))
                .body("connectors[0].installs[0].version", is("1.2.0"))
                .body("connectors[0].installs[0].stage", is("resolve"))
                .body("recentEvents[0].errorMessage", containsString("[REDACTED]"))
                .body("recentEvents[0].errorMessage", not(containsString("hunter2")))
                .body("recentEvents[0].eventId", is(account + "-1"));
        refresh.refresh();
        assertThat(ids("pack", p1, "version", "1.2.0")).containsExactly(account);
        agent().when().get("/v1/accounts/" + account)
                .then().statusCode(200).body("recentEvents", hasSize(1)).body("connectors[0].installs", hasSize(1));
    }

    @Test
    void aLateEventInAnHourFoldedAlreadyWinsOnlyWhenItIsNewer() {
        // the 10:00 hour was folded in knownDataSet; these arrive afterwards, into that same hour
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-15T10:05:00Z", id("a2"), p1, "1.0.0", "bigquery").receivedAt(StatsTestData.NOW),
                install("2026-03-15T10:15:00Z", id("a5"), p2, "1.2.0", "snowflake").receivedAt(StatsTestData.NOW)
                        .failed("compile", "SQL_COMPILATION", AMOUNT, "fp-amount")));
        refresh.refresh();
        JsonPath page = agent().queryParam("connector", connector).when().get("/v1/accounts")
                .then().statusCode(200).extract().jsonPath();
        // a2's 10:10 install stays its latest; a5's 10:25 success stays newer than the late 10:15 failure
        assertThat(page.getString("items.find { it.accountId == '" + id("a2") + "' }.installs[0].at")).isEqualTo("2026-03-15T10:10:00Z");
        assertThat(page.getString("items.find { it.accountId == '" + id("a5") + "' }.installs[0].outcome")).isEqualTo("succeeded");
        // a late one that is newer wins
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-15T10:28:00Z", id("a5"), p2, "1.2.0", "snowflake").receivedAt(StatsTestData.NOW)
                        .failed("compile", "SQL_COMPILATION", AMOUNT, "fp-amount")));
        refresh.refresh();
        assertThat(ids("outcome", "failed")).containsExactly(id("a1"), id("a5"));
        agent().when().get("/v1/accounts/" + id("a5")).then().statusCode(200)
                .body("connectors[0].installs[0].version", is("1.2.0"))
                .body("recentEvents.occurredAt", contains("2026-03-15T10:28:00Z", "2026-03-15T10:25:00Z",
                        "2026-03-15T10:20:00Z", "2026-03-15T10:15:00Z"));
    }

    @Test
    void recentEventsAreTheNewest20AndOlderOnesAreDropped() {
        String account = id("busy");
        List<StatsTestData.Event> events = new ArrayList<>();
        Instant start = Instant.parse("2026-03-15T07:00:00Z");
        for (int i = 0; i < 25; i++) { // over three hours, so the trim works across folded hours
            events.add(install(start.plus(Duration.ofMinutes(7L * i)), account, p1, "1.0.0", "snowflake"));
        }
        StatsTestData.insert(dataSource, events);
        List<String> newest = new ArrayList<>();
        for (int i = 24; i >= 5; i--) {
            newest.add(start.plus(Duration.ofMinutes(7L * i)).toString());
        }
        // read raw (nothing folded), then from the folded table
        agent().when().get("/v1/accounts/" + account).then().statusCode(200)
                .body("recentEvents.occurredAt", contains(newest.toArray()));
        refresh.refresh();
        agent().when().get("/v1/accounts/" + account).then().statusCode(200)
                .body("recentEvents.occurredAt", contains(newest.toArray()));
        assertThat(storedEvents(account)).isEqualTo(20);
    }

    @Test
    void eventsOlderThanSevenDaysLeaveTheRecentEventsButNotTheLatestInstalls() {
        String account = id("old");
        StatsTestData.insert(dataSource, List.of(
                install("2026-03-07T10:00:00Z", account, p1, "1.0.0", "snowflake"),  // 8 days before NOW
                install("2026-03-09T10:00:00Z", account, p2, "1.0.0", "snowflake")   // 6 days before NOW
                        .failed("run", "TIMEOUT", "query timed out", "fp-timeout")));
        refresh.refresh();
        agent().when().get("/v1/accounts/" + account).then().statusCode(200)
                .body("connectors[0].installs.pack", contains(p2, p1))
                .body("connectors[0].installs.at", contains("2026-03-09T10:00:00Z", "2026-03-07T10:00:00Z"))
                .body("recentEvents.occurredAt", contains("2026-03-09T10:00:00Z"));
        assertThat(ids("pack", p1, "window", "30d")).contains(account);
    }

    @Test
    void unknownAndMalformedAccountIdsAreProblems() {
        agent().when().get("/v1/accounts/" + id("nobody"))
                .then().statusCode(404).contentType("application/problem+json").body("status", is(404))
                .body("detail", containsString(id("nobody")));
        agent().when().get("/v1/accounts/" + "x".repeat(201))
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("accountId"));
        agent().when().get("/v1/accounts/{id}", "a b")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("accountId"));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private int storedEvents(String account) {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("select count(*) from account_events where account_id = ?")) {
            ps.setString(1, account);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void snapshot(String account, String connector, String warehouse, String capturedAt) {
        RestAssured.given().auth().oauth2("test-ingest").contentType(ContentType.JSON).body("""
                        {"accountId": "%s", "connector": "%s", "warehouse": "%s", "capturedAt": "%s",
                         "relations": [{"name": "charge", "kind": "source", "source": "stripe",
                                        "columns": [{"name": "id", "type": "VARCHAR"}]}]}"""
                        .formatted(account, connector, warehouse, capturedAt))
                .when().post("/v1/schema-snapshots").then().statusCode(201);
    }

    private void publish(String pack, String version) {
        String manifest;
        try {
            manifest = Files.readString(Path.of("..", "packs", "stripe-revenue", "1.0.0.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        manifest = manifest.replaceFirst("(?m)^name: .*$", "name: " + pack)
                .replaceFirst("(?m)^connector: .*$", "connector: " + connector)
                .replaceFirst("(?m)^version: .*$", "version: " + version);
        RestAssured.given().auth().oauth2("test-operator").contentType("application/yaml")
                .body(manifest.getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/packs").then().statusCode(201);
    }
}
