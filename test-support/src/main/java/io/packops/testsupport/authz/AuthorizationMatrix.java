package io.packops.testsupport.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The authorization matrix of a service, from its code and its OpenAPI document.
 *
 * <p>{@link #scan} finds every JAX-RS resource method of the service's package (on the class path: the app a
 * {@code @QuarkusTest} runs) with the roles its {@code @RolesAllowed} / {@code @PermitAll} / {@code @DenyAll}
 * (method, else class) declares; a method with none of them is an error, so a new endpoint without a role
 * annotation fails the build. {@link #verify} then takes every operation of {@code /q/openapi} (plus the
 * scanned ones hidden from it, which must be listed), finds its resource method, and calls it without a token
 * (401), with an unknown token (401) and with each role's token: 403 when the token's roles (as the service's
 * own token mapping grants them, nesting included) meet none of the declared roles, anything but 401/403
 * otherwise (a 503 for a document not loaded yet is the fuzzers' business, not authorization's). Management paths are checked too: the API description needs a token, health and metrics do not.
 */
public final class AuthorizationMatrix {

    /** One resource method: its HTTP method and path template, and the roles allowed (null: {@code @PermitAll}). */
    public record Operation(String method, String path, Method javaMethod, Set<String> roles, String consumes) {
        public String key() {
            return method + " " + path;
        }

        @Override
        public String toString() {
            return key() + " -> " + javaMethod.getDeclaringClass().getSimpleName() + "." + javaMethod.getName()
                    + (roles == null ? " @PermitAll" : " " + roles);
        }
    }

    /** What the test knows about the service. */
    public record Service(
            URI base,
            String packagePrefix,
            /* role name -> test token of that role */
            Map<String, String> tokens,
            /* token -> the roles the service grants it (its own mapping, nesting included) */
            Function<String, Set<String>> grantedRoles,
            /* path parameter name -> a sample value (a harmless one: unknown ids are fine) */
            Map<String, String> pathSamples,
            /* "METHOD /path" of @PermitAll operations open to anyone (each with why) */
            Map<String, String> publicOperations,
            /* "METHOD /path" of @PermitAll operations that check roles themselves -> the roles they let in */
            Map<String, Set<String>> selfChecked,
            /* "METHOD /path" of operations deliberately hidden from /q/openapi (each with why) */
            Map<String, String> hiddenFromOpenApi) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PARAM = Pattern.compile("\\{\\s*([A-Za-z0-9_]+)\\s*(?::[^}]*)?}");
    private static final List<String> ANNOTATIONS = List.of(RolesAllowed.class.getName(), PermitAll.class.getName(),
            DenyAll.class.getName(), "io.quarkus.security.Authenticated");

    private AuthorizationMatrix() {
    }

    /** Every JAX-RS resource method in classes of {@code packagePrefix} on {@code loader}'s class path. */
    public static List<Operation> scan(String packagePrefix, ClassLoader loader) {
        List<Operation> operations = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Class<?> type : classes(packagePrefix, loader)) {
            Path classPath = type.getAnnotation(Path.class);
            if (classPath == null || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                continue; // REST client interfaces carry @Path too
            }
            for (Method m : type.getDeclaredMethods()) {
                String http = httpMethod(m);
                if (http == null) {
                    continue;
                }
                Path methodPath = m.getAnnotation(Path.class);
                String path = normalise(classPath.value() + "/" + (methodPath == null ? "" : methodPath.value()));
                Annotation declared = security(m);
                if (declared == null) {
                    declared = security(type);
                }
                Set<String> roles;
                if (declared instanceof RolesAllowed r) {
                    roles = new TreeSet<>(List.of(r.value()));
                } else if (declared instanceof PermitAll) {
                    roles = null;
                } else if (declared instanceof DenyAll) {
                    roles = Set.of();
                } else if (declared != null) {
                    roles = Set.of("*"); // @Authenticated: any valid token
                } else {
                    problems.add(http + " " + path + " (" + type.getSimpleName() + "." + m.getName() + ")");
                    continue;
                }
                operations.add(new Operation(http, path, m, roles, consumes(m, type)));
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("endpoints without @RolesAllowed or @PermitAll (every endpoint must say who may call it):\n  "
                    + String.join("\n  ", problems));
        }
        operations.sort(Comparator.comparing(Operation::key));
        return operations;
    }

