package io.packops.ownership.backstage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test catalogs under {@code src/test/resources/backstage/} and the other shapes they can be sent in. */
final class BackstageCatalogs {

    /** The made-up PagerDuty integration keys in the test catalogs: none may ever come back. */
    static final List<String> SECRET_KEYS = List.of("6f1c2a9be0d34c55a7e81f40b9d2c3a1", "b7e0d4c2a19f4e3d8c6a5b2f10e9d8c7",
            "0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a");

    static final ObjectMapper JSON = new ObjectMapper();

    private BackstageCatalogs() {
    }

    static String text(String name) {
        try (InputStream in = BackstageCatalogs.class.getResourceAsStream("/backstage/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource backstage/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entities of a multi-document YAML resource as a JSON array. */
    static String asJsonArray(String name) {
        try (YAMLParser parser = new YAMLFactory().createParser(text(name))) {
            ArrayNode array = JSON.createArrayNode();
            for (var it = JSON.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode entity = it.next();
                if (entity != null && !entity.isNull()) {
                    array.add(entity);
                }
            }
            return JSON.writeValueAsString(array);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same entities as the catalog API answers {@code GET /api/catalog/entities/by-query}. */
    static String asApiResponse(String name) {
        try {
            JsonNode items = JSON.readTree(asJsonArray(name));
            return JSON.writeValueAsString(JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("items", items)
                    .put("totalItems", items.size()).set("pageInfo", JSON.createObjectNode()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
