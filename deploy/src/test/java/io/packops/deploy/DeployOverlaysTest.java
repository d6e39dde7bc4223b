package io.packops.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders every overlay of deploy/overlays with {@code kubectl kustomize} and checks it against the services:
 * probes and ports against {@code quarkus.http.port}, references to ConfigMaps and Secrets (present, or external
 * and listed in deploy/README.md), ConfigMap keys against what each application.properties reads, pinned images,
 * no root, replicas, HPA, PDBs and the NetworkPolicies' service-to-service calls.
 */
class DeployOverlaysTest {

    static final List<String> SERVICES = List.of("ingest-service", "alerting-service", "ownership-service");
    /** DESIGN "Parts": the only calls between services. */
    static final Set<String> ALLOWED_CALLS = Set.of("alerting-service->ingest-service", "alerting-service->ownership-service");
    static final Map<String, String> PROBES = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");
    static final String NAME_LABEL = "app.kubernetes.io/name";

    static Path root;
    static String kubectl;
    static Map<String, Set<String>> externalSecrets;

    @BeforeAll
    static void setUp() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("deploy/overlays"))) {
            root = root.getParent();
            assertThat(root).as("repository root above the working directory").isNotNull();
        }
        externalSecrets = externalSecrets(Files.readString(root.resolve("deploy/README.md")));
        kubectl = findKubectl();
        if (kubectl == null) {
            String why = "no kubectl: set KUBECTL or put kubectl on the PATH (.ci/run installs one)";
            assertThat(System.getenv("CI")).as(why).isNull();
            Assumptions.abort(why);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayRendersAndHoldsTogether() throws IOException {
        List<Path> overlays;
        try (Stream<Path> s = Files.list(root.resolve("deploy/overlays"))) {
            overlays = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("staging", "production");
        return overlays.stream().map(o -> DynamicTest.dynamicTest(o.getFileName().toString(), () -> check(render(o))));
    }

    @Test
    void everyJvmImageRunsWithTheAotCacheItTrainedOnTheSameBaseImage() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            String text = Files.readString(root.resolve(service + "/src/main/docker/Dockerfile.jvm"));
            Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)(\\s+AS\\s+(\\S+))?").matcher(text);
            List<String> images = new ArrayList<>();
            List<String> stages = new ArrayList<>();
            while (from.find()) {
                images.add(from.group(1));
                stages.add(from.group(3) == null ? "" : from.group(3));
            }
            // the cache is only used by the JVM that wrote it: the training stage and the runtime share one base image
            if (images.size() != 2 || !images.get(0).equals(images.get(1)) || !stages.get(0).equals("train")) {
                problems.add(service + ": not a train stage and a runtime stage from one base image: " + images + " " + stages);
            }
            Matcher training = Pattern.compile("(?m)^\\s*java (.*)-XX:AOTCacheOutput=(\\S+) -jar quarkus-run.jar").matcher(text);
            Matcher runtimeFlags = Pattern.compile("(?m)^ENV JAVA_OPTS_APPEND=\"([^\"]*)\"").matcher(text);
            if (!training.find() || !runtimeFlags.find()) {
                problems.add(service + ": no training run with -XX:AOTCacheOutput or no JAVA_OPTS_APPEND");
                continue;
            }
            if (!text.contains("COPY --from=train") || !text.contains("-XX:AOTCache=" + training.group(2) + " ")) {
                problems.add(service + ": the runtime stage does not copy and use the cache " + training.group(2));
            }
            // a cache trained with other JVM flags (collector, heap) may be refused at start
            for (String flag : runtimeFlags.group(1).split("\\s+")) {
                if (flag.startsWith("-XX:") && !training.group(1).contains(flag)) {
                    problems.add(service + ": runtime flag " + flag + " is not in the training run");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasPinnedNonRootJvmAndNativeDockerfilesExposingItsPort() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            int port = Properties.of(root.resolve(service + "/src/main/resources/application.properties")).defaultPort();
            for (String kind : List.of("Dockerfile.jvm", "Dockerfile.native")) {
                Path file = root.resolve(service + "/src/main/docker/" + kind);
                if (!Files.exists(file)) {
                    problems.add(service + ": no src/main/docker/" + kind);
                    continue;
                }
                String text = Files.readString(file);
                Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(text);
                while (from.find()) {
                    if (!pinned(from.group(1))) {
                        problems.add(service + "/" + kind + ": base image " + from.group(1) + " is not pinned");
                    }
                }
                if (!text.contains("\nEXPOSE " + port + "\n")) {
                    problems.add(service + "/" + kind + ": does not EXPOSE " + port);
                }
                Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
                String last = null;
                while (user.find()) {
                    last = user.group(1);
                }
                if (last == null || last.equals("root") || last.equals("0") || last.startsWith("0:")) {
                    problems.add(service + "/" + kind + ": the last USER is " + last + ", not a non-root user");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theExternalSecretsTableIsRead() {
        assertThat(externalSecrets).containsKeys("packops-ingest-tokens", "packops-ingest-db", "packops-ownership-routes");
        assertThat(externalSecrets).doesNotContainKey("packops-tokens"); // one Secret of every token for every pod: gone
    }

    @Test
    void eachServiceHasATokenSecretOfItsOwnWithOnlyTheTokensItNeeds() {
        // least privilege: alerting gets the peer and automation tokens it sends and the people's roles it serves,
        // never ingest's telemetry tokens nor the admin tokens only ownership needs
        assertThat(externalSecrets.get("packops-ingest-tokens")).containsExactlyInAnyOrder("PACKOPS_TOKEN_INGEST",
                "PACKOPS_TOKEN_AGENT", "PACKOPS_TOKEN_OPERATOR", "PACKOPS_TOKEN_PEER", "PACKOPS_TOKEN_AUTOMATION");
        assertThat(externalSecrets.get("packops-ownership-tokens")).containsExactlyInAnyOrder("PACKOPS_TOKEN_AGENT",
                "PACKOPS_TOKEN_OPERATOR", "PACKOPS_TOKEN_ADMIN", "PACKOPS_TOKEN_PEER");
        assertThat(externalSecrets.get("packops-alerting-tokens")).containsExactlyInAnyOrder("PACKOPS_TOKEN_AGENT",
                "PACKOPS_TOKEN_OPERATOR", "PACKOPS_PEER_TOKEN", "PACKOPS_AUTOMATION_TOKEN");
    }

    // ---- the checks ----------------------------------------------------------------------------------------

    void check(List<JsonNode> docs) throws IOException {
        Map<String, List<JsonNode>> byKind = new HashMap<>();
        docs.forEach(d -> byKind.computeIfAbsent(d.path("kind").asText(), k -> new ArrayList<>()).add(d));
        Map<String, JsonNode> configMaps = byName(byKind, "ConfigMap");
        Map<String, JsonNode> secrets = byName(byKind, "Secret");
        Map<String, JsonNode> deployments = byName(byKind, "Deployment");
        List<String> problems = new ArrayList<>();
        Set<String> secretsUsed = new TreeSet<>();

        assertThat(deployments).containsKeys(SERVICES.toArray(String[]::new));
        for (String service : SERVICES) {
            Properties props = Properties.of(root.resolve(service + "/src/main/resources/application.properties"));
            JsonNode deployment = deployments.get(service);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            Map<String, String> env = configMapEnv(container, configMaps);
            int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : props.defaultPort();

            Map<String, Integer> ports = new HashMap<>();
            container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
            if (!ports.containsValue(port)) {
                problems.add(service + ": no container port " + port + " (its quarkus.http.port), ports " + ports);
            }
            PROBES.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                if (!path.equals(get.path("path").asText())) {
                    problems.add(service + ": " + probe + " path is '" + get.path("path").asText() + "', not " + path);
                }
                if (resolvePort(get.path("port"), ports) != port) {
                    problems.add(service + ": " + probe + " port " + get.path("port") + " is not " + port);
                }
            });
            // a start without the AOT cache (a JVM that refuses it) must still fit in the startup probe's budget
            JsonNode startup = container.path("startupProbe");
            int budget = startup.path("periodSeconds").asInt(10) * startup.path("failureThreshold").asInt(3);
            if (budget < 120) {
                problems.add(service + ": startupProbe allows " + budget + " s, less than the 120 s a start without the AOT cache may take");
            }
            JsonNode svc = byName(byKind, "Service").get(service);
            if (svc == null) {
                problems.add(service + ": no Service");
            } else {
                svc.path("spec").path("ports").forEach(p -> {
                    if (resolvePort(p.path("targetPort"), ports) != port) {
                        problems.add(service + ": Service targetPort " + p.path("targetPort") + " is not " + port);
                    }
                });
                if (!service.equals(svc.path("spec").path("selector").path(NAME_LABEL).asText())) {
                    problems.add(service + ": the Service does not select the Deployment's pods");
                }
            }
            for (String key : env.keySet()) {
                if (!props.envNames().contains(key)) {
                    problems.add(service + ": ConfigMap key " + key + " is no environment variable "
                            + service + "'s application.properties reads");
                }
            }
            problems.addAll(secretProblems(service, container, props));
            if (service.equals("alerting-service") && deployment.path("spec").path("replicas").asInt(1) < 2) {
                problems.add("alerting-service: fewer than 2 replicas");
            }
            boolean hasPdb = byKind.getOrDefault("PodDisruptionBudget", List.of()).stream()
                    .anyMatch(p -> service.equals(p.path("spec").path("selector").path("matchLabels").path(NAME_LABEL).asText()));
            if (!hasPdb) {
                problems.add(service + ": no PodDisruptionBudget selects it");
            }
        }
        boolean ingestHpa = byKind.getOrDefault("HorizontalPodAutoscaler", List.of()).stream()
                .anyMatch(h -> h.path("spec").path("scaleTargetRef").path("name").asText().equals("ingest-service")
                        && h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                        && h.path("spec").path("minReplicas").asInt(1) >= 2);
        if (!ingestHpa) {
            problems.add("ingest-service: no HorizontalPodAutoscaler with minReplicas >= 2");
        }

        for (JsonNode deployment : deployments.values()) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode c : containers) {
                String where = name + "/" + c.path("name").asText();
                problems.addAll(securityProblems(where, pod.path("securityContext"), c.path("securityContext")));
                String image = c.path("image").asText();
                if (!pinned(image)) {
                    problems.add(where + ": image '" + image + "' is not pinned (a tag other than latest, or a digest)");
                }
                JsonNode res = c.path("resources");
                if (res.path("requests").path("cpu").isMissingNode() || res.path("requests").path("memory").isMissingNode()
                        || res.path("limits").path("memory").isMissingNode()) {
                    problems.add(where + ": resources need cpu and memory requests and a memory limit");
                }
                problems.addAll(referenceProblems(where, c, pod, configMaps, secrets, secretsUsed));
            }
        }
        for (String external : externalSecrets.keySet()) {
            if (!secretsUsed.contains(external)) {
                problems.add("deploy/README.md lists the external Secret " + external + " but nothing references it");
            }
        }
        problems.addAll(networkProblems(byKind.getOrDefault("NetworkPolicy", List.of())));
        for (JsonNode monitor : byKind.getOrDefault("ServiceMonitor", List.of())) {
            monitor.path("spec").path("endpoints").forEach(e -> {
                if (!"/q/metrics".equals(e.path("path").asText()) || !"http".equals(e.path("port").asText())) {
                    problems.add("ServiceMonitor " + monitor.path("metadata").path("name").asText() + " does not scrape http /q/metrics");
                }
            });
        }
        assertThat(byName(byKind, "ServiceMonitor")).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(byKind).containsKey("PrometheusRule");
        assertThat(problems).isEmpty();
    }

    /**
     * Least privilege: a service reads Secrets of its own only ({@code packops-<service>-...}), and its
     * {@code PACKOPS_TOKEN_*} variables are exactly the roles its {@code packops.auth.roles} serves (the prod profile
     * refuses to start without them); only alerting has the outbound peer and automation tokens.
     */
    static List<String> secretProblems(String service, JsonNode container, Properties props) {
        List<String> problems = new ArrayList<>();
        String own = "packops-" + service.replace("-service", "") + "-";
        Set<String> tokenVars = new TreeSet<>();
        Set<String> outbound = new TreeSet<>();
        for (JsonNode e : container.path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (ref.isMissingNode()) {
                continue;
            }
            String name = e.path("name").asText();
            if (!ref.path("name").asText().startsWith(own)) {
                problems.add(service + ": " + name + " comes from Secret " + ref.path("name").asText() + ", not one of its own (" + own + "*)");
            }
            if (name.startsWith("PACKOPS_TOKEN_")) {
                tokenVars.add(name);
            } else if (name.equals("PACKOPS_PEER_TOKEN") || name.equals("PACKOPS_AUTOMATION_TOKEN")) {
                outbound.add(name);
            }
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("secretRef") && !from.path("secretRef").path("name").asText().startsWith(own)) {
                problems.add(service + ": envFrom Secret " + from.path("secretRef").path("name").asText() + " is not one of its own");
            }
        }
        Set<String> wanted = new TreeSet<>();
        props.roles().forEach(r -> wanted.add("PACKOPS_TOKEN_" + r.toUpperCase(java.util.Locale.ROOT)));
        if (!tokenVars.equals(wanted)) {
            problems.add(service + ": token variables " + tokenVars + " are not those of the roles it serves " + wanted);
        }
        Set<String> wantedOutbound = service.equals("alerting-service") ? Set.of("PACKOPS_AUTOMATION_TOKEN", "PACKOPS_PEER_TOKEN") : Set.of();
        if (!outbound.equals(wantedOutbound)) {
            problems.add(service + ": outbound tokens " + outbound + ", expected " + wantedOutbound);
        }
        return problems;
    }

    static List<String> securityProblems(String where, JsonNode pod, JsonNode container) {
        List<String> problems = new ArrayList<>();
        JsonNode nonRoot = container.has("runAsNonRoot") ? container.path("runAsNonRoot") : pod.path("runAsNonRoot");
        JsonNode user = container.has("runAsUser") ? container.path("runAsUser") : pod.path("runAsUser");
        if (!nonRoot.asBoolean(false)) {
            problems.add(where + ": runAsNonRoot is not true");
        }
        if (!user.isNumber() || user.asLong() == 0) {
            problems.add(where + ": runAsUser must be set and not 0, is " + user);
        }
        if (!container.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(where + ": readOnlyRootFilesystem is not true");
        }
        if (container.path("allowPrivilegeEscalation").asBoolean(true)) {
            problems.add(where + ": allowPrivilegeEscalation is not false");
        }
        return problems;
    }

    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash && !image.substring(colon + 1).isEmpty() && !image.substring(colon + 1).equals("latest");
    }

    /** ConfigMaps must be in the overlay; Secrets in the overlay or in the README's external table (with the key). */
    static List<String> referenceProblems(String where, JsonNode container, JsonNode pod, Map<String, JsonNode> configMaps,
                                          Map<String, JsonNode> secrets, Set<String> secretsUsed) {
        List<String> problems = new ArrayList<>();
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                configMap(where, from.path("configMapRef").path("name").asText(), null, configMaps, problems);
            }
            if (from.has("secretRef")) {
                secret(where, from.path("secretRef").path("name").asText(), null, secrets, secretsUsed, problems);
            }
        }
        for (JsonNode e : container.path("env")) {
            JsonNode from = e.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                configMap(where, from.path("configMapKeyRef").path("name").asText(), from.path("configMapKeyRef").path("key").asText(),
                        configMaps, problems);
            }
            if (from.has("secretKeyRef")) {
                secret(where, from.path("secretKeyRef").path("name").asText(), from.path("secretKeyRef").path("key").asText(),
                        secrets, secretsUsed, problems);
            }
        }
        for (JsonNode v : pod.path("volumes")) {
            if (v.has("configMap")) {
                configMap(where, v.path("configMap").path("name").asText(), null, configMaps, problems);
            }
            if (v.has("secret")) {
                secret(where, v.path("secret").path("secretName").asText(), null, secrets, secretsUsed, problems);
            }
        }
        return problems;
    }

    static void configMap(String where, String name, String key, Map<String, JsonNode> configMaps, List<String> problems) {
        JsonNode cm = configMaps.get(name);
        if (cm == null) {
            problems.add(where + ": ConfigMap " + name + " is not in the overlay");
        } else if (key != null && !cm.path("data").has(key)) {
            problems.add(where + ": ConfigMap " + name + " has no key " + key);
        }
    }

    static void secret(String where, String name, String key, Map<String, JsonNode> secrets, Set<String> used, List<String> problems) {
        used.add(name);
        JsonNode s = secrets.get(name);
        if (s != null) {
            if (key != null && !s.path("data").has(key) && !s.path("stringData").has(key)) {
                problems.add(where + ": Secret " + name + " has no key " + key);
            }
            return;
        }
        Set<String> keys = externalSecrets.get(name);
        if (keys == null) {
            problems.add(where + ": Secret " + name + " is neither in the overlay nor listed in deploy/README.md (External secrets)");
        } else if (key != null && !keys.contains(key) && !keys.contains("*")) {
            problems.add(where + ": key " + key + " of the external Secret " + name + " is not listed in deploy/README.md");
        }
    }

    /**
     * Pod-to-pod paths between the services that the policies open, as "from->to", by ingress (a policy selecting
     * the callee with a peer selecting the caller) and egress (the caller's policy naming the callee); plus a
     * default deny of both directions for every packops pod.
     */
    static List<String> networkProblems(List<JsonNode> policies) {
        List<String> problems = new ArrayList<>();
        Set<String> calls = new TreeSet<>();
        boolean defaultDeny = false;
        for (JsonNode p : policies) {
            JsonNode spec = p.path("spec");
            JsonNode selected = spec.path("podSelector").path("matchLabels");
            String target = selected.path(NAME_LABEL).asText(null);
            Set<String> types = new HashSet<>();
            spec.path("policyTypes").forEach(t -> types.add(t.asText()));
            if (target == null && "packops".equals(selected.path("app.kubernetes.io/part-of").asText())
                    && types.containsAll(Set.of("Ingress", "Egress")) && spec.path("ingress").isEmpty() && spec.path("egress").isEmpty()) {
                defaultDeny = true;
            }
            for (JsonNode rule : spec.path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    String from = servicePeer(peer);
                    if (from != null) {
                        calls.add(from + "->" + (target == null ? "every packops pod" : target));
                    }
                }
            }
            for (JsonNode rule : spec.path("egress")) {
                for (JsonNode peer : rule.path("to")) {
                    String to = servicePeer(peer);
                    if (to != null) {
                        calls.add((target == null ? "every packops pod" : target) + "->" + to);
                    }
                }
            }
        }
        if (!defaultDeny) {
            problems.add("no default-deny NetworkPolicy (Ingress and Egress) for app.kubernetes.io/part-of=packops");
        }
        if (!calls.equals(ALLOWED_CALLS)) {
            problems.add("NetworkPolicies open " + calls + " between the services; DESIGN allows exactly " + new TreeSet<>(ALLOWED_CALLS));
        }
        return problems;
    }

    /** The service a peer names with a pod selector in the same namespace, else null. */
    static String servicePeer(JsonNode peer) {
        if (!peer.has("podSelector") || peer.has("namespaceSelector")) {
            return null;
        }
        return peer.path("podSelector").path("matchLabels").path(NAME_LABEL).asText("any pod");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static int resolvePort(JsonNode port, Map<String, Integer> named) {
        return port.isNumber() ? port.asInt() : named.getOrDefault(port.asText(), -1);
    }

    static Map<String, String> configMapEnv(JsonNode container, Map<String, JsonNode> configMaps) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            JsonNode cm = configMaps.get(from.path("configMapRef").path("name").asText());
            if (cm != null) {
                cm.path("data").fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
            }
        }
        return env;
    }

    static Map<String, JsonNode> byName(Map<String, List<JsonNode>> byKind, String kind) {
        Map<String, JsonNode> out = new HashMap<>();
        byKind.getOrDefault(kind, List.of()).forEach(d -> out.put(d.path("metadata").path("name").asText(), d));
        return out;
    }

    static List<JsonNode> render(Path overlay) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(kubectl, "kustomize", overlay.toString()).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + overlay + ": " + err).isZero();
        List<JsonNode> docs = new ArrayList<>();
        new YAMLMapper().readerFor(JsonNode.class).readValues(out).forEachRemaining(d -> {
            if (d instanceof JsonNode n && n.isObject()) {
                docs.add(n);
            }
        });
        assertThat(docs).as("documents rendered from " + overlay).isNotEmpty();
        return docs;
    }

    static String findKubectl() {
        String env = System.getenv("KUBECTL");
        if (env != null && !env.isBlank() && new File(env).canExecute()) {
            return env;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, "kubectl");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /** The table under "## External secrets" of deploy/README.md: Secret name -> keys (`*` = any key). */
    static Map<String, Set<String>> externalSecrets(String readme) {
        int start = readme.indexOf("## External secrets");
        assertThat(start).as("deploy/README.md has a section '## External secrets'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Pattern ticked = Pattern.compile("`([^`]+)`");
        for (String line : section.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            Matcher name = ticked.matcher(cells[1]);
            name.find();
            Set<String> keys = new TreeSet<>();
            Matcher k = ticked.matcher(cells[2]);
            while (k.find()) {
                keys.add(k.group(1));
            }
            out.put(name.group(1), keys);
        }
        return out;
    }

    /** What a service's application.properties says about its port, the environment variables it reads and its roles. */
    record Properties(int defaultPort, Set<String> envNames, List<String> roles) {

        static Properties of(Path file) throws IOException {
            String text = Files.readString(file);
            Matcher port = Pattern.compile("(?m)^quarkus\\.http\\.port=\\$\\{PORT:(\\d+)}").matcher(text);
            assertThat(port.find()).as(file + " sets quarkus.http.port=${PORT:n}").isTrue();
            Set<String> names = new TreeSet<>();
            Matcher ref = Pattern.compile("\\$\\{([A-Z_][A-Z0-9_]*)").matcher(text);
            while (ref.find()) {
                names.add(ref.group(1));
            }
            // any property it sets can also be given by its environment form (quarkus.http.port -> QUARKUS_HTTP_PORT)
            for (String line : text.split("\n")) {
                int eq = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).trim().replaceFirst("^%[a-z]+\\.", "");
                names.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
            Matcher roles = Pattern.compile("(?m)^packops\\.auth\\.roles=(.*)$").matcher(text);
            assertThat(roles.find()).as(file + " sets packops.auth.roles").isTrue();
            return new Properties(Integer.parseInt(port.group(1)), names, List.of(roles.group(1).trim().split("\\s*,\\s*")));
        }
    }

}
