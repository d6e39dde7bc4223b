package io.packops.compat.sql;

import io.packops.compat.dialect.Dialect;
import io.packops.compat.problem.ProblemCode;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;

/**
 * Expands a query's templates and parses it with JSqlParser, once, whatever schema it meets later.
 *
 * <p>JSqlParser's lookahead is exponential on some inputs, and it cannot be interrupted, so parsing is bounded:
 * <ul>
 *   <li>before it starts, by the query's shape ({@link SqlNesting}): at most {@value #MAX_NESTING} levels of
 *   parentheses, at most {@value #MAX_SUBQUERY_NESTING} subqueries nested as expressions; the full grammar (tried
 *   when the simple one fails) only up to {@value #MAX_COMPLEX_NESTING} levels and for at most
 *   {@value #MAX_COMPLEX_PARSES} queries of one pack. Real pack queries nest 5 parentheses and 2 subqueries at most;</li>
 *   <li>while it runs, by time, for the shapes no rule foresees (17 repetitions of {@code - interval} take seconds,
 *   80 would take years): a query gets {@value #QUERY_PARSE_MILLIS} ms and a pack {@value #PACK_PARSE_MILLIS} ms in
 *   all ({@link Budget}). Each parse runs on a daemon thread of its own; one past its time is stopped
 *   ({@link Thread#stop()}, safe here: the parser's state is its own and is dropped; on a JVM without
 *   {@code Thread.stop}, Java 20 and later, it is left to finish). Real queries parse in 0.3-2 ms.</li>
 * </ul>
 * A bound that stops a query is its {@code SQL_PARSE_ERROR}, saying which bound and how to simplify.
 */
public final class SqlCompiler {

    /** JSqlParser's simple grammar gives up past 16 levels; only the full one, exponential there, would go on. */
    public static final int MAX_NESTING = 16;
    public static final int MAX_SUBQUERY_NESTING = 4;
    public static final int MAX_COMPLEX_NESTING = 4;
    public static final int MAX_COMPLEX_PARSES = 16;
    public static final long QUERY_PARSE_MILLIS = 3_000;
    public static final long PACK_PARSE_MILLIS = 10_000;

