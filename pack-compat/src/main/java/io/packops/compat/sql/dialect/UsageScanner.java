package io.packops.compat.sql.dialect;

import io.packops.compat.dialect.Catalogue;
import io.packops.compat.dialect.SyntaxFeature;
import io.packops.compat.sql.ParsedQuery;
import io.packops.compat.sql.TemplateExpander;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds a parsed query's {@link SqlUsage} by walking the parser's node tree, where every node keeps its
 * line: each value (function, cast, LIKE, select, join, column…) is looked at once. Independent of schema
 * and warehouse, so it runs once per parsed query.
 */
public final class UsageScanner {

    private final List<SqlUsage.Call> calls = new ArrayList<>();
    private final List<SqlUsage.TypeUse> types = new ArrayList<>();
    private final List<SqlUsage.FeatureUse> features = new ArrayList<>();

    private UsageScanner() {
    }

    public static SqlUsage scan(ParsedQuery query) {
        if (!query.parsed() || query.select().getASTNode() == null) {
            return SqlUsage.NONE;
        }
        Node root = query.select().getASTNode();
        while (root.jjtGetParent() != null) {
            root = root.jjtGetParent();
        }
        UsageScanner scanner = new UsageScanner();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            SimpleNode n = (SimpleNode) todo.pop();
            Object value = n.jjtGetValue();
            if (value != null && seen.add(value) && n.jjtGetFirstToken() != null) {
                scanner.look(value, n.jjtGetFirstToken().beginLine);
            }
            for (int i = n.jjtGetNumChildren() - 1; i >= 0; i--) {
                todo.push(n.jjtGetChild(i));
            }
        }
        return new SqlUsage(scanner.calls, scanner.types, scanner.features);
    }

    private void look(Object value, int line) {
        if (value instanceof Function f) {
            call(f, line);
        } else if (value instanceof CastExpression c) {
            cast(c, line);
        } else if (value instanceof AnalyticExpression a) {
            if (a.getType() == AnalyticType.FILTER_ONLY || a.getFilterExpression() != null) {
                feature(SyntaxFeature.AGGREGATE_FILTER, line);
            }
            if (a.getType() == AnalyticType.WITHIN_GROUP || a.getType() == AnalyticType.WITHIN_GROUP_OVER) {
                feature(SyntaxFeature.WITHIN_GROUP, line);
            }
        } else if (value instanceof LikeExpression like) {
            like(like, line);
        } else if (value instanceof RegExpMatchOperator) {
            feature(SyntaxFeature.REGEX_OPERATOR, line);
        } else if (value instanceof JsonExpression j) {
            for (String op : j.getOperators()) {
                feature(op.equals(":") ? SyntaxFeature.JSON_COLON_PATH : SyntaxFeature.JSON_ARROW, line);
            }
        } else if (value instanceof IntervalExpression i) {
            interval(i, line);
        } else if (value instanceof PlainSelect ps) {
            plain(ps, line);
        } else if (value instanceof SelectItem<?> item) {
            if (item.getAlias() != null) {
                identifier(item.getAlias().getName(), line);
            }
        } else if (value instanceof AllColumns star) {
            star(star, line);
        } else if (value instanceof Join j) {
            if (j.isNatural()) {
                feature(SyntaxFeature.NATURAL_JOIN, line);
            }
        } else if (value instanceof LateralSubSelect) {
            feature(SyntaxFeature.LATERAL_SUBQUERY, line);
        } else if (value instanceof Column c) {
            identifier(c.getColumnName(), line);
        } else if (value instanceof Table t) {
            for (String part : t.getNameParts()) {
                identifier(part, line);
            }
            if (t.getAlias() != null) {
                identifier(t.getAlias().getName(), line);
            }
        }
    }

    private void call(Function f, int line) {
        if (f.getName() == null) {
            return;
        }
        String name = f.getName().toLowerCase(Locale.ROOT).replace("\"", "").replace("`", "");
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1); // safe.date_diff, pg_catalog.date_trunc
        }
        if (name.startsWith(TemplateExpander.PLACEHOLDER_PREFIX)) {
            return;
        }
        List<Expression> args = f.getParameters() == null ? List.of() : new ArrayList<>(f.getParameters());
        int n = args.size();
        boolean first = n > 1 && isPart(args.get(0));
        boolean last = n > 1 && isPart(args.get(n - 1));
        boolean quoted = first ? args.get(0) instanceof StringValue : last && args.get(n - 1) instanceof StringValue;
        calls.add(new SqlUsage.Call(name, line, n, first, last, quoted));
    }

    private static boolean isPart(Expression arg) {
        String word = null;
        if (arg instanceof StringValue s) {
            word = s.getValue();
        } else if (arg instanceof Column c && (c.getTable() == null || c.getTable().getName() == null)
                && !c.getColumnName().startsWith("\"")) {
            word = c.getColumnName();
        }
        return word != null && Catalogue.get().isDatePart(word.toLowerCase(Locale.ROOT));
    }

    private void cast(CastExpression c, int line) {
        if (c.keyword == null) {
            feature(SyntaxFeature.DOUBLE_COLON_CAST, line);
        } else if (!c.keyword.equalsIgnoreCase("cast")) {
            calls.add(new SqlUsage.Call(c.keyword.toLowerCase(Locale.ROOT), line, 1, false, false, false));
        }
        if (c.getColDataType() != null && c.getColDataType().getDataType() != null) {
            String type = c.getColDataType().getDataType().toLowerCase(Locale.ROOT);
            int cut = type.length();
            for (char stop : new char[] {'(', '<', '['}) {
                int at = type.indexOf(stop);
                if (at >= 0) {
                    cut = Math.min(cut, at);
                }
            }
            types.add(new SqlUsage.TypeUse(type.substring(0, cut).strip().replaceAll("\\s+", " "), line));
        }
    }

    private void like(LikeExpression like, int line) {
        LikeExpression.KeyWord k = like.getLikeKeyWord();
        if (k == LikeExpression.KeyWord.ILIKE) {
            feature(SyntaxFeature.ILIKE, line);
        } else if (k == LikeExpression.KeyWord.RLIKE || k == LikeExpression.KeyWord.REGEXP) {
            feature(SyntaxFeature.RLIKE, line);
        } else if (k == LikeExpression.KeyWord.SIMILAR_TO) {
            feature(SyntaxFeature.SIMILAR_TO, line);
        }
    }

    private void interval(IntervalExpression i, int line) {
        String p = i.getParameter();
        if (p == null) {
            return;
        }
        boolean quoted = p.length() >= 2 && p.charAt(0) == '\'';
        if (quoted && i.getIntervalType() == null && p.strip().contains(" ")) {
            feature(SyntaxFeature.INTERVAL_STRING, line); // interval '1 day'
        } else if (!quoted && i.getIntervalType() != null) {
            feature(SyntaxFeature.INTERVAL_UNQUOTED, line); // interval 1 day
        }
    }

    private void plain(PlainSelect ps, int line) {
        if (ps.getQualify() != null) {
            feature(SyntaxFeature.QUALIFY, lineOf(ps.getQualify(), line));
        }
        if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) {
            feature(SyntaxFeature.DISTINCT_ON, line);
        }
        if (ps.getTop() != null) {
            feature(SyntaxFeature.TOP, line);
        }
        if (ps.getFetch() != null) {
            feature(SyntaxFeature.FETCH_FIRST, lineOf(ps.getFetch().getExpression(), line));
        }
        if (ps.getLimit() != null && ps.getLimit().getOffset() != null) {
            feature(SyntaxFeature.LIMIT_COMMA, lineOf(ps.getLimit().getOffset(), line));
        }
        if (ps.getLateralViews() != null && !ps.getLateralViews().isEmpty()) {
            feature(SyntaxFeature.LATERAL_VIEW, lineOf(ps.getLateralViews().get(0).getGeneratorFunction(), line));
        }
    }

    private void star(AllColumns star, int line) {
        if (star.getExceptColumns() != null) {
            boolean exclude = "exclude".equalsIgnoreCase(star.getExceptKeyword());
            feature(exclude ? SyntaxFeature.STAR_EXCLUDE : SyntaxFeature.STAR_EXCEPT, line);
        }
        if (star.getReplaceExpressions() != null) {
            feature(SyntaxFeature.STAR_REPLACE, line);
        }
    }

    private void identifier(String raw, int line) {
        if (raw == null || raw.length() < 2) {
            return;
        }
        if (raw.charAt(0) == '`') {
            feature(SyntaxFeature.BACKTICK_IDENTIFIER, line);
        } else if (raw.charAt(0) == '"') {
            feature(SyntaxFeature.DOUBLE_QUOTED_IDENTIFIER, line);
        }
    }

    private void feature(SyntaxFeature f, int line) {
        features.add(new SqlUsage.FeatureUse(f, line));
    }

    private static int lineOf(Object node, int fallback) {
        if (node instanceof net.sf.jsqlparser.parser.ASTNodeAccess a && a.getASTNode() != null
                && a.getASTNode().jjtGetFirstToken() != null) {
            return a.getASTNode().jjtGetFirstToken().beginLine;
        }
        return fallback;
    }
}
