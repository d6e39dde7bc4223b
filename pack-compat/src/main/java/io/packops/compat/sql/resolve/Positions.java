package io.packops.compat.sql.resolve;

import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.parser.ASTNodeAccess;
import net.sf.jsqlparser.parser.SimpleNode;
import net.sf.jsqlparser.schema.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Where parsed nodes sit in the author's SQL, and the name parts JSqlParser keeps for them. */
final class Positions {
    private Positions() {
    }

    /** The 1-based line of a node's first token, or -1 when the parser kept no position for it. */
    static int astLine(ASTNodeAccess node) {
        if (node == null) {
            return -1;
        }
        SimpleNode n = node.getASTNode();
        if (n == null || n.jjtGetFirstToken() == null) {
            return -1;
        }
        return n.jjtGetFirstToken().beginLine;
    }

    static List<String> qualifierParts(Table t) {
        List<String> parts = new ArrayList<>(t.getNameParts());
        Collections.reverse(parts); // JSqlParser keeps them innermost first
        parts.removeIf(p -> p == null || p.isEmpty());
        if (parts.isEmpty() && t.getName() != null) {
            parts.add(t.getName());
        }
        return parts;
    }

    static List<String> aliasColumns(Alias alias) {
        List<String> cols = new ArrayList<>();
        if (alias != null && alias.getAliasColumns() != null) {
            for (Alias.AliasColumn c : alias.getAliasColumns()) {
                cols.add(c.name);
            }
        }
        return cols;
    }
}
