package io.packops.testsupport.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token-level mutations of pack SQL (with its {@code {{ ref() }}} templates): tokens dropped, repeated, swapped
 * or replaced by SQL keywords, operators, templates and nestings, so the parser and the resolver see near-valid
 * queries of every shape.
 */
public final class SqlMutator {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{.*?}}|'(?:[^']|'')*'|\"[^\"]*\"|\\w+|\\S");
    private static final List<String> PIECES = List.of(
            "select", "from", "where", "group by", "order by", "having", "qualify", "union all", "join", "left join",
            "using (id)", "on", "as", "with", "recursive", "lateral", "*", ",", "(", ")", "((", "))", ".", "::", ":",
            "=", "<>", "||", "+", "/", "case when", "then", "else", "end", "cast(", "as date)", "over (partition by",
            "distinct", "limit 10", "null", "true", "1", "-1.5e10", "'x'", "''", "\"Quoted\"", "`bq`", "[br]",
            "{{ ref('stripe__balance_transactions') }}", "{{ ref('no_such_model') }}", "{{ source('stripe', 'charge') }}",
            "{{ ref( }}", "{{ config(x=1) }}", "{% if x %}", "{# c #}", "{{", "}}", "--", "/*", "*/", ";", "$$",
            "exists (select 1)", "in (select 1)", "(select 1)", "unnest(", "flatten(input => x)", "iff(a > 1, 1, 0)",
            "date_trunc('month', x)", "sum(", "count(*)", "interval '1 day'", "\\", "\u0000", "😀", "\u202E");

    private SqlMutator() {
    }

    /** {@code sql} mutated by one to four token edits. */
    public static String mutate(String sql, RandomGenerator r) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (tokens.isEmpty()) {
            tokens.add("select");
        }
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = r.nextInt(tokens.size());
            switch (r.nextInt(8)) {
                case 0 -> tokens.remove(at);
                case 1 -> tokens.add(at, piece(r));
                case 2 -> tokens.set(at, piece(r));
                case 3 -> tokens.add(at, tokens.get(r.nextInt(tokens.size())));
                case 4 -> { // a span repeated: long and wide queries
                    int to = Math.min(tokens.size(), at + 1 + r.nextInt(8));
                    List<String> span = new ArrayList<>(tokens.subList(at, to));
                    for (int c = r.nextInt(r.nextInt(10) == 0 ? 40 : 6); c > 0; c--) {
                        tokens.addAll(to, span);
                    }
                }
                case 5 -> { // a span nested in parentheses or a subquery, a few levels
                    int to = Math.min(tokens.size(), at + 1 + r.nextInt(6));
                    int depth = 1 + r.nextInt(r.nextBoolean() ? 4 : 20);
                    String open = r.nextBoolean() ? "(" : "(select ";
                    for (int d = 0; d < depth; d++) {
                        tokens.add(to, ")");
                        tokens.add(at, open);
                    }
                }
                case 6 -> tokens.set(at, FuzzValues.tweak(tokens.get(at), r));
                default -> {
                    int other = r.nextInt(tokens.size());
                    String t = tokens.get(at);
                    tokens.set(at, tokens.get(other));
                    tokens.set(other, t);
                }
            }
            if (tokens.isEmpty()) {
                tokens.add(piece(r));
            }
        }
        return String.join(r.nextInt(4) == 0 ? "\n" : " ", tokens);
    }

    private static String piece(RandomGenerator r) {
        return PIECES.get(r.nextInt(PIECES.size()));
    }
}
