package io.packops.compat.sql;

import io.packops.compat.check.ProblemCode;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.List;

/** Expands a query's templates and parses it with JSqlParser, once, whatever schema it meets later. */
public final class SqlCompiler {

    private SqlCompiler() {
    }

    public static ParsedQuery compile(String sql) {
        TemplateExpander.Expanded expanded = TemplateExpander.expand(sql);
        List<Finding> findings = new ArrayList<>();
        for (TemplateExpander.TemplateIssue issue : expanded.issues()) {
            findings.add(Finding.error(ProblemCode.UNSUPPORTED_TEMPLATE, null, null, issue.line(), issue.detail()));
        }
        if (!findings.isEmpty()) {
            return new ParsedQuery(sql, expanded, null, findings);
        }
        Statements statements;
        try {
            statements = parse(expanded.sql());
        } catch (ParseException e) {
            findings.add(parseError(e));
            return new ParsedQuery(sql, expanded, null, findings);
        } catch (RuntimeException | StackOverflowError e) {
            // The generated parser can fail in other ways on exotic input; it is still the author's SQL.
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1,
                    "could not parse SQL: " + oneLine(String.valueOf(e.getMessage()))));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        List<Statement> list = statements == null ? List.of() : statements;
        if (list.isEmpty()) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1, "SQL is empty"));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        if (list.size() > 1) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1,
                    "expected one SELECT statement, found " + list.size() + " statements"));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        if (!(list.get(0) instanceof Select select)) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1,
                    "only SELECT queries are allowed in a pack, found " + kind(list.get(0))));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        return new ParsedQuery(sql, expanded, select, findings);
    }

    /** Simple grammar first (fast), then the complex one, as JSqlParser's own utility does. */
    private static Statements parse(String sql) throws ParseException {
        try {
            return parser(sql, false).Statements();
        } catch (ParseException | RuntimeException first) {
            return parser(sql, true).Statements();
        }
    }

    private static CCJSqlParser parser(String sql, boolean complex) {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql);
        parser.withAllowComplexParsing(complex);
        parser.withSquareBracketQuotation(false);
        return parser;
    }

    private static Finding parseError(ParseException e) {
        Token at = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next : e.currentToken;
        int line = at != null && at.beginLine > 0 ? at.beginLine : 1;
        String detail;
        if (at != null && at.image != null && !at.image.isEmpty()) {
            detail = "syntax error at or near '" + at.image + "' (line " + line + ", column " + at.beginColumn + ")";
        } else if (at != null && at.kind == 0) {
            detail = "syntax error: unexpected end of SQL";
        } else {
            detail = "syntax error: " + oneLine(String.valueOf(e.getMessage()));
        }
        return Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, line, detail);
    }

    private static String kind(Statement s) {
        String name = s.getClass().getSimpleName();
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }

    private static String oneLine(String s) {
        String first = s.strip().split("\\R", 2)[0];
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }
}
