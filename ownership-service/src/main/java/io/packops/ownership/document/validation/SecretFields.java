package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

import static io.packops.ownership.document.validation.Checks.at;
import static io.packops.ownership.document.validation.Checks.kind;

/**
 * The secret fields of a team ({@code pagerduty.routingKey}, {@code slackWebhook}, {@code webhook}): literal values or
 * {@code ${ENV_VAR}} references, never to the service's own configuration. Messages name references only, never a
 * literal secret.
 */
final class SecretFields {

    static final Pattern REFERENCE_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    /** What a literal value must look like. */
    enum Kind { KEY, HTTPS_URL, HTTP_URL }

    private SecretFields() {
    }

    static void check(Checks c, JsonNode object, String path, String key, boolean required, Kind kind) {
        JsonNode node = c.field(object, path, key, required);
        if (node == null) {
            return;
        }
        String fieldPath = at(path, key);
        if (!node.isTextual()) {
            c.error(fieldPath, "must be a string (usually a ${ENV_VAR} reference), not " + kind(node));
            return;
        }
        String value = node.textValue();
        if (value.isBlank()) {
            c.error(fieldPath, "must not be empty");
            return;
        }
        // Never echo a literal secret in an error: messages name references only.
        int references = 0;
        for (int i = value.indexOf("${"); i >= 0; i = value.indexOf("${", i + 2)) {
            int end = value.indexOf('}', i);
            if (end < 0) {
                c.error(fieldPath, "has an unclosed ${ reference; write ${ENV_VAR}");
                return;
            }
            String name = value.substring(i + 2, end);
            if (!REFERENCE_NAME.matcher(name).matches()) {
                c.error(fieldPath, "${" + name + "} is not a valid reference: write ${ENV_VAR}, an environment variable"
                        + " name of upper-case letters, digits and _ ([A-Z_][A-Z0-9_]*)");
                return;
            }
            String denied = c.deniedPrefix(name);
            if (denied != null) {
                c.error(fieldPath, "${" + name + "} names the service's own configuration (" + denied
                        + "*), not a paging secret; use a variable of its own, e.g. ${PD_BILLING_PACKS}");
                return;
            }
            references++;
        }
        if (references > 0) {
            return;
        }
        switch (kind) {
            case KEY -> {
                if (value.chars().anyMatch(Character::isWhitespace)) {
                    c.error(fieldPath, "must be a routing key without whitespace, or a ${ENV_VAR} reference");
                }
            }
            case HTTPS_URL, HTTP_URL -> {
                URI uri;
                try {
                    uri = new URI(value);
                } catch (URISyntaxException e) {
                    uri = null;
                }
                String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                boolean ok = uri != null && uri.getHost() != null
                        && (scheme.equals("https") || (kind == Kind.HTTP_URL && scheme.equals("http")));
                if (!ok) {
                    c.error(fieldPath, "must be " + (kind == Kind.HTTPS_URL ? "an https" : "an http(s)")
                            + " URL or a ${ENV_VAR} reference (better: keep the URL in the environment)");
                }
            }
        }
    }
}
