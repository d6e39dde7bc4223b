package io.packops.compat.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds where values start in a JSON text, by JSON pointer. A tree loses positions, so errors found
 * while walking one are located afterwards with a second, streaming pass over the text; the pass
 * only descends into containers on the way to a wanted pointer, and only runs when there are errors.
 */
final class JsonLocations {

    private final Map<String, JsonLocation> found = new HashMap<>();
    private final Set<String> ancestors = new HashSet<>();

    private JsonLocations() {
    }

    /**
     * Locations of the given pointers. A pointer to a member that does not exist (a missing field)
     * gets the location of its nearest existing ancestor. Pointers not found at all are absent.
     */
    static Map<String, JsonLocation> find(JsonFactory factory, String json, Set<String> pointers) {
        JsonLocations walk = new JsonLocations();
        for (String p : pointers) {
            for (String a = p; !a.isEmpty(); a = parent(a)) {
                walk.ancestors.add(a);
            }
            walk.ancestors.add("");
        }
        try (JsonParser parser = factory.createParser(json)) {
            if (parser.nextToken() != null) {
                walk.value(parser, "");
            }
        } catch (IOException e) {
            // The text already parsed once; whatever was found before a failure is still useful.
        }
        Map<String, JsonLocation> result = new HashMap<>();
        for (String p : pointers) {
            for (String a = p; ; a = parent(a)) {
                JsonLocation loc = walk.found.get(a);
                if (loc != null) {
                    result.put(p, loc);
                    break;
                }
                if (a.isEmpty()) {
                    break;
                }
            }
        }
        return result;
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static String parent(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    private void value(JsonParser parser, String pointer) throws IOException {
        if (!ancestors.contains(pointer)) {
            parser.skipChildren();
            return;
        }
        found.put(pointer, parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = child(pointer, parser.currentName());
                parser.nextToken();
                value(parser, member);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            for (JsonToken t = parser.nextToken(); t != null && t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                value(parser, child(pointer, index++));
            }
        }
    }
}
