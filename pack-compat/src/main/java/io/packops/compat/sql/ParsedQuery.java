package io.packops.compat.sql;

import net.sf.jsqlparser.statement.select.Select;

import java.util.List;

/**
 * One tile's or KPI's SQL, compiled once and independent of any schema: the expanded template and
 * either the parsed SELECT or the template/parse findings that stopped it. The parsed tree is only
 * read afterwards, so one ParsedQuery can be resolved against many schemas, from many threads.
 */
public record ParsedQuery(String sql, TemplateExpander.Expanded expanded, Select select, List<Finding> findings) {

    public ParsedQuery {
        findings = List.copyOf(findings);
    }

    public boolean parsed() {
        return select != null;
    }
}
