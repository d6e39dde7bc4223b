package io.packops.ingest.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The corpus in events/scrubber-corpus.json: real-looking warehouse errors with secrets, and ones that must stay as they are. */
class EventScrubberTest {

    private static JsonNode corpus() throws IOException {
        try (InputStream in = EventScrubberTest.class.getResourceAsStream("/events/scrubber-corpus.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> redacted() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : corpus().get("redacted")) {
            List<String> secrets = new ArrayList<>();
            c.get("secrets").forEach(s -> secrets.add(s.asText()));
            cases.add(Arguments.of(c.get("name").asText(), c.get("in").asText(), c.get("out").asText(), secrets));
        }
        return cases.stream();
    }

    static Stream<String> unchanged() throws IOException {
        List<String> cases = new ArrayList<>();
        corpus().get("unchanged").forEach(c -> cases.add(c.asText()));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redacted")
    void secretsAreRedactedAndTheRestOfTheMessageIsKept(String name, String in, String out, List<String> secrets) {
        String scrubbed = EventScrubber.scrub(in);
        assertThat(scrubbed).isEqualTo(out);
        for (String secret : secrets) {
            assertThat(scrubbed).doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @MethodSource("unchanged")
    void messagesWithoutSecretsStayUnchanged(String message) {
        assertThat(EventScrubber.scrub(message)).isEqualTo(message);
    }

    @Test
    void corpusIsLargeEnough() throws IOException {
        assertThat(corpus().get("redacted").size()).isGreaterThanOrEqualTo(30);
        assertThat(corpus().get("unchanged").size()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void scrubbingIsIdempotent() throws IOException {
        for (JsonNode c : corpus().get("redacted")) {
            String once = EventScrubber.scrub(c.get("in").asText());
            assertThat(EventScrubber.scrub(once)).as(c.get("name").asText()).isEqualTo(once);
        }
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertThat(EventScrubber.scrub(null)).isNull();
        assertThat(EventScrubber.scrub("")).isEmpty();
    }

    @Test
    void longMessagesAreScrubbedInLinearTime() {
        String line = "error line 1 at position 7 invalid identifier 'AMOUNT' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ";
        String huge = line.repeat(600) + "password=hunter2 " + "x".repeat(30_000) + " token";
        long start = System.nanoTime();
        String scrubbed = EventScrubber.scrub(huge);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(scrubbed).doesNotContain("hunter2").contains("password=[REDACTED]");
        assertThat(millis).as("scrub of a 90 KB message took %d ms", millis).isLessThan(2_000);
    }
}
