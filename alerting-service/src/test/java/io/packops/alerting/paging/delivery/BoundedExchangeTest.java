package io.packops.alerting.paging.delivery;

import io.packops.testsupport.receivers.BadReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole exchange is bounded (issue 16, item 2): the JDK client's request timeout stops at the headers, so a receiver
 * that answers 200 and drips a byte a second held the old sender for as long as it dripped; a huge body was read whole.
 */
class BoundedExchangeTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final int CAP = 64 * 1024;
    static BadReceiver receiver;
    final BoundedExchange exchange = new BoundedExchange(Duration.ofSeconds(2));

    @BeforeAll
    static void startReceiver() {
        receiver = BadReceiver.start(Duration.ofMillis(500), Duration.ofSeconds(30), 50L * 1024 * 1024);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    BoundedExchange.Answer post(String path) {
        return exchange.post(URI.create(receiver.url() + path), "{}", Map.of("Content-Type", "application/json"), DEADLINE, CAP);
    }

    @Test
    void aDrippingAnswerEndsAtTheDeadline() {
        long start = System.nanoTime();
        BoundedExchange.Answer answer = post("/drip/a");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(ms).as("the whole exchange, headers and body").isBetween(1_900L, 3_500L);
        assertThat(answer.status()).as("no complete answer").isZero();
        assertThat(answer.describe(CAP)).isEqualTo("timeout after 2 s");
    }

    @Test
    void aHugeBodyIsCutAtTheCap() {
        long start = System.nanoTime();
        BoundedExchange.Answer answer = post("/huge/b");
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.bodyOverCap()).isTrue();
        assertThat(answer.describe(CAP)).isEqualTo("HTTP 500, body over 64 KB");
        assertThat(ms).isLessThan(1_500L);
        // the receiver could not write its 50 MB: the client hung up after the cap (socket buffers hold a few MB at most)
        assertThat(receiver.hugeBytesWritten()).isLessThan(50L * 1024 * 1024);
    }

    @Test
    void aFastReceiverIsAnsweredAtOnce() {
        BoundedExchange.Answer answer = post("/ok/c");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.bodyOverCap()).isFalse();
        assertThat(answer.describe(CAP)).isEqualTo("HTTP 202");
    }

    @Test
    void nobodyListeningIsAShortClassification() {
        BoundedExchange.Answer answer = exchange.post(URI.create("http://127.0.0.1:1/x"), "{}", Map.of(), DEADLINE, CAP);
        assertThat(answer.status()).isZero();
        assertThat(answer.describe(CAP)).isEqualTo("connection refused");
    }

    @Test
    void theBodyCounterCancelsPastTheCapAndKeepsNothing() {
        BoundedExchange.CappedBody body = new BoundedExchange.CappedBody(10);
        AtomicBoolean cancelled = new AtomicBoolean();
        body.onSubscribe(new Flow.Subscription() {
            public void request(long n) {
            }

            public void cancel() {
                cancelled.set(true);
            }
        });
        body.onNext(List.of(ByteBuffer.wrap(new byte[6])));
        assertThat(cancelled).isFalse();
        body.onNext(List.of(ByteBuffer.wrap(new byte[6])));
        assertThat(cancelled).isTrue();
        assertThat(body.getBody().toCompletableFuture().join()).isTrue();
        body.onNext(List.of(ByteBuffer.wrap(new byte[6]))); // late buffers after the cancel are ignored
        assertThat(body.read()).isEqualTo(12);

        BoundedExchange.CappedBody small = new BoundedExchange.CappedBody(10);
        small.onSubscribe(new Flow.Subscription() {
            public void request(long n) {
            }

            public void cancel() {
            }
        });
        small.onNext(List.of(ByteBuffer.wrap(new byte[10])));
        small.onComplete();
        assertThat(small.getBody().toCompletableFuture().join()).isFalse();
    }

    @Test
    void durationsAndSizesReadShort() {
        assertThat(BoundedExchange.seconds(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(BoundedExchange.seconds(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(BoundedExchange.seconds(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(BoundedExchange.size(65536)).isEqualTo("64 KB");
        assertThat(BoundedExchange.size(1024 * 1024)).isEqualTo("1 MB");
        assertThat(BoundedExchange.size(1000)).isEqualTo("1000 bytes");
    }
}
