package io.packops.testsupport.receivers;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A webhook receiver that behaves badly, for the paging fault tests, on a free loopback port:
 * {@code /drip/…} answers 200 and then one byte per {@code dripEvery} for {@code dripFor} (a slow-loris answer);
 * {@code /huge/…} answers 500 with a body of {@code hugeBytes}; anything else answers 202 at once.
 * Records each request (path and when it came) and how many bytes of the huge answers it could write before the
 * client hung up.
 */
public final class BadReceiver implements AutoCloseable {

    /** A request as received. */
    public record Request(String path, Instant at, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong hugeBytesWritten = new AtomicLong();
    private final Duration dripEvery;
    private final Duration dripFor;
    private final long hugeBytes;

    private BadReceiver(Duration dripEvery, Duration dripFor, long hugeBytes) throws IOException {
        this.dripEvery = dripEvery;
        this.dripFor = dripFor;
        this.hugeBytes = hugeBytes;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bad-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Drips one byte every {@code dripEvery} for {@code dripFor}; huge answers of {@code hugeBytes}. */
    public static BadReceiver start(Duration dripEvery, Duration dripFor, long hugeBytes) {
        try {
            return new BadReceiver(dripEvery, dripFor, hugeBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>} (allow-list it as {@code localhost:<port>}). */
    public String url() {
        return "http://localhost:" + port();
    }

    public List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    /** Bytes of huge answers written before the client hung up (all of them when it read everything). */
    public long hugeBytesWritten() {
        return hugeBytesWritten.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        requests.add(new Request(path, Instant.now(), body));
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            if (path.startsWith("/drip")) {
                exchange.sendResponseHeaders(200, 0); // chunked: the body never seems to end
                Instant until = Instant.now().plus(dripFor);
                while (Instant.now().isBefore(until)) {
                    out.write('.');
                    out.flush();
                    Thread.sleep(dripEvery.toMillis());
                }
            } else if (path.startsWith("/huge")) {
                exchange.sendResponseHeaders(500, hugeBytes);
                byte[] chunk = new byte[16 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (long left = hugeBytes; left > 0; left -= chunk.length) {
                    int n = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, n);
                    hugeBytesWritten.addAndGet(n);
                }
            } else {
                exchange.sendResponseHeaders(202, -1);
            }
        } catch (IOException | InterruptedException e) {
            // the client hung up (what the tests want it to do), or the receiver is closing
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
