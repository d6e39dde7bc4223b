package io.packops.testsupport.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Fuzzes a running service over HTTP (the app a {@code @QuarkusTest} started): each generated request is sent
 * and its answer must pass {@link #checkAnswer}: no 5xx, no stack trace or Java class name in the body, every
 * 4xx an {@code application/problem+json} with a reason ({@code detail} or {@code errors}), and an answer
 * within {@link #SLOW}. Two client threads keep the two CPUs of the build machine busy without starving it.
 */
public final class HttpFuzz {

    public static final Duration SLOW = Duration.ofSeconds(10);
    public static final int THREADS = 2;

    /** Stack frames, qualified Java class names, exception class names. */
    private static final Pattern LEAK = Pattern.compile(
            "\\bat (?:io|java|jdk|org|com|sun)\\.[\\w.$]+\\(|\\b(?:java|javax|jakarta|jdk|sun|io\\.quarkus|io\\.vertx|io\\.packops|"
                    + "org\\.jboss|org\\.hibernate|org\\.yaml|com\\.fasterxml|net\\.sf)\\.[\\w.$]*[A-Z]\\w*|\\b\\w+(?:Exception|Error)\\b");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat (?:io|java|jdk|org|com|sun)\\.[\\w.$]+\\([\\w.]*(?::\\d+)?\\)");
    /** What a problem quotes of the caller's own input ('…' or \"…\" in the JSON text), which may name anything. */
    private static final Pattern QUOTED = Pattern.compile("'[^'\\n]*'|\\\\\"[^\"]*\\\\\""); // no alternation in a loop: it recursed on long bodies

    /** One request: the path may carry a query; {@code contentType} and {@code body} may be null. */
    public record Request(String method, String path, String contentType, String body, String token,
                          java.util.Map<String, String> headers) {
        public Request(String method, String path, String contentType, String body, String token) {
            this(method, path, contentType, body, token, java.util.Map.of());
        }

        /** This request with one more header. */
        public Request withHeader(String name, String value) {
            java.util.Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, path, contentType, body, token, more);
        }

        public static Request post(String path, String contentType, String body, String token) {
            return new Request("POST", path, contentType, body, token);
        }

        public static Request get(String path, String token) {
            return new Request("GET", path, null, null, token);
        }

        @Override
        public String toString() {
            return method + " " + path + (contentType == null ? "" : " (" + contentType + ")") + "\n" + (body == null ? "" : body);
        }
    }

    public record Answer(int status, String contentType, String body, long millis) {
        @Override
        public String toString() {
            return status + " " + contentType + " in " + millis + " ms: " + Fuzz.abridge(body);
        }
    }

    private final URI base;
    private final HttpClient client;

    /** {@code base}: the app's root, e.g. from {@code @TestHTTPResource("/")}. */
    public HttpFuzz(URI base) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Answer send(Request request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(request.path())).timeout(SLOW.multipliedBy(3));
        if (request.token() != null) {
            b.header("Authorization", "Bearer " + request.token());
        }
        if (request.contentType() != null) {
            b.header("Content-Type", request.contentType());
        }
        request.headers().forEach(b::header);
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        b.method(request.method(), body);
        long t0 = System.nanoTime();
        HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * {@code tries} generated requests on {@link #THREADS} threads, each answer checked by {@link #checkAnswer}
     * and then {@code extra} (may be null). Fails with the seed, the failing requests and their answers.
     */
    public Fuzz.Report run(String target, int tries, Function<RandomGenerator, Request> generator,
                           BiConsumer<Request, Answer> extra) {
        AtomicLong statuses2xx = new AtomicLong();
        Fuzz.Report report = Fuzz.run(target, tries, THREADS, generator, request -> {
            Answer answer = send(request);
            try {
                checkAnswer(answer);
                if (extra != null) {
                    extra.accept(request, answer);
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; answer " + answer, null);
            }
            if (answer.status() < 300) {
                statuses2xx.incrementAndGet();
            }
        });
        System.out.printf(Locale.ROOT, "fuzz %s: %d of %d answers were 2xx%n", target, statuses2xx.get(), tries);
        return report;
    }

    /** What every answer to any input must be. */
    public static void checkAnswer(Answer a) {
        if (a.status() >= 500) {
            throw new AssertionError("server error " + a.status());
        }
        // a 2xx may echo the caller's own data (an imported document, a stored manifest): only frames count there
        String unquoted = QUOTED.matcher(a.body()).replaceAll("''");
        if (a.status() < 400 ? STACK_FRAME.matcher(a.body()).find() : LEAK.matcher(unquoted).find()) {
            throw new AssertionError("the body names Java internals: '" + leak(unquoted) + "'");
        }
        if (a.millis() > SLOW.toMillis()) {
            throw new AssertionError("slow answer: " + a.millis() + " ms");
        }
        if (a.status() >= 400) {
            if (!a.contentType().startsWith("application/problem+json")) {
                throw new AssertionError("a " + a.status() + " that is not application/problem+json: " + a.contentType());
            }
            JsonNode problem;
            try {
                problem = JSON.readTree(a.body());
            } catch (IOException e) {
                throw new AssertionError("a problem that is not JSON");
            }
            boolean detail = problem.path("detail").isTextual() && !problem.path("detail").textValue().isBlank();
            boolean errors = problem.path("errors").isArray() && !problem.path("errors").isEmpty();
            if (!detail && !errors) {
                throw new AssertionError("a problem without a reason (neither detail nor errors)");
            }
            if (problem.path("status").asInt() != a.status()) {
                throw new AssertionError("the problem's status " + problem.path("status") + " is not the answer's");
            }
        }
    }

    private static String leak(String body) {
        var m = LEAK.matcher(body);
        return m.find() ? body.substring(Math.max(0, m.start() - 40), Math.min(body.length(), m.end() + 40)) : "";
    }
}
