package io.packops.compat.check;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a KPI narrative: {@code {{ value }}}, optionally with a display filter
 * ({@code {{ delta_pct | round(1) }}}). Anything else in braces is reported, not rendered.
 */
public final class NarrativeTemplate {

    public record Placeholder(String name, int line) {
    }

    public record Invalid(String text, int line, String detail) {
    }

    public record Parsed(List<Placeholder> placeholders, List<Invalid> invalid) {
    }

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(\\|\\s*[A-Za-z_][A-Za-z0-9_]*(\\([^)]*\\))?\\s*)*");

    private NarrativeTemplate() {
    }

    public static Parsed parse(String narrative) {
        List<Placeholder> placeholders = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(narrative);
        while (m.find()) {
            int line = lineAt(narrative, m.start());
            Matcher n = NAME.matcher(m.group(1));
            if (n.matches()) {
                placeholders.add(new Placeholder(n.group(1), line));
            } else {
                invalid.add(new Invalid(m.group(), line, "narrative placeholder " + m.group().strip()
                        + " is not a column name; use {{ column }} for an output column of the KPI's SQL"));
            }
        }
        int stmt = narrative.indexOf("{%");
        if (stmt >= 0) {
            invalid.add(new Invalid("{%", lineAt(narrative, stmt),
                    "Jinja statements ({% ... %}) are not supported in narratives; use {{ column }} placeholders"));
        }
        String rest = EXPRESSION.matcher(narrative).replaceAll("");
        int open = rest.indexOf("{{");
        if (open >= 0) {
            invalid.add(new Invalid("{{", lineAt(narrative, narrative.indexOf("{{", 0)), "unclosed placeholder '{{'"));
        }
        return new Parsed(placeholders, invalid);
    }

    private static int lineAt(String s, int index) {
        int line = 1;
        for (int i = 0; i < index && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
