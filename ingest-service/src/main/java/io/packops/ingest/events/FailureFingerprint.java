package io.packops.ingest.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    private record Rule(Pattern pattern, String placeholder) {
    }

    // The variable parts, in priority order: at one position the first rule that matches wins, so quoted
    // names beat what they contain, and timestamps, durations, hex and ids beat the numbers in them.
    private static final Rule NAME = new Rule(Pattern.compile(
            // an apostrophe inside a word ("can't") does not open a quote
            "(?<![a-z0-9])'(?:[^'\\n]|'')*'(?![a-z0-9])|\"(?:[^\"\\\\\\n]|\\\\.)*\"|`[^`\\n]*`"), "<name>");
    private static final Rule UUID = new Rule(Pattern.compile(
            "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"), "<uuid>");
    private static final Rule TIMESTAMP = new Rule(Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}(?:[t ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:z|[+-]\\d{2}(?::?\\d{2})?)?)?\\b"
                    + "|\\b\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b"), "<ts>");
    private static final Rule DURATION = new Rule(Pattern.compile(
            "(?<![a-z0-9_.])\\d+(?:\\.\\d+)?\\s?(?:ms|us|µs|ns|milliseconds?|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)\\b"),
            "<duration>");
    private static final Rule HEX = new Rule(Pattern.compile(
            "\\b0x[0-9a-f]+\\b|\\b(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\\b"), "<hex>");
    // identifiers that carry a number: acct_8812, job_7f3a9, i-0abc123, query01b2
    private static final Rule ID = new Rule(Pattern.compile(
            "\\b(?=[a-z0-9_-]*[a-z])(?=[a-z0-9_-]*\\d[a-z0-9_-]*\\d)[a-z0-9][a-z0-9_-]{5,}\\b"), "<id>");
    private static final Rule NUMBER = new Rule(Pattern.compile(
            "(?<![a-z_<])[-+]?\\d+(?:[.,]\\d+)*(?:e[-+]?\\d+)?\\b"), "<num>");
    private static final Rule SPACE = new Rule(Pattern.compile("\\s+"), " ");

    private static final Rule[] QUOTE_RULES = {NAME};
    private static final Rule[] DIGIT_RULES = {UUID, TIMESTAMP, DURATION, HEX, ID, NUMBER};
    private static final Rule[] HEX_LETTER_RULES = {UUID, HEX, ID};
    private static final Rule[] LETTER_RULES = {ID};
    private static final Rule[] NUMBER_RULES = {NUMBER};
    private static final Rule[] SPACE_RULES = {SPACE};

    private FailureFingerprint() {
    }

    /**
     * The message with its variable parts replaced by placeholders; "" for no message. One pass: at
     * each position only the rules that can start with its character are tried, anchored there.
     */
    public static String template(String message) {
        if (message == null || message.isBlank()) {
            return "";
        }
        String text = message.toLowerCase(Locale.ROOT);
        int n = text.length();
        StringBuilder out = new StringBuilder(n);
        Matcher[] matchers = new Matcher[8];
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            boolean afterWord = i > 0 && isWordChar(text.charAt(i - 1));
            Rule[] candidates;
            if (c == '\'' || c == '"' || c == '`') {
                candidates = QUOTE_RULES;
            } else if (c >= '0' && c <= '9') {
                // every digit rule but the plain number needs a word boundary before it
                candidates = afterWord ? NUMBER_RULES : DIGIT_RULES;
            } else if (c >= 'a' && c <= 'z') {
                candidates = afterWord ? null : c <= 'f' ? HEX_LETTER_RULES : LETTER_RULES;
            } else if (c == '-' || c == '+') {
                candidates = NUMBER_RULES;
            } else if (Character.isWhitespace(c)) {
                candidates = SPACE_RULES;
            } else {
                candidates = null;
            }
            int end = -1;
            if (candidates != null) {
                for (Rule rule : candidates) {
                    if (!mayStartAt(rule, text, i)) {
                        continue;
                    }
                    Matcher m = matcher(matchers, rule, text);
                    m.region(i, n);
                    if (m.lookingAt() && m.end() > i) {
                        out.append(rule.placeholder());
                        end = m.end();
                        break;
                    }
                }
            }
            if (end < 0) {
                out.append(c);
                i++;
            } else {
                i = end;
            }
        }
        return out.toString().strip();
    }

    /** Cheap necessary conditions, so the regexes run only where they can match. */
    private static boolean mayStartAt(Rule rule, String text, int i) {
        int n = text.length();
        if (rule == UUID) {
            return i + 36 <= n && text.charAt(i + 8) == '-' && hexRun(text, i) >= 8;
        }
        if (rule == TIMESTAMP) {
            return (i + 10 <= n && text.charAt(i + 4) == '-') || (i + 8 <= n && text.charAt(i + 2) == ':');
        }
        if (rule == HEX) {
            return hexRun(text, i) >= 8 || (i + 2 < n && text.charAt(i) == '0' && text.charAt(i + 1) == 'x');
        }
        if (rule == ID) {
            int letters = 0;
            int digits = 0;
            int j = i;
            for (; j < n; j++) {
                char c = text.charAt(j);
                if (c >= 'a' && c <= 'z') {
                    letters++;
                } else if (c >= '0' && c <= '9') {
                    digits++;
                } else if (c != '_' && c != '-') {
                    break;
                }
            }
            return j - i >= 6 && letters > 0 && digits >= 2;
        }
        return true;
    }

    private static int hexRun(String text, int i) {
        int j = i;
        while (j < text.length() && ((text.charAt(j) >= '0' && text.charAt(j) <= '9') || (text.charAt(j) >= 'a' && text.charAt(j) <= 'f'))) {
            j++;
        }
        return j - i;
    }

    private static Matcher matcher(Matcher[] matchers, Rule rule, String text) {
        int slot = rule == NAME ? 0 : rule == UUID ? 1 : rule == TIMESTAMP ? 2 : rule == DURATION ? 3 : rule == HEX ? 4
                : rule == ID ? 5 : rule == NUMBER ? 6 : 7;
        Matcher m = matchers[slot];
        if (m == null) {
            m = rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            matchers[slot] = m;
        }
        return m;
    }

    /** A regex word character ({@code \\w}) of the lower-cased text. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
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
