package io.packops.compat.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * How deeply a query nests, measured on its text before JSqlParser sees it. JSqlParser's lookahead is
 * exponential in some nestings: its full grammar in any parenthesised expression (ten levels of
 * {@code (((…)))} never finish), its simple grammar in subqueries used as expressions
 * ({@code (select (select …))}, {@code in (select … in (select …))}: about three times slower per level).
 * Parsing cannot be interrupted, so the compiler refuses such text up front instead.
 *
 * <p>String literals, quoted identifiers and comments are skipped. A subquery is a parenthesis whose first
 * token is {@code select} or {@code with}; one right after {@code from}, {@code join}, {@code lateral} or
 * {@code as} (a derived table or a CTE body) is cheap to parse and not counted as an expression subquery.
 */
record SqlNesting(int depth, int depthLine, int subqueryDepth, int subqueryLine) {

    static SqlNesting of(String sql) {
        int depth = 0;
        int maxDepth = 0;
        int depthLine = 1;
        int subqueries = 0;
        int maxSubqueries = 0;
        int subqueryLine = 1;
        Deque<Boolean> open = new ArrayDeque<>(); // per open parenthesis: is it an expression subquery
        String previousWord = "";
        int line = 1;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i + 1, c);
                line += newlines(sql, i, end);
                i = end;
                previousWord = "";
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += newlines(sql, i, end);
                i = end;
            } else if (c == '(') {
                boolean subquery = startsSubquery(sql, i + 1) && !isTableContext(previousWord);
                open.push(subquery);
                depth++;
                if (depth > maxDepth) {
                    maxDepth = depth;
                    depthLine = line;
                }
                if (subquery && ++subqueries > maxSubqueries) {
                    maxSubqueries = subqueries;
                    subqueryLine = line;
                }
                previousWord = "(";
                i++;
            } else if (c == ')') {
                if (!open.isEmpty() && open.pop()) {
                    subqueries--;
                }
                depth = Math.max(0, depth - 1);
                previousWord = ")";
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                previousWord = sql.substring(i, end).toLowerCase(Locale.ROOT);
                i = end;
            } else {
                if (!Character.isWhitespace(c)) {
                    previousWord = String.valueOf(c);
                }
                i++;
            }
        }
        return new SqlNesting(maxDepth, depthLine, maxSubqueries, subqueryLine);
    }

    private static boolean isTableContext(String word) {
        return word.equals("from") || word.equals("join") || word.equals("lateral") || word.equals("as");
    }

    /** Whether the text after an opening parenthesis starts with {@code select} or {@code with}. */
    private static boolean startsSubquery(String sql, int from) {
        int i = from;
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return word(sql, i, "select") || word(sql, i, "with");
    }

    private static boolean word(String sql, int at, String word) {
        int end = at + word.length();
        return end <= sql.length() && sql.regionMatches(true, at, word, 0, word.length())
                && (end == sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
    }

    /** The index after the quote closing the one opened before {@code from} (a doubled quote is an escaped one). */
    private static int closing(String sql, int from, char quote) {
        int i = from;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int newlines(String sql, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            if (sql.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }
}
