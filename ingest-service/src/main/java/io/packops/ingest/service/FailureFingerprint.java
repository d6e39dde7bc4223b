package io.packops.ingest.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups failures that are the same problem: {@code invalid identifier 'AMOUNT'} from 300 accounts,
 * each with its own query id, line number and timing, is one group.
 *
 * <p>The message (already scrubbed) is normalised into a template: lower-cased; quoted names
 * ({@code 'x'}, {@code "x"}, {@code `x`}) become {@code <name>}; UUIDs, timestamps, durations, hex
 * strings, identifiers with digits ({@code acct_8812}, {@code job_7f3a9}) and numbers become
 * {@code <uuid>}, {@code <ts>}, {@code <duration>}, {@code <hex>}, {@code <id>} and {@code <num>};
 * whitespace is collapsed. The fingerprint is the first 16 hex digits of the SHA-256 of error code,
 * stage and template: short enough for a label, wide enough never to collide in practice.
 */
public final class FailureFingerprint {

    /** Stored templates are cut to this many characters (the hash covers the whole template). */
    public static final int MAX_TEMPLATE_LENGTH = 1000;

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // quoted names; an apostrophe inside a word ("can't") does not open a quote
            new Rule(Pattern.compile("(?<![a-z0-9])'(?:[^'\\n]|'')*'(?![a-z0-9])"), "<name>"),
            new Rule(Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\""), "<name>"),
            new Rule(Pattern.compile("`[^`\\n]*`"), "<name>"),
            new Rule(Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"), "<uuid>"),
            new Rule(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?:[t ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:z|[+-]\\d{2}(?::?\\d{2})?)?)?\\b"), "<ts>"),
            new Rule(Pattern.compile("\\b\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b"), "<ts>"),
            new Rule(Pattern.compile("(?<![a-z0-9_.])\\d+(?:\\.\\d+)?\\s?(?:ms|us|µs|ns|milliseconds?|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\\b"), "<duration>"),
            new Rule(Pattern.compile("\\b0x[0-9a-f]+\\b"), "<hex>"),
            new Rule(Pattern.compile("\\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\\b"), "<hex>"),
            // identifiers that carry a number: acct_8812, job_7f3a9, i-0abc123, query01b2
            new Rule(Pattern.compile("\\b(?=[a-z0-9_-]*[a-z])(?=[a-z0-9_-]*\\d[a-z0-9_-]*\\d)[a-z0-9][a-z0-9_-]{5,}\\b"), "<id>"),
            new Rule(Pattern.compile("(?<![a-z_<])[-+]?\\d+(?:[.,]\\d+)*(?:e[-+]?\\d+)?\\b"), "<num>"),
            new Rule(Pattern.compile("\\s+"), " "));

    private FailureFingerprint() {
    }

    /** The message with its variable parts replaced by placeholders; "" for no message. */
    public static String template(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = message.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            text = m.replaceAll(rule.replacement());
        }
        return text.strip();
    }

    /** 16 hex digits identifying (error code, stage, template). */
    public static String fingerprint(String errorCode, String stage, String template) {
        String key = nullToEmpty(errorCode) + '\u0000' + nullToEmpty(stage) + '\u0000' + nullToEmpty(template);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Template and fingerprint of one failure. */
    public record Failure(String fingerprint, String template) {
    }

    public static Failure of(String errorCode, String stage, String scrubbedMessage) {
        String template = template(scrubbedMessage);
        String stored = template.length() > MAX_TEMPLATE_LENGTH ? template.substring(0, MAX_TEMPLATE_LENGTH) : template;
        return new Failure(fingerprint(errorCode, stage, template), stored);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
