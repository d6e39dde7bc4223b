package io.packops.ingest.events;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from warehouse error messages before they are stored: credentials in connection
 * URLs and connection strings, {@code key=value} secrets, cloud and SaaS tokens, JWTs, private key
 * blocks and e-mail addresses. Secrets become {@code [REDACTED]}, addresses {@code [EMAIL]}; the rest
 * of the message (table and column names, error codes, hosts, line numbers) is kept, so a message
 * stays useful for triage.
 *
 * <p>A rule only fires on a shape that is a secret (a value after a secret-named key, a token with a
 * known prefix, a high-entropy run); identifiers that merely contain such a word, like
 * {@code password_reset_at} or {@code 'TOKEN'}, are left alone. Every rule has a cheap trigger (a
 * substring the message must contain) so a message without secrets costs a few {@code indexOf}s:
 * this runs for every failed event on the ingest path.
 */
public final class EventScrubber {

    public static final String REDACTED = "[REDACTED]";
    public static final String EMAIL = "[EMAIL]";

    /** A message as it is being scrubbed, with its lower-case form computed once when a trigger needs it. */
    private static final class Text {
        String value;
        private String lower;

        Text(String value) {
            this.value = value;
        }

        String lower() {
            if (lower == null) {
                lower = value.toLowerCase(Locale.ROOT);
            }
            return lower;
        }

        void set(String changed) {
            if (!changed.equals(value)) {
                value = changed;
                lower = null;
            }
        }
    }

    private record Rule(Predicate<Text> trigger, Pattern pattern, Function<Matcher, String> replacement) {
        void apply(Text text) {
            if (!trigger.test(text)) {
                return;
            }
            Matcher m = pattern.matcher(text.value);
            if (!m.find()) {
                return;
            }
            StringBuilder out = new StringBuilder(text.value.length());
            do {
                m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
            } while (m.find());
            m.appendTail(out);
            text.set(out.toString());
        }
    }

    /** A quoted, braced or bare value after a key. */
    private static final String VALUE = "(?:\"(?:[^\"\\\\\\n]|\\\\.)*\"|'[^'\\n]*'|\\{[^}\\n]*\\}|[^\\s;&,'\"<>(){}\\[\\]]+)";

