package io.packops.compat.sql;

import io.packops.compat.dialect.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the Jinja a pack may use by SQL the parser accepts, keeping every line where it was so parser
 * positions are positions in the author's SQL: {@code {{ ref('m') }}} and {@code {{ source('s', 't') }}} become
 * placeholder identifiers, dbt's cross-database macros ({@code {{ dbt.date_trunc('month', 'created_at') }}},
 * see {@link DbtMacros}) the warehouse's SQL. Anything else in {@code {{ }}}, {@code {% %}} or
 * {@code {# #}} is reported as an unsupported template, with its line.
 */
public final class TemplateExpander {

    /** Prefix of placeholder identifiers; the number after it indexes {@link Expanded#refs()}. */
    public static final String PLACEHOLDER_PREFIX = "__packops_rel_";
    private static final Pattern PLACEHOLDER = Pattern.compile(PLACEHOLDER_PREFIX + "(\\d+)__", Pattern.CASE_INSENSITIVE);

    private static final String STR = "\\s*(?:'([^'\\\\]*)'|\"([^\"\\\\]*)\")\\s*";
    // ref('model'), ref('package', 'model'), ref('model', v=2) / version=2
    private static final Pattern REF = Pattern.compile(
            "\\s*ref\\s*\\(" + STR + "(?:," + STR + ")?(?:,\\s*(?:v|version)\\s*=\\s*['\"]?[0-9A-Za-z_.]+['\"]?\\s*)?\\)\\s*");
    private static final Pattern SOURCE = Pattern.compile("\\s*source\\s*\\(" + STR + "," + STR + "\\)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.$-]*");

    /** One template construct that is not ref/source, or a malformed one. */
    public record TemplateIssue(int line, String text, String detail) {
    }

    /** {@code macros}: a dbt macro was expanded, so the SQL depends on the warehouse it was expanded for. */
    public record Expanded(String sql, List<RelationRef> refs, List<TemplateIssue> issues, boolean macros) {
        public Expanded {
            refs = List.copyOf(refs);
            issues = List.copyOf(issues);
        }

        /** The ref a placeholder identifier stands for, or null when {@code identifier} is not one. */
        public RelationRef refFor(String identifier) {
            if (identifier == null) {
                return null;
            }
            Matcher m = PLACEHOLDER.matcher(Identifiers.unquote(identifier));
            if (!m.matches()) {
                return null;
            }
            int i = Integer.parseInt(m.group(1));
            return i < refs.size() ? refs.get(i) : null;
        }
    }

    private TemplateExpander() {
    }

    /** Expands for PostgreSQL (the dialect of a schema that names no warehouse). */
    public static Expanded expand(String sql) {
        return expand(sql, Dialect.POSTGRES);
    }

    public static Expanded expand(String sql, Dialect dialect) {
        boolean macros = false;
        StringBuilder out = new StringBuilder(sql.length());
        List<RelationRef> refs = new ArrayList<>();
        List<TemplateIssue> issues = new ArrayList<>();
        int i = 0;
        int line = 1;
        while (i < sql.length()) {
            int open = nextOpen(sql, i);
            if (open < 0) {
                out.append(sql, i, sql.length());
                break;
            }
            out.append(sql, i, open);
            line += count(sql, i, open);
            char kind = sql.charAt(open + 1);
            String close = kind == '{' ? "}}" : kind == '%' ? "%}" : "#}";
            int end = sql.indexOf(close, open + 2);
            if (end < 0) {
                issues.add(new TemplateIssue(line, firstLine(sql.substring(open)),
                        "unclosed template '" + sql.substring(open, open + 2) + "'"));
                out.append(sql, open, sql.length());
                break;
            }
            String whole = sql.substring(open, end + 2);
            String inner = sql.substring(open + 2, end);
            RelationRef ref = kind == '{' ? parseCall(inner, line) : null;
            String macro = null;
            if (ref == null && kind == '{' && DbtMacros.isMacroCall(inner)) {
                try {
                    macro = DbtMacros.expand(inner, dialect);
                } catch (DbtMacros.MacroException e) {
                    issues.add(new TemplateIssue(line, whole.strip(), e.getMessage()));
                    macro = "NULL";
                }
            }
            if (ref != null) {
                out.append(PLACEHOLDER_PREFIX).append(refs.size()).append("__");
                refs.add(ref);
            } else if (macro != null) {
                out.append(macro);
                macros = true;
            } else {
                issues.add(new TemplateIssue(line, whole.strip(), describe(kind, inner)));
                out.append("NULL");
            }
            int newlines = count(sql, open, end + 2);
            out.append("\n".repeat(newlines)); // keep later lines where they were
            line += newlines;
            i = end + 2;
        }
        return new Expanded(out.toString(), refs, issues, macros);
    }

    private static int nextOpen(String s, int from) {
        for (int i = from; i < s.length() - 1; i++) {
            if (s.charAt(i) == '{') {
                char c = s.charAt(i + 1);
                if (c == '{' || c == '%' || c == '#') {
                    return i;
                }
            }
        }
        return -1;
    }

    private static RelationRef parseCall(String inner, int line) {
        Matcher m = REF.matcher(inner);
        if (m.matches()) {
            String first = or(m.group(1), m.group(2));
            String second = or(m.group(3), m.group(4));
            String model = second != null ? second : first; // ref('package', 'model')
            return valid(model) ? new RelationRef(RelationRef.Kind.MODEL, null, model, line) : null;
        }
        m = SOURCE.matcher(inner);
        if (m.matches()) {
            String source = or(m.group(1), m.group(2));
            String table = or(m.group(3), m.group(4));
            return valid(source) && valid(table) ? new RelationRef(RelationRef.Kind.SOURCE, source, table, line) : null;
        }
        return null;
    }

    private static String describe(char kind, String inner) {
        String body = inner.strip();
        if (kind == '%') {
            String word = body.split("\\s+", 2)[0];
            return "Jinja statement '{% " + word + " %}' is not supported; pack SQL may only use {{ ref('model') }},"
                    + " {{ source('source', 'table') }} and dbt's cross-database macros";
        }
        if (kind == '#') {
            return "Jinja comment is not supported; use a SQL comment (-- or /* */)";
        }
        if (body.matches("(?s)\\s*(ref|source)\\s*\\(.*")) {
            return "malformed " + body.substring(0, body.indexOf('(')).strip()
                    + "(): expected ref('model') or source('source', 'table') with quoted names";
        }
        return "Jinja expression '{{ " + body + " }}' is not supported; pack SQL may only use {{ ref('model') }},"
                + " {{ source('source', 'table') }} and dbt's cross-database macros ({{ dbt.date_trunc('month', 'created_at') }}…)";
    }

    private static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static String or(String a, String b) {
        return a != null ? a : b;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
