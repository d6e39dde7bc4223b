package io.packops.testsupport.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile inputs for the limits tests, and a request that declares a body it never sends. */
public final class Limits {

    private Limits() {
    }

    /** A body endpoint of a limits test: what it reads and whose token it takes. */
    public record Body(String method, String path, String contentType, String token) {
        public static Body post(String path, String contentType, String token) {
            return new Body("POST", path, contentType, token);
        }
    }

    /**
     * {@link #declaredBody} over the service's limit: a 413 problem (never a 5xx), answered from the head alone. The
     * time is printed; each test bounds it as its CI allows.
     */
    public static HttpFuzz.Answer assertDeclaredBodyRefused(URI base, Body body, long contentLength) throws IOException {
        HttpFuzz.Answer a = declaredBody(base, body.path(), body.contentType(), body.token(), contentLength);
        System.out.println("limits: " + body.path() + " declaring " + contentLength / (1024 * 1024) + " MiB -> " + a.status()
                + " in " + a.millis() + " ms");
        assertThat(a.status()).as(body.path()).isEqualTo(413);
        HttpFuzz.checkAnswer(a);
        return a;
    }

    /** Sends a hostile request: never a 5xx, and answered within {@code maxMillis}. */
    public static HttpFuzz.Answer answerWithin(URI base, HttpFuzz.Request request, long maxMillis) throws Exception {
        HttpFuzz.Answer a = new HttpFuzz(base).send(request);
        HttpFuzz.checkAnswer(a);
        assertThat(a.millis()).as("milliseconds").isLessThan(maxMillis);
        return a;
    }

    /** {@code depth} nested JSON arrays: {@code [[[…]]]}. */
    public static String nestedJson(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Billion laughs: nine levels of nine aliases each (9^9 nodes when expanded), then {@code tail}. */
    public static String yamlBomb(String tail) {
        StringBuilder sb = new StringBuilder("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int l = 1; l < 9; l++) {
            String ref = "*a" + (l - 1);
            sb.append("a").append(l).append(": &a").append(l).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, ref))).append("]\n");
        }
        return sb.append(tail).toString();
    }

    /**
     * Sends only the head of a POST declaring {@code contentLength} bytes, and reads the answer: a service must refuse
     * an oversized body from its {@code Content-Length} alone, before reading it.
     */
    public static HttpFuzz.Answer declaredBody(URI base, String path, String contentType, String token, long contentLength)
            throws IOException {
        long t0 = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: " + contentType + "\r\n"
                    + "Content-Length: " + contentLength + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readResponse(socket.getInputStream());
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String headers = response.substring(0, Math.max(split, 0)).toLowerCase(Locale.ROOT);
            String type = "";
            for (String line : headers.split("\r\n")) {
                if (line.startsWith("content-type:")) {
                    type = line.substring("content-type:".length()).trim();
                }
            }
            String body = split < 0 ? "" : response.substring(split + 4);
            return new HttpFuzz.Answer(status, type, body, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** The head and as much of the body as arrives before the server closes or goes quiet for a second. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            sb.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            int split = sb.indexOf("\r\n\r\n");
            if (split >= 0) {
                String head = sb.substring(0, split).toLowerCase(Locale.ROOT);
                int cl = head.indexOf("content-length:");
                if (cl >= 0) {
                    int end = head.indexOf("\r\n", cl);
                    long length = Long.parseLong(head.substring(cl + 15, end < 0 ? head.length() : end).trim());
                    if (sb.length() - split - 4 >= length) {
                        break;
                    }
                }
            }
        }
        if (sb.length() < 12) {
            throw new IOException("no HTTP answer: " + sb);
        }
        return sb.toString();
    }
}