    private static final ExecutorService PARSERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "packops-sql-parse");
        t.setDaemon(true);
        return t;
    });

    static {
        // Load and initialise the parser's classes on this thread: a parse stopped in a class initialiser would
        // leave that class unusable for the life of the JVM.
        try {
            parser("select a, count(*) from t where b in (select 1) group by 1", false).Statements();
            parser("select iff(a > 1, 1, 0) from t", true).Statements();
        } catch (ParseException e) {
            throw new IllegalStateException("JSqlParser cannot parse a trivial query", e);
        }
    }

    /**
     * What the queries of one pack may still spend: parse time, and fallbacks to JSqlParser's (slower) full
     * grammar. Not thread-safe: one pack is compiled on one thread.
     */
    public static final class Budget {
        private int complexParses = MAX_COMPLEX_PARSES;
        private long parseNanosLeft = TimeUnit.MILLISECONDS.toNanos(PACK_PARSE_MILLIS);

        private boolean takeComplexParse() {
            return complexParses-- > 0;
        }
    }

    /** A parse stopped by a time bound; {@code detail} says which. */
    private static final class OutOfTime extends Exception {
        OutOfTime(String detail) {
            super(detail, null, false, false);
        }
    }

    private SqlCompiler() {
    }

    /** One query on its own (its own {@link Budget}). */
    public static ParsedQuery compile(String sql) {
        return compile(sql, new Budget());
    }

    /** One query of a pack whose queries share {@code budget}, its dbt macros expanded for PostgreSQL. */
    public static ParsedQuery compile(String sql, Budget budget) {
        return compile(sql, budget, Dialect.POSTGRES);
    }

    /** One query of a pack whose queries share {@code budget}, its dbt macros expanded for {@code dialect}. */
    public static ParsedQuery compile(String sql, Budget budget, Dialect dialect) {
        return compile(sql, TemplateExpander.expand(sql, dialect), budget);
    }

    /** One query whose templates are already expanded. */
    public static ParsedQuery compile(String sql, TemplateExpander.Expanded expanded, Budget budget) {
        List<Finding> findings = new ArrayList<>();
        for (TemplateExpander.TemplateIssue issue : expanded.issues()) {
            findings.add(Finding.error(ProblemCode.UNSUPPORTED_TEMPLATE, null, null, issue.line(), issue.detail()));
        }
        if (!findings.isEmpty()) {
            return new ParsedQuery(sql, expanded, null, findings);
        }
        SqlNesting nesting = SqlNesting.of(expanded.sql());
        if (nesting.depth() > MAX_NESTING) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, nesting.depthLine(),
                    "the SQL nests parentheses " + nesting.depth() + " levels deep; at most " + MAX_NESTING
                            + " are supported (use CTEs to flatten it)"));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        if (nesting.subqueryDepth() > MAX_SUBQUERY_NESTING) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, nesting.subqueryLine(),
                    "the SQL nests subqueries " + nesting.subqueryDepth() + " levels deep; at most "
                            + MAX_SUBQUERY_NESTING + " are supported (use CTEs or joins to flatten it)"));
            return new ParsedQuery(sql, expanded, null, findings);
        }
        Statements statements;
        boolean complexAllowed = nesting.depth() <= MAX_COMPLEX_NESTING;
        try {
            statements = parse(expanded.sql(), complexAllowed, budget);
        } catch (OutOfTime e) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1, e.getMessage()));
            return new ParsedQuery(sql, expanded, null, findings);
        } catch (ParseException e) {
            findings.add(parseError(e, !complexAllowed ? "the query nests more than " + MAX_COMPLEX_NESTING
                    + " levels of parentheses" : budget.complexParses < 0 ? "more than " + MAX_COMPLEX_PARSES
                    + " queries of this pack need it" : null));
            return new ParsedQuery(sql, expanded, null, findings);
        } catch (TokenMgrException e) {
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1,
                    "could not read the SQL: " + oneLine(String.valueOf(e.getMessage()))));
            return new ParsedQuery(sql, expanded, null, findings);
        } catch (RuntimeException | StackOverflowError e) {
            // The generated parser can fail in other ways on exotic input; it is still the author's SQL,
            // and the parser's own exception text (Java class names) would not help the author.
            findings.add(Finding.error(ProblemCode.SQL_PARSE_ERROR, null, null, 1,
                    "could not parse the SQL (" + (e instanceof StackOverflowError ? "nested too deeply" : "unsupported syntax")
                            + "); simplify the query"));
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

    /**
     * Simple grammar first (fast), then the complex one, as JSqlParser's own utility does — but only when
     * {@code complexAllowed} and the budget allow it: the simple grammar's error stands otherwise.
     */
    private static Statements parse(String sql, boolean complexAllowed, Budget budget) throws ParseException, OutOfTime {
        try {
            return parseWithin(sql, false, budget);
        } catch (ParseException | RuntimeException first) {
            if (!complexAllowed || !budget.takeComplexParse()) {
                throw first;
            }
            return parseWithin(sql, true, budget);
        }
    }

    /** One parse on a parser thread, stopped past the query's or the pack's time. */
    @SuppressWarnings({"deprecation", "removal"})
    private static Statements parseWithin(String sql, boolean complex, Budget budget) throws ParseException, OutOfTime {
        if (budget.parseNanosLeft <= 0) {
            throw new OutOfTime("not parsed: parsing this pack's queries took over " + PACK_PARSE_MILLIS / 1000
                    + " s in all; simplify its queries or split the pack");
        }
        long allowed = Math.min(TimeUnit.MILLISECONDS.toNanos(QUERY_PARSE_MILLIS), budget.parseNanosLeft);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Future<Statements> parse = PARSERS.submit(() -> {
            worker.set(Thread.currentThread());
            try {
                return parser(sql, complex).Statements();
            } finally {
                worker.set(null);
            }
        });
        long start = System.nanoTime();
        try {
            return parse.get(allowed, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Thread running = worker.getAndSet(null);
            parse.cancel(true);
            if (running != null) {
                try {
                    running.stop();
                } catch (UnsupportedOperationException unsupported) {
                    // Java 20+: the parse runs to its end on its daemon thread
                }
            }
            throw new OutOfTime(allowed < TimeUnit.MILLISECONDS.toNanos(QUERY_PARSE_MILLIS)
                    ? "not parsed: parsing this pack's queries took over " + PACK_PARSE_MILLIS / 1000
                    + " s in all; simplify its queries or split the pack"
                    : "the SQL took over " + QUERY_PARSE_MILLIS / 1000 + " s to parse: a construct the SQL parser handles"
                    + " slowly (long runs of operators or keywords, deep nesting); simplify the query");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ParseException pe) {
                throw pe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            parse.cancel(true);
            throw new OutOfTime("not parsed: the check was interrupted");
        } finally {
            budget.parseNanosLeft -= System.nanoTime() - start;
        }
    }

    private static CCJSqlParser parser(String sql, boolean complex) {
        CCJSqlParser parser = new QuickErrorsParser(sql);
        parser.withAllowComplexParsing(complex);
        parser.withSquareBracketQuotation(false);
        return parser;
    }

    /** {@code fullGrammarSkipped}: why JSqlParser's full grammar was not tried after the simple one failed, or null. */
    /**
     * JavaCC's own {@code generateParseException} re-runs every lookahead of the failed parse to list the tokens it
     * expected — exponential on nested input (a syntax error deep in parentheses took minutes). Only the offending
     * token is reported, so the list is never built.
     */
    private static final class QuickErrorsParser extends CCJSqlParser {
        QuickErrorsParser(String sql) {
            super(new StringProvider(sql));
        }

        @Override
        public ParseException generateParseException() {
            ParseException e = new ParseException("syntax error");
            e.currentToken = token;
            return e;
        }
    }

    private static Finding parseError(ParseException e, String fullGrammarSkipped) {
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
        if (fullGrammarSkipped != null) {
            detail += "; the full SQL grammar was not tried because " + fullGrammarSkipped;
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
