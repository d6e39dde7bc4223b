package io.packops.cli.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.packops.cli.PackopsCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runbooks hold together: every link and anchor resolves (also the ownership document's runbooks and the
 * PrometheusRule's runbook_url), every runbook has its owner and sections, every {@code ./packops} command parses
 * with the real CLI, every HTTP call is an endpoint a service serves (JAX-RS {@code @Path}s of the services'
 * sources, method included), and every repository path exists. Plain files, no network.
 */
class RunbooksTest {

    /** Sections every runbook has (the issue: owner, when to use, steps, verify, roll back, who to tell). */
    static final List<String> SECTIONS = List.of("when-to-use", "verify", "roll-back", "who-to-tell");
    static final Set<String> QUARKUS_PATHS = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
            "/q/metrics", "/q/openapi", "/q/swagger-ui");

    static Path root;
    static List<Path> docs;
    static Map<String, Endpoints> services;

    @BeforeAll
    static void read() throws IOException {
        root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("runbooks"))) {
            root = root.getParent();
            assertThat(root).as("repository root with runbooks/").isNotNull();
        }
        try (Stream<Path> s = Files.list(root.resolve("runbooks"))) {
            docs = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        services = new LinkedHashMap<>();
        for (String service : List.of("ingest-service", "alerting-service", "ownership-service")) {
            services.put(service, Endpoints.scan(root.resolve(service)));
        }
    }

    @Test
    void theRunbooksOfTheIssueExistWithOwnerAndSections() {
        assertThat(docs).extracting(p -> p.getFileName().toString()).contains("incident-playbook.md",
                "pack-install-failures.md", "pack-compat-broken.md", "connector-schema-drift.md", "rollback.md",
                "escalation.md", "support-triage.md", "communications.md", "launch-checklist.md", "launch-risks.md",
                "tabletop.md");
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            if (doc.getFileName().toString().equals("README.md")) {
                continue;
            }
            Markdown md = Markdown.read(doc);
            if (!md.text().contains("**Owner:**")) {
                problems.add(name(doc) + ": no **Owner:** line");
            }
            for (String section : SECTIONS) {
                if (!md.anchors().contains(section)) {
                    problems.add(name(doc) + ": no section '" + section + "'");
                }
            }
            if (md.commands().isEmpty() && !doc.getFileName().toString().equals("launch-risks.md")) {
                problems.add(name(doc) + ": no command to copy");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLinkAndAnchorResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>(docs);
        files.add(root.resolve("deploy/README.md"));
        files.add(root.resolve("README.md"));
        for (Path doc : files) {
            Markdown md = Markdown.read(doc);
            for (String link : md.links()) {
                if (link.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: not ours to check offline
                }
                problems.addAll(resolve(name(doc), doc.getParent(), link, doc));
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theOwnershipDocumentsRunbooksResolveToFilesAndHeadings() throws IOException {
        List<String> problems = new ArrayList<>();
        int rules = 0;
        for (JsonNode rule : new YAMLMapper().readTree(root.resolve("deploy/demo/ownership.yaml").toFile()).path("rules")) {
            rules++;
            String runbook = rule.path("runbook").asText("");
            if (runbook.isEmpty()) {
                problems.add("deploy/demo/ownership.yaml: a rule without runbook: " + rule.path("match"));
            } else if (!runbook.startsWith("https://")) {
                problems.addAll(resolve("deploy/demo/ownership.yaml", root, runbook, null));
            }
        }
        assertThat(rules).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPrometheusAlertHasARunbookThatResolves() throws IOException {
        List<String> problems = new ArrayList<>();
        int alerts = 0;
        JsonNode rule = new YAMLMapper().readTree(root.resolve("deploy/prometheus/packops-rules.yaml").toFile());
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode r : group.path("rules")) {
                if (!r.has("alert")) {
                    continue;
                }
                alerts++;
                String url = r.path("annotations").path("runbook_url").asText("");
                if (url.isEmpty()) {
                    problems.add(r.path("alert").asText() + ": no runbook_url");
                } else {
                    problems.addAll(resolve("deploy/prometheus/packops-rules.yaml " + r.path("alert").asText(), root, url, null));
                }
            }
        }
        assertThat(alerts).isPositive();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPackopsCommandParsesWithTheRealCli() {
        CommandLine cli = new CommandLine(new PackopsCommand());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            Markdown md = Markdown.read(doc);
            for (String command : md.commands()) {
                for (List<String> args : Shell.packopsInvocations(command)) {
                    if (args.isEmpty()) {
                        problems.add(name(doc) + ": './packops' without a subcommand: " + command);
                        continue;
                    }
                    checked++;
                    try {
                        new CommandLine(new PackopsCommand()).parseArgs(args.toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        problems.add(name(doc) + ": `./packops " + String.join(" ", args) + "`: " + e.getMessage());
                    }
                }
            }
            for (String span : md.inlineCode()) {
                Matcher m = Pattern.compile("^\\./packops\\s+([a-z-]+)").matcher(span);
                if (m.find() && !cli.getSubcommands().containsKey(m.group(1))) {
                    problems.add(name(doc) + ": `" + span + "`: packops has no subcommand " + m.group(1));
                }
            }
        }
        assertThat(checked).as("./packops commands checked").isGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    @Test
    void theTabletopsDrillCommandsParse() {
        CommandLine cli = new CommandLine(new PackopsCommand());
        List<List<String>> drills = new ArrayList<>();
        for (Path doc : docs) {
            for (String command : Markdown.read(doc).commands()) {
                Shell.packopsInvocations(command).stream().filter(a -> !a.isEmpty() && a.get(0).equals("drill")).forEach(drills::add);
            }
        }
        assertThat(drills).as("tabletop.md shows ./packops drill").isNotEmpty();
        assertThat(cli.getSubcommands()).containsKey("drill");
        for (List<String> args : drills) {
            new CommandLine(new PackopsCommand()).parseArgs(args.toArray(String[]::new));
        }
    }

    @Test
    void theEndpointScanReadsTheServicesResourcesAndNotTheirClients() {
        assertThat(services.get("ingest-service").serves("POST", "/v1/packs/stripe-revenue/versions/1.1.0/withdraw")).isTrue();
        assertThat(services.get("ingest-service").serves("GET", "/v1/packs/stripe-revenue/versions/1.1.0/withdraw")).isFalse();
        assertThat(services.get("alerting-service").serves("POST", "/v1/alerts/42/rollback")).isTrue();
        assertThat(services.get("ownership-service").serves("GET", "/v1/readiness")).isTrue();
        assertThat(services.get("ownership-service").serves("POST", "/login")).isTrue();
        // alerting's REST client of ownership's lookup is a call, not an endpoint of alerting
        assertThat(services.get("alerting-service").serves("GET", "/v1/lookup")).isFalse();
    }

    @Test
    void everyHttpCallIsAnEndpointOfTheServiceItCalls() {
        Map<Integer, String> byPort = new TreeMap<>();
        services.forEach((name, e) -> byPort.put(e.port(), name));
        assertThat(byPort).containsKeys(8081, 8082, 8083);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            Markdown md = Markdown.read(doc);
            for (String command : md.commands()) {
                for (Shell.Call call : Shell.curlCalls(command)) {
                    checked++;
                    String service = byPort.get(call.port());
                    if (service == null) {
                        problems.add(name(doc) + ": port " + call.port() + " is no packops service: " + command);
                    } else if (!QUARKUS_PATHS.contains(call.path()) && !services.get(service).serves(call.method(), call.path())) {
                        problems.add(name(doc) + ": " + service + " has no " + call.method() + " " + call.path() + ": " + command);
                    }
                }
            }
            // paths named in the prose: "GET /v1/readiness", `/v1/stats/failures?window=24h`
            Matcher m = Pattern.compile("(?:\\b(GET|POST|PUT|DELETE|PATCH|HEAD) )?(/(?:v1|q)/[^\\s`?)\"'#]*)").matcher(md.prose());
            while (m.find()) {
                checked++;
                String path = m.group(2).replaceAll("[.,:;]+$", "");
                boolean served = QUARKUS_PATHS.contains(path)
                        || services.values().stream().anyMatch(e -> e.serves(m.group(1), path));
                if (!served) {
                    problems.add(name(doc) + ": no service serves " + (m.group(1) == null ? "" : m.group(1) + " ") + path);
                }
            }
        }
        assertThat(checked).as("HTTP calls checked").isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRepositoryPathARunbookNamesExists() {
        Pattern repoPath = Pattern.compile("(?<![\\w/.-])@?((?:runbooks|deploy|packs|docs|ingest-service|alerting-service|ownership-service"
                + "|packops-cli|pack-compat|test-support|bench)/[\\w./-]*[\\w/])");
        List<String> problems = new ArrayList<>();
        for (Path doc : docs) {
            Markdown md = Markdown.read(doc);
            List<String> texts = new ArrayList<>(md.inlineCode());
            texts.addAll(md.commands());
            for (String text : texts) {
                Matcher m = repoPath.matcher(text);
                while (m.find()) {
                    if (!Files.exists(root.resolve(m.group(1)))) {
                        problems.add(name(doc) + ": " + m.group(1) + " does not exist");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPackVersionARunbookOrTheReadmeNamesShipsWithTheSamples() {
        // a runbook or walkthrough that names a version the samples do not have cannot be run as written
        Pattern inPath = Pattern.compile("(?:/v1/packs/|packs/)([a-z0-9][a-z0-9_-]{0,62})/(?:versions/)?(\\d+\\.\\d+\\.\\d+[\\w.-]*?)(?=\\.yaml|/|\\s|\"|'|$)");
        Pattern inVariables = Pattern.compile("PACK=([a-z0-9][a-z0-9_-]{0,62})\\s+VERSION=(\\d+\\.\\d+\\.\\d+[\\w.-]*)");
        List<Path> files = new ArrayList<>(docs);
        files.add(root.resolve("README.md"));
        List<String> problems = new ArrayList<>();
        int named = 0;
        for (Path doc : files) {
            Markdown md = Markdown.read(doc);
            List<String> texts = new ArrayList<>(md.inlineCode());
            texts.addAll(md.commands());
            for (String text : texts) {
                for (Pattern p : List.of(inPath, inVariables)) {
                    Matcher m = p.matcher(text);
                    while (m.find()) {
                        named++;
                        if (!Files.isRegularFile(root.resolve("packs").resolve(m.group(1)).resolve(m.group(2) + ".yaml"))) {
                            problems.add(name(doc) + ": " + m.group(1) + " " + m.group(2) + " is not a sample version (no packs/"
                                    + m.group(1) + "/" + m.group(2) + ".yaml)");
                        }
                    }
                }
            }
        }
        assertThat(named).as("versions named in runbooks and the README").isGreaterThan(5);
        assertThat(problems).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * A link {@code file.md#anchor} relative to {@code base}: the file exists, the anchor is one of its headings; a
     * link {@code #anchor} is a heading of {@code self}.
     */
    static List<String> resolve(String where, Path base, String link, Path self) {
        String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
        String anchor = link.contains("#") ? link.substring(link.indexOf('#') + 1) : null;
        Path target = file.isEmpty() ? self : base.resolve(file).normalize();
        if (target == null) {
            return List.of(where + ": link " + link + " names no file");
        }
        if (!Files.exists(target)) {
            return List.of(where + ": link " + link + ": " + root.relativize(target) + " does not exist");
        }
        if (anchor != null && target.toString().endsWith(".md") && !Markdown.read(target).anchors().contains(anchor)) {
            return List.of(where + ": link " + link + ": no heading with anchor #" + anchor + " in " + root.relativize(target));
        }
        return List.of();
    }

    static String name(Path doc) {
        return root.relativize(doc).toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
