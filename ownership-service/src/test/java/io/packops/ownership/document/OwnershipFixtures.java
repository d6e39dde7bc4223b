package io.packops.ownership.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.restassured.response.ValidatableResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Tokens, the DESIGN sample document, and small edits of it for the document tests. */
public final class OwnershipFixtures {

    public static final String INGEST = "test-ingest";
    public static final String AGENT = "test-agent";
    public static final String OPERATOR = "test-operator";
    public static final String ADMIN = "test-admin";
    public static final String YAML_TYPE = "application/yaml";
    public static final String JSON_TYPE = "application/json";
    /** The value an edit sets to delete the field or element instead. */
    public static final String DELETE = "<delete>";

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+|\\+)]");

    private OwnershipFixtures() {
    }

    public static String resource(String name) {
        try (InputStream in = OwnershipFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DESIGN example, complete (src/test/resources/ownership/design-sample.yaml), as submitted. */
    public static String sampleYaml() {
        return resource("/ownership/design-sample.yaml");
    }

    public static ObjectNode sample() {
        try {
            return (ObjectNode) YAML.readTree(sampleYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample with a name no other test uses, so a PUT of it always makes a new revision. */
    public static ObjectNode variant() {
        return edit(sample(), "teams[1].name", "Packs core " + UUID.randomUUID());
    }

    /**
     * A copy of {@code doc} with the node at {@code path} ({@code schedules[0].layers[1].rotation}; {@code [+]}
     * appends) set to {@code yaml} parsed as YAML, or removed when {@code yaml} is {@link #DELETE}.
     */
    public static ObjectNode edit(ObjectNode doc, String path, String yaml) {
        ObjectNode copy = doc.deepCopy();
        Matcher m = STEP.matcher(path);
        JsonNode parent = null;
        String key = null;
        int index = -2; // -1 = append
        JsonNode node = copy;
        while (m.find()) {
            if (parent != null) {
                node = key != null ? parent.get(key) : index >= 0 ? parent.get(index) : null;
            }
            parent = node;
            key = m.group(1);
            index = key != null ? -2 : m.group(2).equals("+") ? -1 : Integer.parseInt(m.group(2));
        }
        JsonNode value;
        try {
            value = DELETE.equals(yaml) ? null : YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (key != null) {
            if (value == null) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ObjectNode) parent).set(key, value);
            }
        } else if (index == -1) {
            ((ArrayNode) parent).add(value);
        } else if (value == null) {
            ((ArrayNode) parent).remove(index);
        } else {
            ((ArrayNode) parent).set(index, value);
        }
        return copy;
    }

    public static String yaml(JsonNode doc) {
        try {
            return YAML.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(JsonNode doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PUT /v1/ownership as admin with a YAML body. */
    public static ValidatableResponse putYaml(String body) {
        return given().auth().oauth2(ADMIN).contentType(YAML_TYPE).body(body.getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then();
    }

    public static ValidatableResponse putJson(String body) {
        return given().auth().oauth2(ADMIN).contentType(JSON_TYPE).body(body.getBytes(StandardCharsets.UTF_8))
                .when().put("/v1/ownership").then();
    }

    /** Stores {@code doc} as a new revision and returns its number. */
    public static long store(JsonNode doc) {
        return putYaml(yaml(doc)).statusCode(201).extract().jsonPath().getLong("revision");
    }

    /** The current revision number (0 when there is none). */
    public static long currentRevision() {
        var response = given().auth().oauth2(AGENT).when().get("/v1/ownership").then().extract();
        return response.statusCode() == 404 ? 0 : response.jsonPath().getLong("revision");
    }
}
