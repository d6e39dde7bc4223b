package io.packops.cli.runbooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HTTP endpoints a service serves, read from the JAX-RS annotations of its sources (class {@code @Path} +
 * method {@code @Path} and {@code @GET}/{@code @POST}/…), and its port from {@code quarkus.http.port=${PORT:n}}.
 * REST client interfaces ({@code @RegisterRestClient}) are calls, not endpoints, and are skipped.
 */
record Endpoints(int port, List<Endpoint> endpoints) {

    record Endpoint(String method, String path) {
    }

    private static final Pattern PATH = Pattern.compile("@Path\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern METHOD = Pattern.compile("@(GET|POST|PUT|DELETE|PATCH|HEAD)\\b");
    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|record)\\s+\\w+");

    static Endpoints scan(Path serviceDir) {
        Matcher port = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{PORT:(\\d+)}")
                .matcher(RunbooksTest.read(serviceDir.resolve("src/main/resources/application.properties")));
        if (!port.find()) {
            throw new IllegalStateException(serviceDir + ": no quarkus.http.port=${PORT:n}");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<Path> files = Files.walk(serviceDir.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> endpoints.addAll(endpoints(RunbooksTest.read(f))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Endpoints(Integer.parseInt(port.group(1)), endpoints);
    }

    /** Endpoints of one source file: annotation groups (multi-line ones joined) before each declaration. */
    static List<Endpoint> endpoints(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", "");
        if (code.contains("@RegisterRestClient")) {
            return List.of();
        }
        List<Endpoint> out = new ArrayList<>();
        String classPath = null;
        boolean inType = false;
        List<String> group = new ArrayList<>();
        StringBuilder open = null;
        int depth = 0;
        for (String raw : code.split("\n")) {
            String line = raw.trim();
            if (open != null) { // inside a multi-line annotation
                open.append(' ').append(line);
                depth += balance(line);
                if (depth <= 0) {
                    group.add(open.toString());
                    open = null;
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("@")) {
                int b = balance(line);
                if (b > 0) {
                    open = new StringBuilder(line);
                    depth = b;
                } else {
                    group.add(line);
                }
                continue;
            }
            // a declaration ends the group
            String annotations = String.join(" ", group);
            group.clear();
            Matcher path = PATH.matcher(annotations);
            String p = path.find() ? path.group(1) : null;
            if (!inType && TYPE.matcher(line).find()) {
                inType = true;
                classPath = p;
                continue;
            }
            Matcher method = METHOD.matcher(annotations);
            if (inType && classPath != null && method.find()) {
                out.add(new Endpoint(method.group(1), join(classPath, p)));
            }
        }
        return out;
    }

    boolean serves(String method, String path) {
        return endpoints.stream().anyMatch(e -> (method == null || e.method().equals(method)) && matches(e.path(), path));
    }

    /** A template segment {@code {x}} (or {@code {x: regex}}) matches any segment; others must be equal. */
    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = strip(path).split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i].startsWith("{") && t[i].endsWith("}") && !p[i].isEmpty()) && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    static String join(String classPath, String methodPath) {
        String joined = "/" + classPath + (methodPath == null ? "" : "/" + methodPath);
        return strip(joined.replaceAll("/+", "/"));
    }

    static String strip(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static int balance(String line) {
        int b = 0;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                b++;
            } else if (!quoted && c == ')') {
                b--;
            }
        }
        return b;
    }
}
