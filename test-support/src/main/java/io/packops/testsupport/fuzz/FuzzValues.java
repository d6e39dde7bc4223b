package io.packops.testsupport.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/** Values that break parsers and validators: edge numbers, odd unicode, control characters, injection-looking text. */
public final class FuzzValues {

    /** Strings a validator should reject or keep as plain data (Java strings; the mutators escape them). */
    public static final List<String> STRINGS = List.of(
            "", " ", "  \t ", "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "\r\n", "\n\n\n", "\t",
            "null", "true", "false", "0", "-1", "1e400", "NaN", "Infinity", "0x1F", "1_000",
            "1.4.0", "1.4", "v1.4.0", "01.4.0", "1.4.0-rc.1+build.5", "999999999999999999999.0.0", "1.0.0-",
            "2026-11-25T10:00:03Z", "2026-11-25T10:00:03+01:00", "2026-11-25", "2026-13-45T99:99:99Z",
            "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
            "2026-11-25T10:00:03.123456789123Z", "2026-11-25 10:00:03", "P1D", "14d", "90d", "99999999d", "-1d", "0s",
            "fuzzconn", "STRIPE", "stripe revenue", "-stripe", "a".repeat(63), "a".repeat(64), "x".repeat(5000),
            "sha256:" + "ab".repeat(32), "sha256:" + "AB".repeat(32), "sha256:",
            "😀", "\uD83D\uDE00\uD83D\uDE00", "\u202Eevil", "e\u0301", "\uFEFF", "\u00A0", "\u2028", "Ω≈ç√∫",
            "\uFFFF", "\uFFFE", "\uE000", "日本語", "ملف",
            "<script>alert(1)</script>", "'; drop table events; --", "\" OR 1=1 --", "../../etc/passwd",
            "%s%n%x", "${jndi:ldap://127.0.0.1/x}", "#{7*7}", "{{ ref('x') }}", "{% raw %}", "\\", "\"", "'", "`",
            "*", "~", "&a", "*a", "!!str", "? x", "- x", "key: value", "{a: 1}", "[1, 2]", "---", "...", "#", "|", ">");

    /** Raw JSON values (inserted as text, so they can be what a tree cannot hold: 1e400, lone surrogates…). */
    public static final List<String> RAW_JSON = List.of(
            "null", "true", "false", "0", "-0", "-1", "1", "0.5", "-0.0", "2147483648", "-2147483649",
            "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890", "1e308", "1e400",
            "-1e400", "1E-400", "1.7976931348623157E309", "0.000000000000000000000000000001", "1" + "0".repeat(1200),
            "\"\\ud800\"", "\"\\udc00x\"", "\"\\u0000\"", "\"\\uFFFF\"", "\"a\\u0000b\"",
            "[]", "{}", "[null]", "[1,2,3]", "{\"a\":1}", "[[]]", "{\"\":\"\"}", "\"\"", "[\"\"]");

    private FuzzValues() {
    }

    public static String anyString(RandomGenerator r) {
        return STRINGS.get(r.nextInt(STRINGS.size()));
    }

    public static String anyRawJson(RandomGenerator r) {
        return RAW_JSON.get(r.nextInt(RAW_JSON.size()));
    }

    /** A string changed a little: cut, doubled, case-flipped, padded, or given an odd character. */
    public static String tweak(String s, RandomGenerator r) {
        if (s.isEmpty()) {
            return anyString(r);
        }
        return switch (r.nextInt(10)) {
            case 0 -> s.substring(0, r.nextInt(s.length()));
            case 1 -> s + s;
            case 2 -> s.toUpperCase(java.util.Locale.ROOT);
            case 3 -> " " + s + " ";
            case 4 -> s + anyString(r);
            case 5 -> anyString(r) + s;
            case 6 -> insert(s, r.nextInt(s.length() + 1), String.valueOf((char) r.nextInt(0x20)));
            case 7 -> insert(s, r.nextInt(s.length() + 1), String.valueOf((char) (0x80 + r.nextInt(0xFF80))));
            case 8 -> s.length() > 1_000 ? s + s : s.repeat(2 + r.nextInt(r.nextBoolean() ? 10 : 2000)); // stays under ~2 MB
            default -> s.replace(s.charAt(r.nextInt(s.length())), (char) (' ' + r.nextInt(95)));
        };
    }

    static String insert(String s, int at, String what) {
        return s.substring(0, at) + what + s.substring(at);
    }
}
