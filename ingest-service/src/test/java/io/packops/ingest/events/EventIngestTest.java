package io.packops.ingest.events;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.packops.ingest.events.TestEvents.count;
import static io.packops.ingest.events.TestEvents.failedInstall;
import static io.packops.ingest.events.TestEvents.install;
import static io.packops.ingest.events.TestEvents.installs;
import static io.packops.ingest.events.TestEvents.json;
import static io.packops.ingest.events.TestEvents.ndjson;
import static io.packops.ingest.events.TestEvents.prefix;
import static io.packops.ingest.events.TestEvents.render;
import static io.packops.ingest.events.TestEvents.stored;
import static io.packops.ingest.events.TestEvents.with;
import static io.packops.ingest.events.TestEvents.without;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
@TestProfile(FixedClockProfile.class)
class EventIngestTest {

    @Inject
    DataSource ds;
    @Inject
    io.packops.ingest.events.EventIngestService ingestService;

    static RequestSpecification ingest() {
        return given().auth().oauth2("test-ingest").contentType("application/json");
    }

    static RequestSpecification ingestNdjson() {
        return given().auth().oauth2("test-ingest").contentType("application/x-ndjson");
    }

    // ---- happy paths -------------------------------------------------------------------------------

    @Test
    void aSucceededInstallNeedsNoStage() {
        String p = prefix("nostage");
        ingest().body(json(without(install(p + "1"), "stage"))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1)).body("rejected", empty());
        assertThat(stored(ds, p)).singleElement().satisfies(row -> assertThat(row.get("stage")).isNull());
    }

    @Test
    void singleEventObjectIsStoredWithEveryField() {
        String p = prefix("single");
        var event = with(failedInstall(p + "1", "SQL_COMPILATION", "invalid identifier 'AMOUNT'"),
                "occurredAt", "2026-03-15T12:30:00.123456+01:00");

        ingest().body(json(event)).when().post("/v1/events")
                .then().statusCode(202)
                .body("accepted", is(1)).body("duplicates", is(0)).body("rejected", empty());

        List<Map<String, Object>> rows = stored(ds, p);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("event_id")).isEqualTo(p + "1");
        assertThat(row.get("type")).isEqualTo("install");
        // +01:00 normalised to UTC
        assertThat(((Timestamp) row.get("occurred_at")).toInstant()).hasToString("2026-03-15T11:30:00.123456Z");
        assertThat(((Timestamp) row.get("received_at")).toInstant()).isEqualTo(FixedClockProfile.NOW);
        assertThat(row).containsEntry("account_id", "acct_123").containsEntry("connector", "stripe")
                .containsEntry("pack", "stripe-revenue").containsEntry("pack_version", "1.4.0")
                .containsEntry("warehouse", "snowflake").containsEntry("outcome", "failed")
                .containsEntry("stage", "compile").containsEntry("error_code", "SQL_COMPILATION")
                .containsEntry("error_message", "invalid identifier 'AMOUNT'").containsEntry("duration_ms", 5400)
                .containsEntry("failure_template", "invalid identifier <name>");
        assertThat((String) row.get("failure_fingerprint")).matches("[0-9a-f]{16}");
        assertThat(row.get("dashboard")).isNull();
    }

    @Test
    void arrayOfInstallAndRenderEventsIsStored() {
        String p = prefix("array");
        var events = List.of(install(p + "1"), failedInstall(p + "2", "OBJECT_NOT_FOUND", "Object 'X' does not exist"),
                render(p + "3"), without(render(p + "4"), "warehouse"));

        ingest().body(json(events)).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(4)).body("duplicates", is(0)).body("rejected", empty());

        List<Map<String, Object>> rows = stored(ds, p);
        assertThat(rows).extracting(r -> r.get("type")).containsExactly("install", "install", "render", "render");
        assertThat(rows.get(2)).containsEntry("dashboard", "revenue").containsEntry("tile", "gross_volume")
                .containsEntry("stage", null);
        assertThat(rows.get(3)).containsEntry("warehouse", null);
        assertThat(rows.get(0).get("failure_fingerprint")).as("successes have no fingerprint").isNull();
    }

    @Test
    void ndjsonLinesAreStoredAndBlankLinesIgnored() {
        String p = prefix("ndjson");
        String body = new String(json(install(p + "1"))) + "\r\n\n   \n" + new String(json(render(p + "2"))) + "\n"
                + new String(json(install(p + "3"))) + "\n\n";

        ingestNdjson().body(body.getBytes()).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(3)).body("rejected", empty());

        assertThat(stored(ds, p)).hasSize(3);
    }

    @Test
    void secondIngestTokenIsAlsoAccepted() {
        given().auth().oauth2("test-ingest-2").contentType("application/json").body(json(install(prefix("token2") + "1")))
                .when().post("/v1/events").then().statusCode(202).body("accepted", is(1));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String p = prefix("unknown");
        var event = with(with(install(p + "1"), "sdkVersion", "2.1.0"), "extra", Map.of("nested", List.of(1, 2, Map.of())));
        ingest().body(json(event)).when().post("/v1/events").then().statusCode(202).body("accepted", is(1));
        assertThat(stored(ds, p)).hasSize(1);
    }

    @Test
    void missingContentTypeIsReadAsJson() throws Exception {
        HttpResponse<String> response = http().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/events"))
                        .header("Authorization", "Bearer test-ingest")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json(install(prefix("noctype") + "1")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":1");
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    // ---- partial batches ----------------------------------------------------------------------------

    @Test
    void invalidEventsAreRejectedByIndexWhileValidOnesAreStored() {
        String p = prefix("partial");
        List<Object> events = List.of(install(p + "0"), with(install(p + "1"), "packVersion", "v1.4"), install(p + "2"),
                "not an event", with(with(install(p + "4"), "connector", "Stripe"), "durationMs", "fast"));

        ingest().body(json(events)).when().post("/v1/events")
                .then().statusCode(202)
                .body("accepted", is(2)).body("duplicates", is(0))
                .body("rejected.index", contains(1, 3, 4))
                .body("rejected[0].eventId", is(p + "1"))
                .body("rejected[0].errors", contains(containsString("packVersion: 'v1.4' is not a semantic version")))
                .body("rejected[1].eventId", nullValue())
                .body("rejected[1].errors", contains("expected an event object, got a string"))
                .body("rejected[2].errors", contains(
                        containsString("durationMs: must be an integer number of milliseconds, got a string"),
                        containsString("connector: 'Stripe' is not a valid slug")));

        assertThat(stored(ds, p)).extracting(r -> r.get("event_id")).containsExactly(p + "0", p + "2");
    }

    @Test
    void ndjsonLineThatIsNotJsonIsRejectedAloneAndTheOthersAreStored() {
        String p = prefix("ndjsonbad");
        byte[] body = ndjson(List.of(install(p + "0"), "{\"eventId\": \"" + p + "1\", ", "", install(p + "2"), "[1, 2]"));

        ingestNdjson().body(body).when().post("/v1/events")
                .then().statusCode(202)
                .body("accepted", is(2))
                .body("rejected.index", contains(1, 3))
                .body("rejected[0].errors[0]", containsString("line 2 is not valid JSON"))
                .body("rejected[1].errors[0]", is("expected an event object, got an array"));
        assertThat(stored(ds, p)).hasSize(2);
    }

    @Test
    void batchWithNoValidEventIs400WithIndexedFieldErrors() {
        String p = prefix("allbad");
        var events = List.of(with(install(p + "0"), "occurredAt", "yesterday"), without(install(p + "1"), "accountId"));

        ingest().body(json(events)).when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", is(400))
                .body("detail", is("none of the 2 events is valid"))
                .body("errors.field", contains("[0].occurredAt", "[1].accountId"))
                .body("errors[0].message", containsString("not an RFC 3339 timestamp"));
        assertThat(stored(ds, p)).isEmpty();
    }

    @Test
    void bodyThatIsNotJsonIs400Problem() {
        ingest().body("eventId=1&type=install".getBytes()).when().post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("the body is not valid JSON"));
    }

    // ---- size limits ---------------------------------------------------------------------------------

    @Test
    void moreEventsThanTheBatchLimitIs413Problem() {
        String p = prefix("toomany");
        ingest().body(json(installs(p, 0, 1001))).when().post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", is("a batch holds at most 1000 events, this one has 1001; split it"));
        assertThat(stored(ds, p)).isEmpty();
    }

    @Test
    void moreNdjsonLinesThanTheBatchLimitIs413Problem() {
        ingestNdjson().body(ndjson(installs(prefix("toomanynd"), 0, 1002))).when().post("/v1/events")
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("this one has 1002"));
    }

    @Test
    void batchOfExactlyTheLimitIsAccepted() {
        String p = prefix("limit");
        ingest().body(json(installs(p, 0, 1000))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1000));
        assertThat(count(ds, "select count(*) from events where event_id like ?", p)).isEqualTo(1000);
    }

    @Test
    void bodyOverTheSizeLimitIs413Problem() throws Exception {
        byte[] big = overTheLimit();
        assertIs413Problem(HttpRequest.BodyPublishers.ofByteArray(big));
    }

    @Test
    void chunkedBodyOverTheSizeLimitIs413Problem() throws Exception {
        byte[] big = overTheLimit();
        // a body of unknown length goes out chunked: no Content-Length to refuse it by up front
        assertIs413Problem(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)));
    }

    private static byte[] overTheLimit() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        big[big.length - 1] = ']';
        return big;
    }

    private void assertIs413Problem(HttpRequest.BodyPublisher body) throws Exception {
        HttpResponse<String> response = http().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v1/events"))
                        .header("Authorization", "Bearer test-ingest").header("Content-Type", "application/json")
                        .POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413").contains("larger than 10 MiB");
    }

    @Test
    void unsupportedContentTypeIs415Problem() {
        given().auth().oauth2("test-ingest").contentType("text/csv").body("eventId,type\n1,install".getBytes())
                .when().post("/v1/events")
                .then().statusCode(415).contentType("application/problem+json")
                .body("detail", containsString("application/x-ndjson"));
    }

    // ---- authentication and roles ---------------------------------------------------------------------

    @Test
    void withoutATokenIs401() {
        given().contentType("application/json").body(json(install("noauth-1"))).when().post("/v1/events")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void withAnUnknownTokenIs401() {
        given().auth().oauth2("not-a-token").contentType("application/json").body(json(install("badauth-1")))
                .when().post("/v1/events").then().statusCode(401).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-agent", "test-operator", "test-admin"})
    void tokensWithoutTheIngestRoleAre403(String token) {
        String p = prefix("forbidden");
        given().auth().oauth2(token).contentType("application/json").body(json(install(p + "1")))
                .when().post("/v1/events").then().statusCode(403).contentType("application/problem+json");
        assertThat(stored(ds, p)).isEmpty();
    }

    // ---- idempotency -----------------------------------------------------------------------------------

    @Test
    void replayedBatchIsCountedAsDuplicates() {
        String p = prefix("replay");
        byte[] batch = json(installs(p, 0, 5));
        ingest().body(batch).when().post("/v1/events").then().statusCode(202).body("accepted", is(5)).body("duplicates", is(0));
        ingest().body(batch).when().post("/v1/events").then().statusCode(202).body("accepted", is(0)).body("duplicates", is(5));
        assertThat(stored(ds, p)).hasSize(5);
    }

    @Test
    void retryWithAnotherOccurredAtIsStillADuplicate() {
        String p = prefix("retry");
        ingest().body(json(install(p + "1"))).when().post("/v1/events").then().body("accepted", is(1));
        ingest().body(json(with(install(p + "1"), "occurredAt", TestEvents.minutesAgo(60 * 24 * 3))))
                .when().post("/v1/events").then().statusCode(202).body("accepted", is(0)).body("duplicates", is(1));
        assertThat(stored(ds, p)).hasSize(1);
    }

    @Test
    void partlyReplayedBatchStoresOnlyTheNewEvents() {
        String p = prefix("partreplay");
        ingest().body(json(installs(p, 0, 3))).when().post("/v1/events").then().body("accepted", is(3));
        ingest().body(json(installs(p, 1, 6))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(3)).body("duplicates", is(2));
        assertThat(stored(ds, p)).hasSize(6);
    }

    @Test
    void sameEventIdTwiceInOneBatchIsStoredOnceAndCountedAsDuplicate() {
        String p = prefix("inbatch");
        var events = List.of(install(p + "1"), install(p + "2"), with(install(p + "1"), "accountId", "acct_retry"));
        ingest().body(json(events)).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(2)).body("duplicates", is(1));
        List<Map<String, Object>> rows = stored(ds, p);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).as("the first occurrence wins").containsEntry("account_id", "acct_123");
    }

    @Test
    void concurrentOverlappingBatchesStoreEachEventExactlyOnce() throws Exception {
        String p = prefix("race");
        int threads = 8;
        int batchesPerThread = 4;
        int batchSize = 250;
        int pool = 1200;
        // thread t, batch b covers a window of the id pool; windows of different threads overlap heavily
        List<List<byte[]>> work = new ArrayList<>();
        Set<Integer> posted = new HashSet<>();
        int total = 0;
        for (int t = 0; t < threads; t++) {
            List<byte[]> batches = new ArrayList<>();
            for (int b = 0; b < batchesPerThread; b++) {
                int start = (t * 97 + b * 211) % pool;
                List<Map<String, Object>> events = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    int id = (start + i) % pool;
                    posted.add(id);
                    events.add(install(p + String.format("%04d", id)));
                }
                total += events.size();
                batches.add(json(events));
            }
            work.add(batches);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<int[]>> results = new ArrayList<>();
        try {
            for (List<byte[]> batches : work) {
                results.add(executor.submit(() -> {
                    go.await();
                    int accepted = 0;
                    int duplicates = 0;
                    for (byte[] batch : batches) {
                        Response r = ingest().body(batch).when().post("/v1/events");
                        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
                        accepted += (Integer) r.path("accepted");
                        duplicates += (Integer) r.path("duplicates");
                    }
                    return new int[] {accepted, duplicates};
                }));
            }
            go.countDown();
            int accepted = 0;
            int duplicates = 0;
            for (Future<int[]> f : results) {
                int[] r = f.get(120, TimeUnit.SECONDS);
                accepted += r[0];
                duplicates += r[1];
            }
            assertThat(accepted).as("each distinct eventId accepted exactly once").isEqualTo(posted.size());
            assertThat(accepted + duplicates).isEqualTo(total);
            assertThat(count(ds, "select count(*) from events where event_id like ?", p)).isEqualTo(posted.size());
            assertThat(count(ds, "select count(distinct event_id) from events where event_id like ?", p)).isEqualTo(posted.size());
            assertThat(count(ds, "select count(*) from event_keys where event_id like ?", p)).isEqualTo(posted.size());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void expiredEventIdsArePurgedAndRecentOnesKept() throws Exception {
        String p = prefix("purge");
        ingest().body(json(install(p + "recent"))).when().post("/v1/events").then().body("accepted", is(1));
        try (var c = ds.getConnection(); var ps = c.prepareStatement("insert into event_keys (event_id, received_at) values (?, ?)")) {
            ps.setString(1, p + "expired");
            ps.setObject(2, FixedClockProfile.NOW.minus(java.time.Duration.ofDays(30).plusMinutes(6)).atOffset(java.time.ZoneOffset.UTC));
            ps.executeUpdate();
        }
        assertThat(ingestService.purgeExpiredKeys()).isGreaterThanOrEqualTo(1);
        assertThat(count(ds, "select count(*) from event_keys where event_id like ?", p)).isEqualTo(1);
        assertThat(count(ds, "select count(*) from event_keys where event_id like ? and event_id like '%recent'", p)).isEqualTo(1);
    }

    @Test
    void eventForADayWhosePartitionIsMissingIsStoredAfterCreatingIt() throws Exception {
        String p = prefix("nopart");
        java.time.LocalDate day = FixedClockProfile.NOW.minus(java.time.Duration.ofDays(20)).atZone(java.time.ZoneOffset.UTC).toLocalDate();
        try (var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("drop table if exists events_p" + day.toString().replace("-", ""));
        }
        ingest().body(json(with(install(p + "1"), "occurredAt", day + "T08:00:00Z"))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1));
        assertThat(stored(ds, p)).hasSize(1);
    }

    // ---- scrubbing and fingerprints ---------------------------------------------------------------------

    @Test
    void secretsInTheErrorMessageNeverReachTheDatabase() {
        String p = prefix("scrub");
        String message = "Failed to connect to jdbc:postgresql://loader:Hunter2-Secret@db.example.com:5432/dw "
                + "(AccessKeyID=AKIAIOSFODNN7EXAMPLE;token=dapi0123456789abcdef0123456789abcdef) for ops@example.com";
        ingest().body(json(failedInstall(p + "1", "CONNECTION_FAILED", message))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1));

        String storedMessage = (String) stored(ds, p).get(0).get("error_message");
        assertThat(storedMessage)
                .doesNotContain("Hunter2-Secret", "AKIAIOSFODNN7EXAMPLE", "dapi0123456789abcdef", "ops@example.com")
                .isEqualTo("Failed to connect to jdbc:postgresql://loader:[REDACTED]@db.example.com:5432/dw "
                        + "(AccessKeyID=[REDACTED];token=[REDACTED]) for [EMAIL]");
        assertThat(count(ds, "select count(*) from events where event_id like ? and (failure_template like '%hunter2%' "
                + "or error_message like '%Hunter2%')", p)).isZero();
    }

    @Test
    void messagesWithTabsBackslashesNewlinesAndUnicodeAreStoredAsSent() {
        String p = prefix("escapes");
        String message = "line 1\tcol 2\r\nC:\\dbt\\models\\stripe.sql: unknown column 'montant_payé' ✓ \\N end";
        ingest().body(json(failedInstall(p + "1", "SQL_COMPILATION", message + "\u0000"))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1));
        assertThat(stored(ds, p).get(0).get("error_message")).as("NUL cannot be stored in text and is dropped").isEqualTo(message);
    }

    @Test
    void longErrorMessageIsCutTo4000Characters() {
        String p = prefix("long");
        String message = "invalid identifier 'AMOUNT' " + "x".repeat(10_000);
        ingest().body(json(failedInstall(p + "1", "SQL_COMPILATION", message))).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(1));
        String storedMessage = (String) stored(ds, p).get(0).get("error_message");
        assertThat(storedMessage).hasSizeLessThanOrEqualTo(4000).startsWith("invalid identifier 'AMOUNT' xxx")
                .endsWith(" more characters]");
    }

    @Test
    void sameFailureFrom300AccountsSharesOneFingerprint() {
        String p = prefix("group");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int account = 0; account < 300; account++) {
            var e = failedInstall(p + account, "SQL_COMPILATION", "SQL compilation error:\nerror line " + (1 + account % 9)
                    + " at position " + (7 + account % 13) + "\ninvalid identifier 'AMOUNT' (query 01b2c3d4-0602-7d8e-0000-"
                    + String.format("%012d", account) + ")");
            e.put("accountId", "acct_" + account);
            events.add(e);
        }
        events.add(failedInstall(p + "other", "SQL_COMPILATION", "Object 'STRIPE.CHARGE' does not exist or not authorized."));
        ingest().body(json(events)).when().post("/v1/events").then().statusCode(202).body("accepted", is(301));

        assertThat(count(ds, "select count(distinct failure_fingerprint) from events where event_id like ?", p)).isEqualTo(2);
        assertThat(count(ds, "select count(distinct account_id) from events where event_id like ? and failure_template = "
                + "'sql compilation error: error line <num> at position <num> invalid identifier <name> (query <uuid>)'", p))
                .isEqualTo(300);
    }

    // ---- time rules (fixed clock) -------------------------------------------------------------------------

    @Test
    void eventsUpToFiveMinutesAheadAndUpToThirtyDaysOldAreAccepted() {
        String p = prefix("window");
        var events = List.of(
                with(install(p + "future"), "occurredAt", FixedClockProfile.NOW.plusSeconds(300).toString()),
                with(install(p + "old"), "occurredAt", FixedClockProfile.NOW.minusSeconds(30L * 86_400).toString()),
                with(install(p + "tooFuture"), "occurredAt", FixedClockProfile.NOW.plusSeconds(301).toString()),
                with(install(p + "tooOld"), "occurredAt", FixedClockProfile.NOW.minusSeconds(30L * 86_400 + 1).toString()));
        ingest().body(json(events)).when().post("/v1/events")
                .then().statusCode(202).body("accepted", is(2))
                .body("rejected.eventId", contains(p + "tooFuture", p + "tooOld"))
                .body("rejected[0].errors[0]", containsString("ahead of the server clock; at most 5m in the future"))
                .body("rejected[1].errors[0]", containsString("older than the retention of 30 days"));
        assertThat(stored(ds, p)).extracting(r -> r.get("event_id")).containsExactly(p + "future", p + "old");
    }

    @Test
    void rejectedResponseNamesTheEventId() {
        String p = prefix("named");
        ingest().body(json(List.of(install(p + "ok"), with(install(p + "bad"), "type", "view"))))
                .when().post("/v1/events").then().statusCode(202)
                .body("rejected", hasSize(1))
                .body("rejected[0].eventId", is(p + "bad"))
                .body("rejected[0].errors", hasItem("type: must be install or render, not 'view'"));
    }

    @Test
    void storedTimesAreUtc() {
        String p = prefix("utc");
        ingest().body(json(with(install(p + "1"), "occurredAt", "2026-03-15T05:00:00-05:00"))).when().post("/v1/events")
                .then().statusCode(202);
        OffsetDateTime at = ((Timestamp) stored(ds, p).get(0).get("occurred_at")).toInstant().atOffset(java.time.ZoneOffset.UTC);
        assertThat(at).hasToString("2026-03-15T10:00Z");
    }
}
