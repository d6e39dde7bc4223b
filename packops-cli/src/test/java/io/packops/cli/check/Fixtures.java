package io.packops.cli.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.assertj.core.api.ListAssert;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's sample packs and catalogs (tests run in packops-cli/), and helpers to read them; public for the
 * tests of the other commands that read manifests ({@code upgrade-check}).
 */
public final class Fixtures {

    static final String STRIPE_1_0 = "../packs/stripe-revenue/1.0.0.yaml";
    static final String STRIPE_1_1 = "../packs/stripe-revenue/1.1.0.yaml";
    static final String STRIPE_CATALOG = "../packs/catalogs/stripe.catalog.json";

    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** The 1-based line of {@code file} whose text contains {@code fragment}; exactly one line must. */
    public static int lineContaining(String file, String fragment) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(file));
        List<Integer> found = IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).contains(fragment))
                .mapToObj(i -> i + 1)
                .toList();
        assertThat(found).as("lines of %s containing '%s'", file, fragment).hasSize(1);
        return found.get(0);
    }

    /** A copy of the stripe catalog without {@code column} of model {@code model}: another fingerprint. */
    static Path stripeCatalogWithout(Path dir, String model, String column) throws IOException {
        ObjectNode catalog = (ObjectNode) JSON.readTree(Path.of(STRIPE_CATALOG).toFile());
        ObjectNode columns = (ObjectNode) catalog.path("nodes").path("model.stripe." + model).path("columns");
        assertThat(columns.remove(column)).as("column %s of %s in the stripe catalog", column, model).isNotNull();
        Path file = dir.resolve("stripe-without-" + column + ".catalog.json");
        JSON.writeValue(file.toFile(), catalog);
        return file;
    }

    /** The stripe catalog wrapped in DESIGN's native envelope ({@code dbtCatalog}) of one account. */
    static Path stripeSnapshot(Path dir, String accountId, String warehouse) throws IOException {
        ObjectNode envelope = JSON.createObjectNode()
                .put("accountId", accountId)
                .put("connector", "stripe")
                .put("warehouse", warehouse)
                .put("capturedAt", "2026-11-25T10:00:00Z");
        envelope.set("dbtCatalog", JSON.readTree(Path.of(STRIPE_CATALOG).toFile()));
        Path file = dir.resolve(accountId + ".schema.json");
        JSON.writeValue(file.toFile(), envelope);
        return file;
    }

    public static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** stdout as JSON; the parse fails if it is anything but one document. */
    public static JsonNode json(LaunchResult result) throws IOException {
        return JSON.readerFor(JsonNode.class)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .readValue(result.getOutput());
    }

    /** Bad input is reported, never a stack trace. */
    public static void assertNoStackTrace(LaunchResult result) {
        for (String stream : List.of(result.getOutput(), result.getErrorOutput())) {
            assertThat(stream).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /** Bad input: exit 2, nothing on stdout, no stack trace; the error lines are left for the caller to check. */
    public static ListAssert<String> assertBadInput(LaunchResult result) {
        assertThat(result.exitCode()).as("exit code").isEqualTo(2);
        assertThat(result.getOutput()).as("stdout").isEmpty();
        assertNoStackTrace(result);
        return assertThat(result.getErrorStream());
    }
}
