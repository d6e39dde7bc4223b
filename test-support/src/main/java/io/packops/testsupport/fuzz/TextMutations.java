package io.packops.testsupport.fuzz;

import java.util.List;
import java.util.random.RandomGenerator;

/** Mutations of a document's text, below the syntax: truncation, deleted or repeated ranges, stray characters. */
public final class TextMutations {

    private TextMutations() {
    }

    /** One to three random edits of {@code text}; {@code tokens} are syntax pieces worth inserting. */
    public static String mutate(String text, RandomGenerator r, List<String> tokens) {
        String s = text;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            s = edit(s, r, tokens);
        }
        return s;
    }

    private static String edit(String s, RandomGenerator r, List<String> tokens) {
        int at = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
        int to = at + (s.length() - at == 0 ? 0 : r.nextInt(Math.min(64, s.length() - at) + 1));
        return switch (r.nextInt(12)) {
            case 0 -> s.substring(0, at); // truncated
            case 1 -> s.substring(0, at) + s.substring(to); // a range deleted
            case 2 -> s.substring(0, to) + s.substring(at, to).repeat(1 + r.nextInt(20)) + s.substring(to); // repeated
            case 3 -> FuzzValues.insert(s, at, tokens.get(r.nextInt(tokens.size())));
            case 4 -> FuzzValues.insert(s, at, String.valueOf((char) r.nextInt(0x20)));
            case 5 -> FuzzValues.insert(s, at, FuzzValues.anyString(r));
            case 6 -> at < s.length() ? s.substring(0, at) + (char) (s.charAt(at) ^ (1 << r.nextInt(7))) + s.substring(at + 1) : s;
            case 7 -> "\uFEFF" + s;
            case 8 -> s + tokens.get(r.nextInt(tokens.size()));
            case 9 -> s.replace("\n", r.nextBoolean() ? "\r\n" : "\r");
            case 10 -> FuzzValues.insert(s, at, "\uD800"); // a lone surrogate: not encodable as UTF-8
            default -> s.substring(0, at) + s.substring(at, to).toUpperCase(java.util.Locale.ROOT) + s.substring(to);
        };
    }
}
