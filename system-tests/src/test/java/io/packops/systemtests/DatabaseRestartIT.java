package io.packops.systemtests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.launcher.Response;
import io.packops.launcher.ServiceProcess;
import io.packops.systemtests.harness.Api;
import io.packops.systemtests.harness.Database;
import io.packops.systemtests.harness.Events;
import io.packops.systemtests.harness.Running;
import io.packops.systemtests.harness.SystemStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database restart: PostgreSQL is stopped under a steady load of event batches and started again (same port, same
 * data directory). While it is down ingest-service answers 503 problems with {@code Retry-After} (never a 500) and
 * its readiness is DOWN; it recovers by itself once PostgreSQL is back; every batch answered 202 is stored, and every
 * batch is eventually accepted (the clients retry with the same eventIds). alerting-service and ownership-service
 * answer their database reads with the same 503 problem while it is down, and serve again afterwards.
 */
class DatabaseRestartIT {

    static final int CLIENTS = 2;
    static final int BATCH = 200;
    static final Duration DOWN_FOR = Duration.ofSeconds(8);
    static final String PACK = "db-restart-pack";

    @RegisterExtension
    static final Running<SystemStack> STACK = Running.of(() -> SystemStack.create("DatabaseRestartIT"), s -> {
        ServiceProcess ingest = s.ingest(Map.of());
        ServiceProcess ownership = s.ownership();
        s.startAll(ingest, ownership, s.alerting("alerting-service", ingest, ownership, Map.of(), List.of()));
    });

    /** A read of each other service that needs the database: a 503 problem while it is down, never a 500. */
    static final List<String> READS = List.of("alerting-service /v1/alerts", "ownership-service /v1/ownership/revisions");

