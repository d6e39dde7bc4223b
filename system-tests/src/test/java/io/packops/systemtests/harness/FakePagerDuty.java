package io.packops.systemtests.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * PagerDuty's Events API v2 ({@code POST /v2/enqueue}, {@code /v2/change/enqueue}) as a WireMock server on a loopback
 * port. Its behaviour is a WireMock scenario the test switches: {@link #recover() up} answers 202 as PagerDuty does;
 * {@link #outage()} answers 500 and 429 with {@code Retry-After} in turn (one request each) until switched back.
 * {@link #pages()} is every request received, oldest first, with the answer it got.
 */
public final class FakePagerDuty implements AutoCloseable {

    static final String SCENARIO = "pagerduty";
    static final String UP = Scenario.STARTED;
    static final String FAILING = "outage: 500";
    static final String THROTTLING = "outage: 429";

    /** What one request to the fake was and how it was answered. */
    public record Page(Instant at, String path, int status, String routingKey, String action, String dedupKey,
                       Integer level, String route, JsonNode body) {

        public boolean delivered() {
            return status >= 200 && status < 300;
        }

        public boolean trigger() {
            return "trigger".equals(action);
        }

        @Override
        public String toString() {
            return at + " " + status + " " + action + " " + dedupKey + " level=" + level + " key=" + routingKey
                    + (route == null ? "" : " route=" + route);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;
    private final int retryAfterSeconds;

    /** Started, answering 202; {@code retryAfterSeconds} is what a 429 during an outage asks for. */
    public FakePagerDuty(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
        server.start();
        stubs();
    }

    private void stubs() {
        String accepted = "{\"status\":\"success\",\"message\":\"Event processed\"}";
        for (String path : List.of("/v2/enqueue", "/v2/change/enqueue")) {
            server.stubFor(scenario(path, UP, null, aResponse().withStatus(202)
                    .withHeader("Content-Type", "application/json").withBody(accepted)));
            server.stubFor(scenario(path, FAILING, THROTTLING, aResponse().withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"error\",\"message\":\"internal error (fake outage)\"}")));
            server.stubFor(scenario(path, THROTTLING, FAILING, aResponse().withStatus(429)
                    .withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"throttle exceeded\",\"message\":\"Requests for this service are arriving too quickly\"}")));
        }
    }

    private static MappingBuilder scenario(String path, String state, String next, ResponseDefinitionBuilder response) {
        ScenarioMappingBuilder m = post(urlPathEqualTo(path)).inScenario(SCENARIO + path)
                .whenScenarioStateIs(state).willReturn(response);
        return next == null ? m : m.willSetStateTo(next);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** From now on: 500, then 429 with Retry-After, in turn, for every request. */
    public void outage() {
        for (String path : List.of("/v2/enqueue", "/v2/change/enqueue")) {
            server.setScenarioState(SCENARIO + path, FAILING);
        }
    }

    /** From now on: 202 for every request. */
    public void recover() {
        for (String path : List.of("/v2/enqueue", "/v2/change/enqueue")) {
            server.setScenarioState(SCENARIO + path, UP);
        }
    }

    /** Every request received so far, oldest first. */
    public List<Page> pages() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events); // the journal is newest first; the sort below keeps that order for ties
        events.sort(java.util.Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()));
        List<Page> pages = new ArrayList<>(events.size());
        for (ServeEvent e : events) {
            JsonNode body;
            try {
                body = JSON.readTree(e.getRequest().getBodyAsString());
            } catch (IOException ex) {
                body = JSON.createObjectNode();
            }
            JsonNode custom = body.path("payload").path("custom_details");
            pages.add(new Page(e.getRequest().getLoggedDate().toInstant(), e.getRequest().getUrl(),
                    e.getResponse() == null ? 0 : e.getResponse().getStatus(),
                    text(body.get("routing_key")), text(body.get("event_action")), text(body.get("dedup_key")),
                    custom.has("level") ? custom.get("level").asInt() : null, text(custom.get("route")), body));
        }
        return pages;
    }

    /** Requests answered 2xx (what PagerDuty would have accepted), oldest first. */
    public List<Page> delivered() {
        return pages().stream().filter(Page::delivered).toList();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public void close() {
        server.stop();
    }
}
