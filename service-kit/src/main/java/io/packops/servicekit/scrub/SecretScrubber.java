package io.packops.servicekit.scrub;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Removes secrets from text that came from outside (warehouse error messages, receivers' answers) before it is
 * stored, shown or sent: credentials in URLs of any scheme, connection strings (JDBC, ODBC, ADO, DSNs),
 * {@code key=value} / JSON / YAML / XML fields under the names drivers use for secrets, every HTTP authorization
 * scheme, cookies, signed cloud-storage URLs, webhook URLs that are secrets themselves, vendor token formats, JWTs,
 * private key blocks and e-mail addresses. Secrets become {@code [REDACTED]}, addresses {@code [EMAIL]}; the rest
 * (table and column names, error codes, hosts, line numbers) is kept, so a message stays useful for triage.
 *
 * <p>Every pattern is RE2 (linear in the text, whatever the text): the input is attacker-controlled and this runs on
 * ingest's hot path, where a backtracking engine made one 33 KB message cost seconds. Every rule also has a cheap
 * trigger (a substring the text must contain), so a message without secrets costs a few {@code indexOf}s.
 * A rule fires only on a shape that is a secret; identifiers that merely contain such a word
 * ({@code password_reset_at}, {@code 'TOKEN'}) are left alone. Scrubbing is idempotent.
 */
public final class SecretScrubber {

    public static final String REDACTED = "[REDACTED]";
    public static final String EMAIL = "[EMAIL]";

    /** A quoted (possibly cut off before its closing quote), braced or bare value after a key. */
    private static final String VALUE =
            "(?:\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'[^'\\n]*'?|\\{[^}\\n]*\\}|[^\\s;&,'\"<>(){}\\[\\]]+)";
    /** One credential of a header: {@code key="quoted"}, {@code key=value} or a bare token (or what is left of one). */
    private static final String HEADER_ITEM = "(?:\\[REDACTED\\]|[A-Za-z0-9_-]+=(?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"?"
            + "|[^\\s,;}{)\\]\"']*)|[^\\s,;}{)\\[\\]\"']+)";
    /**
     * An Authorization value: within its quotes when it is quoted (a JSON or a repr of headers, escapes allowed), else
     * a scheme and its credentials: one token, or a list of {@code key=value} (Digest, AWS4-HMAC-SHA256), and no further
     * (what follows, like {@code , User-Agent: …}, stays).
     */
    private static final String AUTHORIZATION_VALUE = "(?:([\"'])((?:[^\"'\\\\\\r\\n]|\\\\.)*)|((?:[A-Za-z0-9-]+[ \\t]+)?"
            + HEADER_ITEM + "(?:\\s*,\\s*[A-Za-z0-9_-]+=(?:\"(?:[^\"\\\\\\r\\n]|\\\\.)*\"?|[^\\s,;}{)\\]\"']*))*))";
    /** A Cookie value: within its quotes, else the rest of the line up to a closing bracket (cookies are ; lists). */
    private static final String COOKIE_VALUE = "(?:([\"'])((?:[^\"'\\\\\\r\\n]|\\\\.)*)|([^\\r\\n)}]+))";
    /** {@code <password>…</password>}; RE2 has no back references, so the tags are compared in code. */
    private static final Pattern XML_FIELD =
            Pattern.compile("<([A-Za-z][A-Za-z0-9_.:-]*)>([^<\\n]*)</([A-Za-z][A-Za-z0-9_.:-]*)>");
    /** Values after a secret-named key that say something about the secret rather than being it ("using password: YES"). */
    private static final Pattern NOT_A_SECRET = Pattern.compile("(?i)yes|no|true|false|null|none|\\*+|");
    /** Every key {@link SecretKeys} knows contains one of these (lower case). */
    private static final String[] KEY_WORDS = {"pass", "pw", "secret", "key", "token", "sig", "sas", "credential", "auth",
            "session", "webhook"};

    /** What each vendor token format below starts with (or holds), so that a message without one skips the pattern. */
    private static final String[] TOKEN_PREFIXES = {"dapi", "dkea", "dose", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
            "github_pat_", "glpat-", "gldt-", "glrt-", "xox", "xapp-", "k_live_", "k_test_", "whsec_", "AIza", "ya29.",
            "GOCSPX-", "SG.", "sk-", "npm_", "pypi-", "hf_", "shpat_", "shpss_", "shpca_", "shppa_", "key-", "-us",
            "_v1_", "ATATT", "PMAK-", "sq0", "EAAA", "Q~", "HRKU-", "glsa_", "glc_"};
    private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA",
            "ANVA", "APKA"};
    private static final String[] WEBHOOK_HOSTS = {"hooks.slack.com", "discord", "webhook.office.com",
            "hooks.zapier.com", "events.pagerduty.com", "events.eu.pagerduty.com", "chat.googleapis.com"};

    /** A text as it is being scrubbed, with its lower-case form computed once when a trigger needs it. */
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

    /** What a match becomes, given the match and the text it is in; {@code null} leaves the match as it is. */
    private interface Replacement {
        String apply(Matcher match, String in);
    }

    private record Rule(Predicate<Text> trigger, Pattern pattern, Replacement replacement) {
        void apply(Text text) {
            if (trigger.test(text)) {
                text.set(replaceAll(text.value, pattern, replacement));
            }
        }
    }

    private static final List<Rule> RULES = List.of(
            // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED, PGP ... BLOCK), whole blocks, also JSON-escaped ("\n")
            // and cut off before the END line
            new Rule(t -> t.value.contains("PRIVATE KEY"),
                    Pattern.compile("(?s)-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----.*?"
                            + "(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z0-9 ]*-----|$)"),
                    (m, in) -> REDACTED),
            // user:password@ in a URL of any scheme, whatever the password holds (/, :, @): everything up to the
            // last @ of the URL (jdbc:postgresql://u:p@h, snowflake://u:p@acct, redshift+psycopg2://..., https://x:t@git)
            new Rule(t -> t.value.contains("://") && t.value.indexOf('@') >= 0,
                    Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s/:@'\"<>]+):([^\\s'\"<>]*)@"),
                    (m, in) -> m.group(1) + ":" + REDACTED + "@"),
            // webhook URLs that are credentials themselves: Slack, Discord, Teams, Zapier, PagerDuty, Google Chat
            new Rule(t -> containsAny(t.lower(), WEBHOOK_HOSTS),
                    Pattern.compile("(?i)(\\bhttps?://(?:hooks\\.slack\\.com/(?:services|workflows|triggers)"
                            + "|(?:[a-z0-9-]+\\.)?discord(?:app)?\\.com/api/webhooks|[a-z0-9-]+\\.webhook\\.office\\.com/"
                            + "webhook(?:b2)?|hooks\\.zapier\\.com/hooks/catch|events(?:\\.eu)?\\.pagerduty\\.com/integration"
                            + "|chat\\.googleapis\\.com/v1/spaces)/)[^\\s'\"<>)]+"),
                    (m, in) -> m.group(1) + REDACTED),
            // Oracle thin: jdbc:oracle:thin:scott/tiger@host
            new Rule(t -> t.lower().contains("jdbc:oracle:"),
                    Pattern.compile("(?i)(\\bjdbc:oracle:[a-z]+:[^\\s/@:]+)/([^\\s@]+)@"),
                    (m, in) -> m.group(1) + "/" + REDACTED + "@"),
            // SQL: CREATE/ALTER USER ... IDENTIFIED BY 'secret'; ... WITH [ENCRYPTED] PASSWORD 'secret'
            new Rule(t -> t.lower().contains("identified"),
                    Pattern.compile("(?i)(\\bidentified\\s+by\\s+)(" + VALUE + ")"),
                    (m, in) -> m.group(1) + quoted(m.group(2))),
            new Rule(t -> t.lower().contains("password"),
                    Pattern.compile("(?i)(\\bpassword\\s+)(\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'[^'\\n]*'?)"),
                    (m, in) -> m.group(1) + quoted(m.group(2))),
            // Authorization / Proxy-Authorization headers of any scheme (Bearer, Basic, Token, Digest, AWS4-HMAC-SHA256,
            // Snowflake Token="…", SSWS, OAuth …): the scheme stays, its credentials go
            new Rule(t -> t.lower().contains("authorization"),
                    Pattern.compile("(?i)(\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*)" + AUTHORIZATION_VALUE),
                    (m, in) -> header(m, true)),
            // cookies are sessions
            new Rule(t -> t.lower().contains("cookie"),
                    Pattern.compile("(?i)(\\b(?:set-)?cookie[\"']?\\s*:\\s*)" + COOKIE_VALUE),
                    (m, in) -> header(m, false)),
            // Bearer/Basic credentials outside a header; a word like "Bearer authentication" is not a token
            new Rule(t -> t.lower().contains("bearer") || t.lower().contains("basic"),
                    Pattern.compile("(?i)\\b(bearer|basic)(\\s+)([A-Za-z0-9._~+/-]+=*)"),
                    (m, in) -> looksLikeToken(m.group(3)) ? m.group(1) + m.group(2) + REDACTED : null));

    private static final List<Rule> TOKEN_RULES = List.of(
            // JWTs (header.payload.signature) and other base64-encoded JSON ("eyJ...")
            new Rule(t -> t.value.contains("eyJ"),
                    Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*|\\beyJ[A-Za-z0-9_+/-]{16,}={0,2}"),
                    (m, in) -> REDACTED),
            // vendor token formats: Databricks, GitHub, GitLab, Slack, Stripe, Google, SendGrid, OpenAI, Anthropic, npm,
            // PyPI, Hugging Face, Shopify, Mailgun, Mailchimp, DigitalOcean, Atlassian, Postman, Square,
            // Azure AD client secrets, Heroku, Grafana
            new Rule(t -> containsAny(t.value, TOKEN_PREFIXES),
                    Pattern.compile("\\b(?:dapi[0-9a-f]{32}(?:-\\d+)?|dkea[0-9a-f]{32}|dose[0-9a-f]{32}"
                            + "|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}|gl(?:pat|dt|rt)-[A-Za-z0-9_-]{20,}"
                            + "|xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Za-z0-9-]{10,}"
                            + "|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9+/=]{20,}"
                            + "|AIza[0-9A-Za-z_-]{35}|ya29\\.[0-9A-Za-z_-]{20,}|GOCSPX-[A-Za-z0-9_-]{20,}"
                            + "|SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}"
                            + "|sk-(?:proj|svcacct|admin|ant)-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{32,}"
                            + "|npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,}|hf_[A-Za-z0-9]{30,}"
                            + "|shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}|key-[0-9a-zA-Z]{32}"
                            + "|[0-9a-f]{32}-us[0-9]{1,2}|do[opr]_v1_[a-f0-9]{64}|ATATT3[A-Za-z0-9_=-]{20,}"
                            + "|PMAK-[a-f0-9]{24}-[a-f0-9]{34}|sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}|EAAA[A-Za-z0-9_-]{60,}"
                            + "|[A-Za-z0-9_.-]{3}[78]Q~[A-Za-z0-9_~.-]{31,34}|HRKU-[A-Za-z0-9_-]{30,}"
                            + "|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})"),
                    (m, in) -> REDACTED),
            // AWS access key ids
            new Rule(t -> containsAny(t.value, AWS_PREFIXES),
                    Pattern.compile("\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b"),
                    (m, in) -> REDACTED),
            // AWS secret access keys and similar: a run of exactly 40 base64 characters mixing upper, lower and digits
            // (a 40-character hex digest or an identifier does not mix all three); runs are matched whole
            new Rule(t -> hasRun(t.value, 40),
                    Pattern.compile("[A-Za-z0-9/+]{40,}"),
                    (m, in) -> m.group().length() == 40 && !touches(m, in, '=') && mixesCases(m.group()) ? REDACTED : null),
            // e-mail addresses (not the user@host of a URL, which follows "//")
            new Rule(t -> t.value.indexOf('@') >= 0,
                    Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\b"),
                    (m, in) -> charBefore(m, in) == '/' ? null : EMAIL));

    private SecretScrubber() {
    }

    /** The text without secrets; {@code null} stays {@code null}. Linear in the length of the text. */
    public static String scrub(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Text t = new Text(text);
        RULES.forEach(rule -> rule.apply(t));
        keyValues(t); // after URLs and headers, before the token shapes
        xmlFields(t);
        TOKEN_RULES.forEach(rule -> rule.apply(t));
        return t.value;
    }

    /** Room kept for the cut marker, "… [cut: 1234567890 more characters]". */
    static final int MARKER_ROOM = 40;
    /** A word the cut falls into is dropped when it is at most this long (a token's length), else cut too. */
    private static final int LONGEST_DROPPED_WORD = 256;

    /**
     * The text scrubbed, at most {@code max} characters long, the cut marked. A long text is cut before it is scrubbed
     * (why scrub what is never kept), and the cut drops the word it falls into, so no piece of a secret too short for
     * its rule to recognise is left at the end; a word longer than any token is cut instead, to keep the context.
     */
    public static String scrubAndCut(String text, int max) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        int keep = text.length() <= max ? text.length() : wordBoundaryBefore(text, max - MARKER_ROOM);
        String scrubbed = scrub(text.substring(0, keep));
        if (keep == text.length() && scrubbed.length() <= max) {
            return scrubbed;
        }
        if (scrubbed.length() > max - MARKER_ROOM) {
            scrubbed = scrubbed.substring(0, max - MARKER_ROOM); // redaction markers made it longer
        }
        return scrubbed + "… [cut: " + (text.length() - keep) + " more characters]";
    }

    private static int wordBoundaryBefore(String text, int at) {
        for (int i = at; i > 0 && i >= at - LONGEST_DROPPED_WORD; i--) {
            if (isSeparator(text.charAt(i - 1))) {
                return i;
            }
        }
        return at;
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || ",;&\"'<>()[]{}".indexOf(c) >= 0;
    }

    /**
     * password=..., "client_secret": "...", PWD={...};, 'api_key' => '...', X-Amz-Signature=..., token=...
     * One pass over the separators ({@code =}, {@code :}, {@code =>}), by hand rather than by a pattern: this runs for
     * most failed events, and reading the key back and the value forward from each separator is linear and cheap.
     * A value that is not a secret is scanned on, since it may hold more pairs (a URL's query string).
     */
    private static void keyValues(Text text) {
        String s = text.value;
        if ((s.indexOf('=') < 0 && s.indexOf(':') < 0) || !containsAny(text.lower(), KEY_WORDS)) {
            return;
        }
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '=' && c != ':') {
                i++;
                continue;
            }
            int sepEnd = c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '>' ? i + 2 : i + 1;
            int keyEnd = i;
            while (keyEnd > copied && Character.isWhitespace(s.charAt(keyEnd - 1))) {
                keyEnd--;
            }
            if (keyEnd > copied && (s.charAt(keyEnd - 1) == '"' || s.charAt(keyEnd - 1) == '\'')) {
                keyEnd--;
            }
            int keyStart = keyEnd;
            while (keyStart > copied && isKeyChar(s.charAt(keyStart - 1))) {
                keyStart--;
            }
            int valueStart = sepEnd;
            while (valueStart < s.length() && Character.isWhitespace(s.charAt(valueStart))) {
                valueStart++;
            }
            int valueEnd = valueEnd(s, valueStart);
            if (keyStart == keyEnd || valueEnd == valueStart) {
                i = sepEnd;
                continue;
            }
            String value = s.substring(valueStart, valueEnd);
            String separator = s.substring(i, sepEnd);
            if (!SecretKeys.isSecret(s.substring(keyStart, keyEnd), separator, unquoted(value), s, keyStart)) {
                i = valueStart;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, valueStart).append(quoted(value));
            copied = valueEnd;
            i = valueEnd;
        }
        if (out != null) {
            out.append(s, copied, s.length());
            text.set(out.toString());
        }
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    /**
     * Where the value starting at {@code from} ends: a double-quoted value (escapes allowed) at its closing quote or at
     * the end of the line when it was cut off, a single-quoted one likewise, a braced one at its brace, a bare one at
     * the first space or delimiter; {@code from} itself when there is no value.
     */
    private static int valueEnd(String s, int from) {
        if (from >= s.length()) {
            return from;
        }
        char open = s.charAt(from);
        int i = from + 1;
        if (open == '"' || open == '\'') {
            while (i < s.length() && s.charAt(i) != open && s.charAt(i) != '\n') {
                i += open == '"' && s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) != '\n' ? 2 : 1;
            }
            return i < s.length() && s.charAt(i) == open ? i + 1 : Math.min(i, s.length());
        }
        if (open == '{') {
            int close = i;
            while (close < s.length() && s.charAt(close) != '}' && s.charAt(close) != '\n') {
                close++;
            }
            return close < s.length() && s.charAt(close) == '}' ? close + 1 : from;
        }
        i = from;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && ";&,'\"<>(){}[]".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static void xmlFields(Text text) {
        if (!text.value.contains("</")) {
            return;
        }
        text.set(replaceAll(text.value, XML_FIELD, (m, in) -> m.group(1).equalsIgnoreCase(m.group(3))
                && !m.group(2).equals(REDACTED)
                && SecretKeys.isSecret(m.group(1), ":", m.group(2), in, m.start(1))
                ? "<" + m.group(1) + ">" + REDACTED + "</" + m.group(3) + ">" : null));
    }

    /** Every match of the pattern replaced by what the function returns, or kept when it returns null. */
    private static String replaceAll(String s, Pattern pattern, Replacement replacement) {
        Matcher m = pattern.matcher(s);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            String with = replacement.apply(m, s);
            if (with == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, m.start()).append(with);
            copied = m.end();
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, s.length()).toString();
    }

    /** An Authorization (its scheme kept) or Cookie header with its credentials redacted; null when it has none. */
    private static String header(Matcher m, boolean keepScheme) {
        String quote = m.group(2) == null ? "" : m.group(2);
        String v = (m.group(2) == null ? m.group(4) : m.group(3)).strip();
        int space = v.indexOf(' ');
        String scheme = space < 0 ? "" : v.substring(0, space);
        boolean isScheme = keepScheme && !scheme.isEmpty() && scheme.length() <= 24 && scheme.chars()
                .allMatch(c -> Character.isLetterOrDigit(c) || c == '-');
        if (NOT_A_SECRET.matcher(v).matches() || v.equals(REDACTED) || isScheme && v.substring(space + 1).equals(REDACTED)) {
            return null;
        }
        return m.group(1) + quote + (isScheme ? scheme + " " + REDACTED : REDACTED);
    }

    private static char charBefore(Matcher m, String in) {
        return m.start() == 0 ? ' ' : in.charAt(m.start() - 1);
    }

    private static boolean touches(Matcher m, String in, char c) {
        return (m.start() > 0 && in.charAt(m.start() - 1) == c) || (m.end() < in.length() && in.charAt(m.end()) == c);
    }

    static boolean containsAny(String s, String[] needles) {
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
    static String quoted(String value) {
        if (!value.isEmpty()) {
            char first = value.charAt(0);
            char last = value.charAt(value.length() - 1);
            if (first == '"' || first == '\'') {
                return value.length() >= 2 && last == first ? first + REDACTED + first : first + REDACTED;
            }
            if (first == '{' && last == '}') {
                return "{" + REDACTED + "}";
            }
        }
        return REDACTED;
    }

    static String unquoted(String value) {
        if (value.isEmpty()) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '"' || first == '\'' || first == '{') {
            char last = value.charAt(value.length() - 1);
            boolean closed = value.length() >= 2 && (last == first || (first == '{' && last == '}'));
            return value.substring(1, closed ? value.length() - 1 : value.length());
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
