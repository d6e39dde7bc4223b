package io.packops.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.packops.launcher.Response;
import io.packops.launcher.ServiceProcess;
import io.packops.systemtests.harness.Api;
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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingest crash: 100,000 events in batches of 1,000 from 4 clients that retry a batch (the same bytes, so the same
 * eventIds) until it is answered 202, while ingest-service is SIGKILLed twice mid-stream and started again. Every
 * event must be stored exactly once: PostgreSQL ({@code ingest.events}, {@code ingest.event_keys}), the sum of the
 * 202 answers' {@code accepted} and the stats API all say 100,000.
 */
class IngestCrashIT {

    static final int EVENTS = 100_000;
    static final int BATCH = 1_000;
    static final int CLIENTS = 4;
    static final String PACK = "crash-pack";
    /** Kills happen once this many batches have been answered 202 (so with requests in flight). */
    static final List<Integer> KILL_AFTER_BATCHES = List.of(20, 55);

    @RegisterExtension
    static final Running<SystemStack> STACK = Running.of(() -> SystemStack.create("IngestCrashIT"),
            s -> s.startAll(s.ingest(Map.of())));

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void everyEventIsStoredExactlyOnceAcrossTwoSigkills() throws Exception {
        SystemStack stack = STACK.get();
        ServiceProcess ingest = stack.service("ingest-service");
        long started = System.nanoTime();
        Instant now = Instant.now();
        List<byte[]> batches = new ArrayList<>();
        long expectedFailed = 0;
        for (int b = 0; b < EVENTS / BATCH; b++) {
            List<ObjectNode> events = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                boolean failed = n % 7 == 0;
                expectedFailed += failed ? 1 : 0;
                events.add(Events.install("crash-" + n, "stripe", PACK, "1." + (n % 5) + ".0", failed,
                        now.minusSeconds(n % 1200)));
            }
            batches.add(Events.batch(events));
        }

        Queue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int b = 0; b < batches.size(); b++) {
            todo.add(b);
        }
        AtomicInteger done = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        Api api = stack.api();
        String url = ingest.url() + "/v1/events";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                Integer b;
                while ((b = todo.poll()) != null) {
                    while (true) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("batch " + b + " not accepted within 4 minutes");
                        }
                        try {
                            Response a = api.post(url, SystemStack.INGEST_TOKEN, "application/json", batches.get(b),
                                    Duration.ofSeconds(30));
                            if (a.status() == 202) {
                                JsonNode body = a.json();
                                assertThat(body.path("rejected").size()).as("rejected in batch %d", b).isZero();
                                accepted.addAndGet(body.path("accepted").asLong());
                                duplicates.addAndGet(body.path("duplicates").asLong());
                                done.incrementAndGet();
                                break;
                            }
                            if (a.status() < 500) {
                                throw new AssertionError("batch " + b + " refused: " + a);
                            }
                            serverErrors.incrementAndGet();
                        } catch (IOException e) {
                            unanswered.incrementAndGet(); // killed mid-request, or down: send the same batch again
                        }
                        Thread.sleep(200);
                    }
                }
                return null;
            }));
        }

        List<Long> downtimesMs = new ArrayList<>();
        try {
            killTwiceAndRestart(ingest, done, todo, batches.size(), deadline, downtimesMs);
            clients.shutdown();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }
        long sendSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.printf("IngestCrashIT: %d batches in %d s; downtimes %s ms; %d requests without answer, %d 5xx; "
                        + "202 answers: %d accepted, %d duplicates%n", done.get(), sendSeconds, downtimesMs,
                unanswered.get(), serverErrors.get(), accepted.get(), duplicates.get());

        assertThat(done.get()).isEqualTo(EVENTS / BATCH);
        assertThat(downtimesMs).hasSize(2);
        assertThat(unanswered.get()).as("requests cut by the kills or refused while ingest was down").isPositive();
        // every event is in exactly one 202 answer, as accepted or as a duplicate: a batch committed just before a
        // kill lost its answer, and its retry is answered "duplicates" (so accepted alone may be below 100,000)
        assertThat(accepted.get() + duplicates.get()).as("accepted + duplicates over the 202 answers").isEqualTo(EVENTS);

        var pg = stack.postgres();
        assertThat(pg.number("select count(*) from ingest.events where pack = ?", PACK)).isEqualTo(EVENTS);
        assertThat(pg.number("select count(distinct event_id) from ingest.events where pack = ?", PACK)).isEqualTo(EVENTS);
        assertThat(pg.number("select count(*) from ingest.event_keys where event_id like 'crash-%'")).isEqualTo(EVENTS);
        assertThat(pg.number("select count(*) from ingest.events where pack = ? and outcome = 'failed'", PACK))
                .isEqualTo(expectedFailed);

        // the stats API agrees, over the raw events (1h) and over the rollups once they caught up (24h)
        for (String window : List.of("1h", "24h")) {
            JsonNode stats = api.json(ingest.url() + "/v1/stats/installs?window=" + window + "&pack=" + PACK
                    + "&groupBy=pack", SystemStack.AGENT_TOKEN);
            assertThat(stats.path("total").path("attempts").asLong()).as("attempts over " + window).isEqualTo(EVENTS);
            assertThat(stats.path("total").path("failed").asLong()).as("failed over " + window).isEqualTo(expectedFailed);
            assertThat(stats.path("groups")).hasSize(1);
        }
        JsonNode byVersion = api.json(ingest.url() + "/v1/stats/installs?window=1h&pack=" + PACK
                + "&groupBy=version", SystemStack.AGENT_TOKEN);
        assertThat(byVersion.path("groups")).hasSize(5);
        byVersion.path("groups").forEach(g -> assertThat(g.path("attempts").asLong()).isEqualTo(EVENTS / 5));
    }

    /** SIGKILLs ingest-service once {@code done} reaches each of {@link #KILL_AFTER_BATCHES}, then starts it again. */
    private static void killTwiceAndRestart(ServiceProcess ingest, AtomicInteger done, Queue<Integer> todo, int batches, long deadline,
                                            List<Long> downtimesMs) throws InterruptedException {
        for (int killAfter : KILL_AFTER_BATCHES) {
            while (done.get() < killAfter) {
                assertThat(System.nanoTime()).as("progress before kill").isLessThan(deadline);
                Thread.sleep(20);
            }
            long killedAt = System.nanoTime();
            int inFlight = batches - todo.size() - done.get();
            ingest.kill();
            System.out.printf("IngestCrashIT: SIGKILL ingest-service after %d batches (%d in flight)%n", done.get(), inFlight);
            ingest.start().awaitReady(SystemStack.READY_TIMEOUT);
            downtimesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        }
    }
}
