package io.packops.alerting.paging.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One POST whose whole exchange is bounded: connecting, sending, the status line and headers, and the answer's body all
 * fit in one deadline, and at most {@code maxBody} bytes of the body are read (the connection is dropped past either).
 * The JDK client's own request timeout stops counting once headers arrive and its body handlers read whole bodies: a
 * receiver dripping one byte a second, or answering gigabytes, would hold the sender for as long as it likes.
 *
 * <p>The body is counted, never kept: what a receiver says is not shown to anybody (it may echo secrets or be written
 * to mislead whoever reads it), only its status and a short classification ({@link Answer#describe()}).
 */
public final class BoundedExchange {

    /**
     * What came back. {@code status} 0 when no complete answer came (then {@code problem} says why: "timeout after
     * 10 s", "connection refused", …); {@code bodyOverCap} when the body was cut at the cap; {@code retryAfter} the raw
     * {@code Retry-After} header, if any.
     */
    public record Answer(int status, String retryAfter, boolean bodyOverCap, String problem) {

        /** A short classification for the delivery record: "HTTP 500", "HTTP 500, body over 64 KB", "timeout after 10 s". */
        public String describe(int maxBody) {
            if (status == 0) {
                return problem;
            }
            return "HTTP " + status + (bodyOverCap ? ", body over " + size(maxBody) : "");
        }
    }

    private final HttpClient http;

    public BoundedExchange(Duration connectTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** POSTs {@code body} to {@code uri}; never takes (much) longer than {@code deadline}, never reads more than {@code maxBody}. */
    public Answer post(URI uri, String body, Map<String, String> headers, Duration deadline, int maxBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(deadline)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        CappedBody subscriber = new CappedBody(maxBody);
        CompletableFuture<HttpResponse<Boolean>> exchange = http.sendAsync(request.build(), info -> subscriber);
        try {
            HttpResponse<Boolean> response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null),
                    Boolean.TRUE.equals(response.body()), null);
        } catch (TimeoutException e) {
            return timedOut(exchange, subscriber, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            subscriber.abort();
            exchange.cancel(true);
            return new Answer(0, null, false, "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
                return timedOut(exchange, subscriber, deadline);
            }
            return new Answer(0, null, false, classify(cause));
        }
    }

    private static Answer timedOut(CompletableFuture<?> exchange, CappedBody subscriber, Duration deadline) {
        subscriber.abort(); // drops the connection if the body was being read
        exchange.cancel(true);
        return new Answer(0, null, false, "timeout after " + seconds(deadline));
    }

    /** An I/O failure in a few words, never its message (which may carry the URL or what the peer sent). */
    static String classify(Throwable t) {
        Throwable c = t;
        for (int i = 0; i < 5 && c.getCause() != null && !(c instanceof SSLException) && !(c instanceof ConnectException); i++) {
            c = c.getCause();
        }
        if (c instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (c instanceof ConnectException) {
            return "connection refused";
        }
        if (c instanceof SSLException) {
            return "TLS handshake failed";
        }
        if (c instanceof IOException) {
            return "connection failed (" + c.getClass().getSimpleName() + ")";
        }
        return "request failed (" + c.getClass().getSimpleName() + ")";
    }

    /** "10 s", "1.5 s", "250 ms". */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** "64 KB", "1 MB", "500 bytes". */
    static String size(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    /**
     * Counts the body's bytes and cancels the subscription (the connection is closed, not reused) past {@code max}:
     * completes with true when the body was over the cap, false when it ended within it. {@link #abort()} stops it from
     * outside (the deadline).
     */
    static final class CappedBody implements HttpResponse.BodySubscriber<Boolean> {

        private final long max;
        private final CompletableFuture<Boolean> result = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean aborted;
        private long read;

        CappedBody(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<Boolean> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (aborted) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                read += b.remaining();
            }
            if (read > max) {
                subscription.cancel();
                result.complete(true);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(false);
        }

        /** Bytes seen so far (at most one network read past the cap). */
        long read() {
            return read;
        }

        void abort() {
            aborted = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            result.completeExceptionally(new TimeoutException("deadline"));
        }
    }
}
