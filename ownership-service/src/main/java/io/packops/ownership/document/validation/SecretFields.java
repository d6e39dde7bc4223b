package io.packops.ownership.document.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.packops.servicekit.outbound.OutboundAddressPolicy;

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
        switch (kind) {
            case KEY -> {
                if (references == 0 && value.chars().anyMatch(Character::isWhitespace)) {
                    c.error(fieldPath, "must be a routing key without whitespace, or a ${ENV_VAR} reference");
                }
            }
            case HTTPS_URL, HTTP_URL -> checkUrl(c, fieldPath, value, references > 0, kind);
        }
    }

    /**
     * A URL's literal parts: the scheme, and the host and port unless a {@code ${...}} reference is part of them (then
     * only alerting can check, on the resolved URL after DNS, when it sends). A reference in the path or the query
     * does not hide the host: {@code http://169.254.169.254/${X}} is refused here.
     */
    private static void checkUrl(Checks c, String fieldPath, String value, boolean hasReferences, Kind kind) {
        int sep = value.indexOf("://");
        if (sep < 0) {
            if (!hasReferences) {
                c.error(fieldPath, "must be " + (kind == Kind.HTTPS_URL ? "an https" : "an http(s)")
                        + " URL or a ${ENV_VAR} reference (better: keep the URL in the environment)");
            }
            return; // the whole URL, or its scheme and host, come from the environment
        }
        String scheme = value.substring(0, sep);
        String rest = value.substring(sep + 3);
        int authorityEnd = rest.length();
        for (char stop : new char[]{'/', '?', '#'}) {
            int i = rest.indexOf(stop);
            if (i >= 0 && i < authorityEnd) {
                authorityEnd = i;
            }
        }
        String authority = rest.substring(0, authorityEnd);
        boolean schemeLiteral = !scheme.contains("${");
        if (schemeLiteral) {
            String s = scheme.toLowerCase(Locale.ROOT);
            boolean https = s.equals("https");
            boolean httpAllowed = kind == Kind.HTTP_URL && !c.outbound.requireHttps() && s.equals("http");
            if (!https && !httpAllowed && !allowListed(c, s, authority)) {
                c.error(fieldPath, "must be " + (kind == Kind.HTTPS_URL || c.outbound.requireHttps() ? "an https" : "an http(s)")
                        + " URL or a ${ENV_VAR} reference (better: keep the URL in the environment)");
                return;
            }
        }
        if (authority.contains("${") || authority.contains("}")) {
            return;
        }
        String probe = (schemeLiteral ? scheme : "https") + "://" + authority + "/";
        OutboundAddressPolicy.Verdict verdict = c.outbound.checkLiteral(probe);
        // the reasons never repeat the URL (it may be a secret)
        if (verdict.allowed() || "not https".equals(verdict.reason())) {
            return;
        }
        if (verdict.reason().startsWith("host")) {
            c.error(fieldPath, "must not point at this network: " + verdict.reason()
                    + " (loopback, private, link-local and metadata addresses are refused; see packops.outbound.allow)");
        } else {
            c.error(fieldPath, "is not a usable URL: " + verdict.reason());
        }
    }

    private static boolean allowListed(Checks c, String scheme, String authority) {
        if (authority.contains("${")) {
            return false;
        }
        return c.outbound.allowListed(scheme + "://" + authority + "/");
    }
}