    /**
     * Scans the service, checks the allow-lists against the code and the OpenAPI document, then calls every
     * operation as nobody, as an unknown token and as each role. Fails with every deviation at once.
     */
    public static void verify(Service service) throws IOException, InterruptedException {
        List<Operation> scanned = scan(service.packagePrefix(), Thread.currentThread().getContextClassLoader());
        List<String> failures = new ArrayList<>();
        Map<String, Operation> byKey = new LinkedHashMap<>();
        for (Operation op : scanned) {
            byKey.put(op.method() + " " + shape(op.path()), op);
            boolean listed = service.publicOperations().containsKey(op.key()) || service.selfChecked().containsKey(op.key());
            if (op.roles() == null && !listed) {
                failures.add(op.key() + " is @PermitAll but not in the allow-list of public operations");
            }
            if (op.roles() != null && listed) {
                failures.add(op.key() + " is in the allow-list of public operations but declares roles " + op.roles());
            }
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String anyToken = service.tokens().values().iterator().next();

        // the OpenAPI document: every operation must be a scanned one; scanned ones missing from it must be listed
        HttpResponse<String> doc = send(client, service.base(), "GET", "/q/openapi?format=json", null, anyToken);
        if (doc.statusCode() != 200) {
            throw new AssertionError("GET /q/openapi?format=json answered " + doc.statusCode());
        }
        JsonNode paths = JSON.readTree(doc.body()).path("paths");
        Set<String> documented = new LinkedHashSet<>();
        List<Operation> matrix = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS").contains(method)) {
                    continue;
                }
                String key = method + " " + shape(normalise(path.getKey()));
                Operation op = byKey.get(key);
                if (op == null) {
                    failures.add("OpenAPI lists " + method + " " + path.getKey() + " but no resource method of "
                            + service.packagePrefix() + " serves it: its roles are unknown");
                    continue;
                }
                documented.add(key);
                matrix.add(op);
            }
        }
        for (Map.Entry<String, Operation> e : byKey.entrySet()) {
            boolean hiddenListed = service.hiddenFromOpenApi().containsKey(e.getValue().key());
            if (!documented.contains(e.getKey())) {
                if (!hiddenListed) {
                    failures.add(e.getValue().key() + " is missing from /q/openapi (list it as hidden, with why, if that is deliberate)");
                }
                matrix.add(e.getValue());
            } else if (hiddenListed) {
                failures.add(e.getValue().key() + " is listed as hidden from /q/openapi but is documented");
            }
        }

        int calls = 0;
        for (Operation op : matrix) {
            String url = samplePath(op.path(), service.pathSamples());
            String body = op.method().equals("GET") || op.method().equals("DELETE") || op.method().equals("HEAD") ? null : "";
            String publicWhy = service.publicOperations().get(op.key());
            Set<String> roles = service.selfChecked().getOrDefault(op.key(), op.roles());

            HttpResponse<String> anonymous = send(client, service.base(), op.method(), url, op.consumes(), null, body);
            calls++;
            if (publicWhy == null && anonymous.statusCode() != 401) {
                failures.add(op.key() + " without a token: " + anonymous.statusCode() + ", expected 401");
            } else if (publicWhy != null && ((anonymous.statusCode() == 403 && !csrfRefusal(anonymous))
                    || anonymous.statusCode() >= 500)) {
                failures.add(op.key() + " (public: " + publicWhy + ") without a token: " + anonymous.statusCode());
            }
            if (publicWhy != null) {
                continue;
            }
            HttpResponse<String> unknown = send(client, service.base(), op.method(), url, op.consumes(), "not-a-valid-token", body);
            calls++;
            if (unknown.statusCode() != 401) {
                failures.add(op.key() + " with an unknown token: " + unknown.statusCode() + ", expected 401");
            }
            for (Map.Entry<String, String> role : new java.util.TreeMap<>(service.tokens()).entrySet()) {
                Set<String> granted = service.grantedRoles().apply(role.getValue());
                boolean allowed = roles.contains("*") || granted.stream().anyMatch(roles::contains);
                HttpResponse<String> answer = send(client, service.base(), op.method(), url, op.consumes(), role.getValue(), body);
                calls++;
                int status = answer.statusCode();
                if (allowed && (status == 401 || status == 403)) {
                    failures.add(op.key() + " as " + role.getKey() + " (allowed: " + roles + "): " + status + ", expected neither 401 nor 403");
                } else if (!allowed && status != 403) {
                    failures.add(op.key() + " as " + role.getKey() + " (allowed: " + roles + "): " + status + ", expected 403");
                }
            }
        }
        // management paths: the description needs a token, health and metrics do not
        expect(client, service.base(), "/q/openapi", null, 401, failures);
        expect(client, service.base(), "/q/openapi", anyToken, 200, failures);
        expect(client, service.base(), "/q/health/live", null, 200, failures);
        expect(client, service.base(), "/q/metrics", null, 200, failures);
        System.out.printf(Locale.ROOT, "authorization matrix of %s: %d operations (%d documented), %d roles, %d calls%n",
                service.packagePrefix(), matrix.size(), documented.size(), service.tokens().size(), calls + 4);
        if (!failures.isEmpty()) {
            throw new AssertionError("authorization matrix of " + service.packagePrefix() + ":\n  " + String.join("\n  ", failures));
        }
    }

    /**
     * A public form's 403 for a POST without its CSRF token (service-kit's {@code BrowserSignIn}): the form is doing
     * its job, not refusing a role.
     */
    private static boolean csrfRefusal(HttpResponse<String> answer) {
        return answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                && answer.body().contains("CSRF token is missing");
    }

    private static void expect(HttpClient client, URI base, String path, String token, int status, List<String> failures)
            throws IOException, InterruptedException {
        int got = send(client, base, "GET", path, null, token).statusCode();
        if (got != status) {
            failures.add("GET " + path + (token == null ? " without a token: " : " with a token: ") + got + ", expected " + status);
        }
    }

    private static HttpResponse<String> send(HttpClient client, URI base, String method, String path, String contentType,
                                             String token) throws IOException, InterruptedException {
        return send(client, base, method, path, contentType, token, null);
    }

    private static HttpResponse<String> send(HttpClient client, URI base, String method, String path, String contentType,
                                             String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The path with each {@code {param}} replaced by its sample (default {@code 1}). */
    static String samplePath(String template, Map<String, String> samples) {
        Matcher m = PARAM.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(samples.getOrDefault(m.group(1), "1")));
        }
        m.appendTail(sb);
        return sb.toString().startsWith("/") ? sb.toString().substring(1) : sb.toString();
    }

    /** {@code /a//b/} → {@code /a/b}; {@code {id: [0-9]+}} → {@code {id}}. */
    static String normalise(String path) {
        String p = ("/" + path).replaceAll("/+", "/");
        p = PARAM.matcher(p).replaceAll("{$1}");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The template with parameter names erased, to match OpenAPI's spelling whatever the names. */
    private static String shape(String path) {
        return PARAM.matcher(path).replaceAll("{}");
    }

    private static String httpMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static Annotation security(AnnotatedElement element) {
        for (Annotation a : element.getAnnotations()) {
            if (ANNOTATIONS.contains(a.annotationType().getName())) {
                return a;
            }
        }
        return null;
    }

    /** The first media type the method takes (method, else class); JSON when it takes anything. */
    private static String consumes(Method m, Class<?> type) {
        Consumes c = m.getAnnotation(Consumes.class) != null ? m.getAnnotation(Consumes.class) : type.getAnnotation(Consumes.class);
        if (c == null || c.value().length == 0 || c.value()[0].contains("*")) {
            return "application/json";
        }
        return c.value()[0].split(",")[0].trim();
    }

    private static List<Class<?>> classes(String packagePrefix, ClassLoader loader) {
        String dir = packagePrefix.replace('.', '/');
        Set<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(dir);
            for (URL root : Collections.list(roots)) {
                if (!"file".equals(root.getProtocol())) {
                    continue;
                }
                java.nio.file.Path base = Paths.get(root.toURI());
                try (Stream<java.nio.file.Path> files = Files.walk(base)) {
                    files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                        String relative = base.relativize(f).toString().replace('\\', '/');
                        names.add(packagePrefix + "." + relative.substring(0, relative.length() - ".class".length()).replace('/', '.'));
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class the app does not load (e.g. a test helper needing another class path): not an endpoint
            }
        }
        if (classes.isEmpty()) {
            throw new AssertionError("no classes of " + packagePrefix + " on the class path: the scan would prove nothing");
        }
        return classes;
    }
}
