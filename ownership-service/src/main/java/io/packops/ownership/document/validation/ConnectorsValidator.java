package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.ownership.document.model.Slugs;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static io.packops.ownership.document.validation.Checks.at;
import static io.packops.ownership.document.validation.Checks.kind;

/** {@code connectors}: the catalogue of connectors packs ship for — slugs (not {@code "*"}), each once. */
final class ConnectorsValidator implements SectionValidator {

    /** The catalogue of connectors packs ship for: slugs (not {@code "*"}), each once. */
    @Override
    public void validate(Checks c) {
        JsonNode list = c.section("connectors");
        if (list == null) {
            return;
        }
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String path = at("connectors", i);
            if (!node.isTextual()) {
                c.error(path, "must be a connector slug like stripe, not " + kind(node) + (node.isValueNode() ? " (quote it in YAML)" : ""));
                continue;
            }
            String connector = node.textValue();
            String lower = connector.toLowerCase(Locale.ROOT);
            if (connector.equals("*")) {
                c.error(path, "\"*\" is not a connector: list the connectors packs are shipped for (the \"*\" rule routes every other one)");
            } else if (!Slugs.isSlug(connector)) {
                c.error(path, "must be a connector slug: lower-case letters, digits, - and _, starting with a letter or digit,"
                        + " at most 63 characters (got \"" + connector + "\")"
                        + (Slugs.isSlug(lower) ? "; write " + lower : ""));
            } else {
                String other = seen.putIfAbsent(connector, path);
                if (other != null) {
                    c.error(path, "duplicate connector " + connector + " (also " + other + ")");
                }
            }
        }
    }
}
