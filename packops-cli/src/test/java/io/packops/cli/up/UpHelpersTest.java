package io.packops.cli.up;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.packops.cli.client.TokensFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UpHelpersTest {

    @TempDir
    Path tmp;

    @Test
    void tokensAreGeneratedOncePerRoleWithMode600AndThenReused() throws IOException {
        Path file = tmp.resolve(".packops/tokens.env");

        TokensFile.Tokens first = TokensFile.loadOrCreate(file);

        assertThat(first.created()).isTrue();
        assertThat(first.values()).containsOnlyKeys(TokensFile.VARIABLES);
        assertThat(new HashSet<>(first.values().values())).hasSize(TokensFile.VARIABLES.size());
        assertThat(first.values().values()).allMatch(t -> t.length() >= 32); // the prod profile's minimum
        assertThat(first.get("PACKOPS_TOKEN_AGENT")).startsWith("agent-").hasSizeGreaterThan(30);
        String text = Files.readString(file);
        for (String v : TokensFile.VARIABLES) {
            assertThat(text).contains(v + "=" + first.get(v) + "\n");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        TokensFile.Tokens second = TokensFile.loadOrCreate(file);

        assertThat(second.created()).isFalse();
        assertThat(second.values()).isEqualTo(first.values());
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    @Test
    void theUpTimeCountsTheCliBuildTheUserWaitedForWhenTheLauncherSaysWhenItStarted() {
        long started = System.nanoTime(); // this command "started" just now: ~0 s of its own
        long now = System.currentTimeMillis();
        assertThat(UpCommand.upTime(started, Long.toString(now - 117_000), now)).isEqualTo("117 s, 117 s of it building the CLI");
        assertThat(UpCommand.upTime(started, Long.toString(now - 3_000), now)).isEqualTo("3 s"); // the JVM starting, no build
        assertThat(UpCommand.upTime(started, null, now)).isEqualTo("0 s");
        assertThat(UpCommand.upTime(started, "not a number", now)).isEqualTo("0 s");
        assertThat(UpCommand.upTime(started, Long.toString(now + 60_000), now)).isEqualTo("0 s"); // a clock in the future
    }

    @Test
    void anIncompleteTokenFileIsRegenerated() throws IOException {
        Path file = tmp.resolve("tokens.env");
        Files.writeString(file, "PACKOPS_TOKEN_AGENT=only-this\n");

        TokensFile.Tokens tokens = TokensFile.loadOrCreate(file);

        assertThat(tokens.created()).isTrue();
        assertThat(tokens.values()).containsOnlyKeys(TokensFile.VARIABLES);
    }

    @Test
    void theRepoRootIsTheNearestDirectoryWithPackopsAndPom() throws IOException {
        Path root = tmp.resolve("repo");
        Path deep = Files.createDirectories(root.resolve("packops-cli/src/main"));
        Files.writeString(root.resolve("packops"), "#!/bin/sh\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.writeString(root.resolve("packops-cli/pom.xml"), "<project/>"); // a module pom alone is not the root

        assertThat(RepoRoot.find(deep)).contains(root.toAbsolutePath().normalize());
        assertThat(RepoRoot.find(root)).contains(root.toAbsolutePath().normalize());
        assertThat(RepoRoot.find(Files.createDirectories(tmp.resolve("elsewhere")))).isEmpty();
    }

    @Test
    void theRealRepoRootIsFoundFromThisModule() {
        Path root = RepoRoot.find(Path.of("")).orElseThrow();

        assertThat(root.resolve("packops-cli/pom.xml")).isRegularFile();
        assertThat(root.resolve("deploy/demo/ownership.yaml")).isRegularFile();
    }

    @Test
    void theDemoOwnershipDocumentCoversTheFiveConnectorsAndAFallback() throws IOException {
        Path doc = RepoRoot.find(Path.of("")).orElseThrow().resolve("deploy/demo/ownership.yaml");
        JsonNode tree = new ObjectMapper(new YAMLFactory()).readTree(doc.toFile());

        assertThat(tree.fieldNames()).toIterable()
                .containsExactly("teams", "people", "schedules", "escalationPolicies", "connectors", "rules");
        List<String> connectors = new ArrayList<>();
        tree.get("rules").forEach(r -> connectors.add(r.get("match").get("connector").asText()));
        assertThat(connectors).contains("stripe", "salesforce", "hubspot", "shopify", "zendesk", "*");
        // the catalogue names every connector whose dbt catalog the demo has, so lookup knows them all
        List<String> catalogue = new ArrayList<>();
        tree.get("connectors").forEach(c -> catalogue.add(c.asText()));
        try (var catalogs = Files.list(doc.resolveSibling("../../packs/catalogs").normalize())) {
            assertThat(catalogue).containsAll(catalogs.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".catalog.json")).map(n -> n.substring(0, n.length() - ".catalog.json".length())).toList());
        }

        // every reference resolves within the document
        Set<String> teams = ids(tree.get("teams"));
        Set<String> people = ids(tree.get("people"));
        Set<String> schedules = ids(tree.get("schedules"));
        Set<String> policies = ids(tree.get("escalationPolicies"));
        tree.get("people").forEach(p -> assertThat(teams).contains(p.get("team").asText()));
        tree.get("schedules").forEach(s -> {
            assertThat(teams).contains(s.get("team").asText());
            s.get("layers").forEach(l -> l.get("participants").forEach(p -> assertThat(people).contains(p.asText())));
        });
        tree.get("escalationPolicies").forEach(p -> p.get("levels").forEach(l -> l.get("targets").forEach(t -> {
            if (t.has("schedule")) {
                assertThat(schedules).contains(t.get("schedule").asText());
            } else if (t.has("person")) {
                assertThat(people).contains(t.get("person").asText());
            } else {
                assertThat(teams).contains(t.get("team").asText());
            }
        })));
        tree.get("rules").forEach(r -> {
            assertThat(teams).contains(r.get("team").asText());
            assertThat(policies).contains(r.get("escalation").asText());
        });
    }

    private static Set<String> ids(JsonNode array) {
        Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.get("id").asText()));
        assertThat(ids).hasSize(array.size());
        return ids;
    }
}