    /** {@code key = value}, {@code "key": "value"}, {@code 'key' => 'value'}; the key decides whether the value is secret. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?<![A-Za-z0-9_.-])([\"']?)([A-Za-z0-9_.-]+)([\"']?\\s*(?:=>|[:=])\\s*)(" + VALUE + ")");
    /** Key names whose value is a secret; a prefix is allowed ({@code db_password}, {@code aws_secret_access_key}). */
    private static final Pattern SECRET_KEY = Pattern.compile("(?:password|passwd|passphrase|pwd|secret|secret[._-]?key"
            + "|secret[._-]?access[._-]?key|access[._-]?key(?:[._-]?id)?|api[._-]?key|apikey|private[._-]?key(?:[._-]?id)?"
            + "|account[._-]?key|shared[._-]?access[._-]?key)$");
    /** Values after a secret-named key that say something about the secret rather than being it ("using password: YES"). */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)yes|no|true|false|null|none|\\*+|");
    private static final String[] KEY_WORDS = {"pass", "pwd", "secret", "key", "token", "sig", "sas"};

    private static final String[] KNOWN_PREFIXES = {"dapi", "dkea", "gh", "glpat-", "xox", "k_live_", "k_test_", "AIza",
            "ya29.", "SG."};
    private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA",
            "ANVA", "APKA"};

    private static final List<Rule> RULES = List.of(
            // PEM private keys, whole blocks, also JSON-escaped ("\n") and cut off before the END line
            new Rule(t -> t.value.contains("PRIVATE KEY-----"),
                    Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|$)", Pattern.DOTALL),
                    m -> REDACTED),
            // user:password@ in any URL: jdbc:postgresql://u:p@h, snowflake://u:p@acct, redshift+psycopg2://...
            new Rule(t -> t.value.contains("://") && t.value.indexOf('@') >= 0,
                    Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s/:@]+):([^\\s/]+)@"),
                    m -> m.group(1) + ":" + REDACTED + "@"),
            // Oracle thin: jdbc:oracle:thin:scott/tiger@host
            new Rule(t -> t.lower().contains("jdbc:oracle:"),
                    Pattern.compile("(?i)(\\bjdbc:oracle:[a-z]+:[^\\s/@:]+)/([^\\s@]+)@"),
                    m -> m.group(1) + "/" + REDACTED + "@"),
            // SQL: CREATE/ALTER USER ... IDENTIFIED BY 'secret'
            new Rule(t -> t.lower().contains("identified"),
                    Pattern.compile("(?i)(\\bidentified\\s+by\\s+)(" + VALUE + ")"),
                    m -> m.group(1) + quoted(m.group(2))),
            // Authorization: Bearer/Basic <credentials>; a word like "Bearer authentication" is not a token
            new Rule(t -> t.lower().contains("bearer") || t.lower().contains("basic"),
                    Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/-]+=*)"),
                    m -> looksLikeToken(m.group(3)) ? m.group(1) + m.group(2) + REDACTED : m.group()),
            // JWTs (header.payload.signature) and other base64-encoded JSON ("eyJ...")
            new Rule(t -> t.value.contains("eyJ"),
                    Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*|\\beyJ[A-Za-z0-9_+/-]{16,}={0,2}"),
                    m -> REDACTED),
            // Tokens with well-known prefixes: Databricks, GitHub, GitLab, Slack, Stripe, Google, SendGrid
            new Rule(t -> containsAny(t.value, KNOWN_PREFIXES),
                    Pattern.compile("\\b(?:dapi[0-9a-f]{32}(?:-\\d+)?|dkea[0-9a-f]{32}|gh[pousr]_[A-Za-z0-9]{36,}"
                            + "|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}"
                            + "|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[0-9A-Za-z_-]{35}|ya29\\.[0-9A-Za-z_-]{20,}"
                            + "|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,})"),
                    m -> REDACTED),
            // AWS access key ids
            new Rule(t -> containsAny(t.value, AWS_PREFIXES),
                    Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b"),
                    m -> REDACTED),
            // AWS secret access keys and similar: 40 base64 characters mixing upper, lower and digits
            // (a 40-character hex digest or an identifier does not mix all three)
            new Rule(t -> hasRun(t.value, 40),
                    Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
                    m -> mixesCases(m.group()) ? REDACTED : m.group()),
            // e-mail addresses (not the user@host of a URL, which follows "//")
            new Rule(t -> t.value.indexOf('@') >= 0,
                    Pattern.compile("(?<![A-Za-z0-9._%+/-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    m -> EMAIL));

    private EventScrubber() {
    }

    /** The message without secrets; {@code null} stays {@code null}. */
    public static String scrub(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        Text text = new Text(message);
        for (int i = 0; i < RULES.size(); i++) {
            RULES.get(i).apply(text);
            if (i == 4) {
                keyValues(text); // after URLs and headers, before the token shapes
            }
        }
        return text.value;
    }

    /**
     * password=..., "client_secret": "...", PWD={...};, 'api_key' => '...', SecretAccessKey=..., token=...
     * One pass over every {@code key<sep>value}; a value that is not a secret is scanned on, since it
     * may hold more pairs (a URL's query string).
     */
    private static void keyValues(Text text) {
        String s = text.value;
        if ((s.indexOf('=') < 0 && s.indexOf(':') < 0) || !containsAny(text.lower(), KEY_WORDS)) {
            return;
        }
        Matcher m = KEY_VALUE.matcher(s);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < s.length() && m.find(from)) {
            String key = m.group(2).toLowerCase(Locale.ROOT);
            String value = m.group(4);
            String bare = unquoted(value);
            boolean secret;
            if (key.equals("sig") || key.equals("sas") || SECRET_KEY.matcher(key).find()) {
                secret = !NOT_A_SECRET.matcher(bare).matches();
            } else if (key.endsWith("token")) {
                // "Unexpected token: ')'" is a parser error, not a credential
                secret = !precededBy(s, m.start(), "unexpected ")
                        && (m.group(3).trim().equals("=") || bare.length() >= 8);
            } else {
                secret = false;
            }
            if (!secret) {
                from = m.start(4);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, m.start(4)).append(quoted(value));
            copied = m.end(4);
            from = m.end(4);
        }
        if (out != null) {
            out.append(s, copied, s.length());
            text.set(out.toString());
        }
    }

    private static boolean precededBy(String s, int at, String word) {
        int start = at - word.length();
        return start >= 0 && s.regionMatches(true, start, word, 0, word.length());
    }

    private static boolean containsAny(String s, String[] needles) {
        for (String needle : needles) {
            if (s.contains(needle)) {
                return true;
            }
        }
        return false;
    }

    /** Whether s has a run of at least n characters of [A-Za-z0-9/+]. */
    private static boolean hasRun(String s, int n) {
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '+') {
                if (++run >= n) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }

    /** Keeps the quotes (or braces) around a redacted value so the message still reads as before. */
    private static String quoted(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if ((first == '"' || first == '\'') && last == first) {
                return first + REDACTED + first;
            }
            if (first == '{' && last == '}') {
                return "{" + REDACTED + "}";
            }
        }
        return REDACTED;
    }

    private static String unquoted(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'' || value.charAt(0) == '{')) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** A credential after Bearer/Basic: has a digit or symbol, or is too long to be a word. */
    private static boolean looksLikeToken(String s) {
        if (s.length() < 8) {
            return false;
        }
        if (s.length() >= 24) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || "._~+/=-".indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean mixesCases(String s) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }
}
