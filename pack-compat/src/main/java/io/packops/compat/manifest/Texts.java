package io.packops.compat.manifest;

/** Quoting of user-supplied text inside error messages: short, single-line, control characters visible. */
final class Texts {

    private static final int MAX_QUOTED = 40;

    private Texts() {
    }

    /** {@code 'value'}, cut to a readable length, with line breaks and tabs escaped. */
    static String quote(String value) {
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "…" : value;
        StringBuilder out = new StringBuilder(shown.length() + 2).append('\'');
        shown.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('\'').toString();
    }

    /** A single character as an author would name it: {@code 'S'}, {@code a space}, {@code a tab}. */
    static String describe(int codePoint) {
        return switch (codePoint) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n', '\r' -> "a line break";
            default -> Character.isISOControl(codePoint)
                    ? String.format("U+%04X", codePoint)
                    : "'" + new String(Character.toChars(codePoint)) + "'";
        };
    }
}
