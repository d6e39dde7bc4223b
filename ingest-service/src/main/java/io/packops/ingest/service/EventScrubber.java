package io.packops.ingest.service;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from warehouse error messages before they are stored: credentials in connection
 * URLs and connection strings, {@code key=value} secrets, cloud and SaaS tokens, JWTs, private key
 * blocks and e-mail addresses. Secrets become {@code [REDACTED]}, addresses {@code [EMAIL]}; the rest
 * of the message (table and column names, error codes, hosts, line numbers) is kept, so a message
 * stays useful for triage.
 *
 * <p>Rules are ordered from the most specific to the most general; each one runs on the output of the
 * previous one. A rule only fires on a shape that is a secret (a value after a secret-named key, a
 * token with a known prefix, a high-entropy run); identifiers that merely contain such a word, like
 * {@code password_reset_at} or {@code 'TOKEN'}, are left alone.
 */
public final class EventScrubber {

    public static final String REDACTED = "[REDACTED]";
    public static final String EMAIL = "[EMAIL]";

    private record Rule(Pattern pattern, Function<Matcher, String> replacement) {
        String apply(String text) {
            Matcher m = pattern.matcher(text);
            if (!m.find()) {
                return text;
            }
            StringBuilder out = new StringBuilder(text.length());
            do {
                m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m)));
            } while (m.find());
            m.appendTail(out);
            return out.toString();
        }
    }

    /** Key names whose value is a secret; a prefix is allowed ({@code db_password}, {@code aws_secret_access_key}). */
    private static final String SECRET_KEY = "[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|pwd|secret|"
            + "secret[._-]?key|secret[._-]?access[._-]?key|access[._-]?key(?:[._-]?id)?|api[._-]?key|"
            + "private[._-]?key(?:[._-]?id)?|account[._-]?key|shared[._-]?access[._-]?key)"
            // exact names that are too common as word parts to allow a prefix
            + "|\\bsig\\b|\\bsas\\b";
    /** Keys whose value is a token; values must look like one (8+ characters) unless written as key=value. */
    private static final String TOKEN_KEY = "[A-Za-z0-9_.-]*?token";

    private static final String VALUE = "(?:\"(?:[^\"\\\\\\n]|\\\\.)*\"|'[^'\\n]*'|\\{[^}\\n]*\\}|[^\\s;&,'\"<>(){}\\[\\]]+)";

    /** Values after a secret-named key that say something about the secret rather than being it ("using password: YES"). */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)yes|no|true|false|null|none|\\*+|");

    private static final List<Rule> RULES = List.of(
            // PEM private keys, whole blocks, also JSON-escaped ("\n") and cut off before the END line
            new Rule(Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----.*?(?:-----END \\1PRIVATE KEY-----|$)",
                    Pattern.DOTALL), m -> REDACTED),
            // user:password@ in any URL: jdbc:postgresql://u:p@h, snowflake://u:p@acct, redshift+psycopg2://...
            new Rule(Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s/:@]+):([^\\s/]+)@"),
                    m -> m.group(1) + ":" + REDACTED + "@"),
            // Oracle thin: jdbc:oracle:thin:scott/tiger@host
            new Rule(Pattern.compile("(?i)(\\bjdbc:oracle:[a-z]+:[^\\s/@:]+)/([^\\s@]+)@"),
                    m -> m.group(1) + "/" + REDACTED + "@"),
            // SQL: CREATE/ALTER USER ... IDENTIFIED BY 'secret'
            new Rule(Pattern.compile("(?i)(\\bidentified\\s+by\\s+)(" + VALUE + ")"),
                    m -> m.group(1) + quoted(m.group(2))),
            // Authorization: Bearer/Basic <credentials>; a word like "Bearer authentication" is not a token
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/-]+=*)"),
                    m -> looksLikeToken(m.group(3)) ? m.group(1) + m.group(2) + REDACTED : m.group()),
            // password=..., "client_secret": "...", PWD={...};, 'api_key' => '...', SecretAccessKey=...
            new Rule(Pattern.compile("(?i)(?<![A-Za-z0-9])([\"']?(?:" + SECRET_KEY + ")[\"']?\\s*(?:=>|[:=])\\s*)(" + VALUE + ")"),
                    m -> NOT_A_SECRET.matcher(unquoted(m.group(2))).matches() ? m.group() : m.group(1) + quoted(m.group(2))),
            // token=..., access_token: ..., "refresh_token": "..." (but not "unexpected token: ')'")
            new Rule(Pattern.compile("(?i)(?<![A-Za-z0-9])(?<!unexpected )([\"']?(?:" + TOKEN_KEY + ")[\"']?(\\s*(?:=>|[:=])\\s*))(" + VALUE + ")"),
                    m -> m.group(2).trim().equals("=") || unquoted(m.group(3)).length() >= 8
                            ? m.group(1) + quoted(m.group(3)) : m.group()),
            // JWTs (header.payload.signature) and other base64-encoded JSON ("eyJ...")
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), m -> REDACTED),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_+/-]{16,}={0,2}"), m -> REDACTED),
            // Tokens with well-known prefixes: Databricks, GitHub, GitLab, Slack, Stripe, Google, SendGrid
            new Rule(Pattern.compile("\\b(?:dapi[0-9a-f]{32}(?:-\\d+)?|dkea[0-9a-f]{32}|gh[pousr]_[A-Za-z0-9]{36,}"
                    + "|github_pat_[A-Za-z0-9_]{22,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}"
                    + "|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[0-9A-Za-z_-]{35}|ya29\\.[0-9A-Za-z_-]{20,}"
                    + "|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,})"), m -> REDACTED),
            // AWS access key ids
            new Rule(Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b"), m -> REDACTED),
            // AWS secret access keys and similar: 40 base64 characters mixing upper, lower and digits
            // (a 40-character hex digest or an identifier does not mix all three)
            new Rule(Pattern.compile("(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
                    m -> mixesCases(m.group()) ? REDACTED : m.group()),
            // e-mail addresses (not the user@host of a URL, which follows "//")
            new Rule(Pattern.compile("(?<![A-Za-z0-9._%+/-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    m -> EMAIL));

    private EventScrubber() {
    }

    /** The message without secrets; {@code null} stays {@code null}. */
    public static String scrub(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        String text = message;
        for (Rule rule : RULES) {
            text = rule.apply(text);
        }
        return text;
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
        return value.equals(REDACTED) ? value : REDACTED;
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