    /** One answer (or none) to one POST of one batch, and when it came relative to the outage. */
    record Sent(String batch, long atNanos, int status, String contentType, String retryAfter, String body) {
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void answers503WhileTheDatabaseIsDownAndLosesNothingAccepted() throws Exception {
        SystemStack stack = STACK.get();
        ServiceProcess ingest = stack.service("ingest-service");
        Database pg = stack.postgres();
        Api api = stack.api();
        String url = ingest.url() + "/v1/events";
        List<Sent> answers = Collections.synchronizedList(new ArrayList<>());
        List<List<String>> accepted = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong firstAcceptedAfterRestart = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int k = 0; sending.get(); k++) {
                    List<ObjectNode> events = new ArrayList<>(BATCH);
                    List<String> ids = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        String id = "dbr-" + client + "-" + k + "-" + i;
                        ids.add(id);
                        events.add(Events.install(id, "stripe", PACK, "2.0.0", i % 4 == 0, Instant.now().minusSeconds(i)));
                    }
                    byte[] body = Events.batch(events);
                    String batch = client + "/" + k;
                    while (true) { // the same batch until it is accepted
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("batch " + batch + " not accepted in time");
                        }
                        Response a;
                        try {
                            a = api.post(url, SystemStack.INGEST_TOKEN, "application/json", body, Duration.ofSeconds(30));
                        } catch (IOException e) {
                            answers.add(new Sent(batch, System.nanoTime(), 0, "", null, e.toString()));
                            Thread.sleep(200);
                            continue;
                        }
                        long at = System.nanoTime();
                        answers.add(new Sent(batch, at, a.status(), a.contentType(), a.retryAfter().orElse(null), a.text()));
                        if (a.status() == 202) {
                            accepted.add(ids);
                            if (at > restartedAt.get()) {
                                firstAcceptedAfterRestart.compareAndSet(0, at);
                            }
                            break;
                        }
                        Thread.sleep(a.status() == 503 ? 250 : 1000);
                    }
                }
                return null;
            }));
        }

        List<Integer> readinessWhileDown = new ArrayList<>();
        List<String> readsWhileDown = new ArrayList<>();
        long stoppedAt;
        long startingAt;
        try {
            Thread.sleep(3_000); // steady load first
            assertThat(accepted).as("batches accepted before the restart").isNotEmpty();
            long stopping = System.nanoTime();
            pg.stop();
            // down for sure from here on (an answer to a batch committed just before the stop may still be on its way)
            stoppedAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            System.out.printf("DatabaseRestartIT: PostgreSQL stopped after %d accepted batches%n", accepted.size());
            long downUntil = System.nanoTime() + DOWN_FOR.toNanos();
            while (System.nanoTime() < downUntil) {
                readinessWhileDown.add(ingest.health("/q/health/ready"));
                Thread.sleep(500);
            }
            for (String read : READS) {
                String[] serviceAndPath = read.split(" ");
                Response a = api.get(stack.service(serviceAndPath[0]).url() + serviceAndPath[1], SystemStack.AGENT_TOKEN,
                        Duration.ofSeconds(30));
                readsWhileDown.add(read + " -> " + a.status());
                assertThat(a.status()).as("%s while PostgreSQL is down", read).isEqualTo(503);
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(a.retryAfter()).as("Retry-After").get().asString().matches("[0-9]+");
                assertThat(a.text()).doesNotContain("Exception").doesNotContain("\tat ");
            }
            // down until here for sure: pg.start() returns a moment after PostgreSQL accepts connections again
            startingAt = System.nanoTime();
            pg.start();
            restartedAt.set(System.nanoTime());
            System.out.printf("DatabaseRestartIT: PostgreSQL started again after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(restartedAt.get() - stopping));
            while (firstAcceptedAfterRestart.get() == 0) {
                assertThat(System.nanoTime() - restartedAt.get()).as("ingest recovers within 60 s")
                        .isLessThan(TimeUnit.SECONDS.toNanos(60));
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // and keeps working
        } finally {
            sending.set(false);
        }
        clients.shutdown();
        try {
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        long recoveryMs = TimeUnit.NANOSECONDS.toMillis(firstAcceptedAfterRestart.get() - restartedAt.get());
        List<Sent> during = answers.stream().filter(a -> a.atNanos() > stoppedAt && a.atNanos() < startingAt).toList();
        List<Sent> unavailable = answers.stream().filter(a -> a.status() == 503).toList();
        System.out.printf("DatabaseRestartIT: %d answers (%d while down: statuses %s); %d batches accepted; "
                        + "first 202 %d ms after the restart; readiness while down %s; other services %s%n", answers.size(),
                during.size(), during.stream().map(Sent::status).distinct().sorted().toList(), accepted.size(), recoveryMs,
                readinessWhileDown, readsWhileDown);

        // while down: 503 problems with Retry-After, never a 500 (or any other 5xx)
        assertThat(answers).as("answers other than 202 and 503")
                .filteredOn(a -> a.status() != 202 && a.status() != 503).isEmpty();
        assertThat(unavailable).as("503 answers").isNotEmpty();
        assertThat(during).as("answers while PostgreSQL was down").isNotEmpty()
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(503));
        assertThat(unavailable).allSatisfy(a -> {
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.retryAfter()).as("Retry-After").isNotNull().matches("[0-9]+");
            assertThat(Api.JSON.readTree(a.body()).path("status").asInt()).isEqualTo(503);
            assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
        });
        assertThat(readinessWhileDown).as("readiness while PostgreSQL is down").contains(503);
        assertThat(ingest.health("/q/health/ready")).as("readiness after the restart").isEqualTo(200);
        for (String read : READS) {
            // and the other services recover by themselves too: a pooled connection broken by the restart may fail
            // one more request (a 503 again) before the pool drops it
            String[] serviceAndPath = read.split(" ");
            List<Integer> statuses = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (statuses.isEmpty() || statuses.get(statuses.size() - 1) != 200) {
                assertThat(System.nanoTime()).as("%s after the restart: %s", read, statuses).isLessThan(until);
                statuses.add(api.get(stack.service(serviceAndPath[0]).url() + serviceAndPath[1], SystemStack.AGENT_TOKEN,
                        Duration.ofSeconds(30)).status());
                Thread.sleep(statuses.get(statuses.size() - 1) == 200 ? 0 : 250);
            }
            assertThat(statuses).as("%s after the restart", read).allMatch(st -> st == 200 || st == 503);
        }

        // nothing accepted is lost, nothing is doubled
        long acceptedEvents = accepted.stream().mapToLong(List::size).sum();
        assertThat(pg.number("select count(*) from ingest.events where pack = ?", PACK)).isEqualTo(acceptedEvents);
        assertThat(pg.number("select count(distinct event_id) from ingest.events where pack = ?", PACK)).isEqualTo(acceptedEvents);
        String[] ids = accepted.stream().flatMap(List::stream).toArray(String[]::new);
        try (var c = pg.connect(); var ps = c.prepareStatement(
                "select count(*) from ingest.events where event_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("accepted eventIds stored").isEqualTo(ids.length);
            }
        }
    }
}
