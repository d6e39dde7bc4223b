package io.packops.compat.sql.resolve;

import io.packops.compat.sql.Identifiers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One query level's FROM items, merged {@code using} columns and select-list aliases; {@code outer} for correlation. */
final class Scope {

    /**
     * Something in FROM, as the query can qualify it: an explicit alias, or for a table without
     * alias its own name. A value binding (BigQuery {@code unnest(x) as item}) is also a column.
     */
    record Binding(String alias, boolean explicitAlias, Shape shape, boolean value) {
        boolean answersTo(List<String> qualifier) {
            if (alias == null || qualifier.isEmpty()) {
                return false;
            }
            String last = qualifier.get(qualifier.size() - 1);
            if (explicitAlias && qualifier.size() > 1) {
                return false;
            }
            return explicitAlias ? Identifiers.sameName(last, alias) : Identifiers.matches(last, alias);
        }

        /** How the binding reads in messages. */
        String label() {
            return shape.displayName != null ? shape.displayName : String.valueOf(alias);
        }
    }

    final Scope outer;
    final List<Binding> bindings = new ArrayList<>();
    /** Columns merged by {@code join ... using} / natural joins: unqualified use is not ambiguous. */
    final Set<String> merged = new HashSet<>();
    /** Select-list aliases defined so far (for group by / order by and dialects that allow more). */
    final List<OutputColumn> aliases = new ArrayList<>();

    Scope(Scope outer) {
        this.outer = outer;
    }

    boolean anyOpen() {
        for (Binding b : bindings) {
            if (b.shape.open) {
                return true;
            }
        }
        return false;
    }

    Binding find(List<String> qualifier) {
        Binding found = null;
        for (Binding b : bindings) {
            if (b.answersTo(qualifier)) {
                if (found == null || b.explicitAlias && !found.explicitAlias) {
                    found = b;
                }
            }
        }
        return found;
    }

    /** The select-list alias of that name defined so far, or null. */
    OutputColumn alias(String name) {
        for (OutputColumn a : aliases) {
            if (a.isNamed(name)) {
                return a;
            }
        }
        return null;
    }

    /** The display name of the only FROM item, or null when there are several (or none). */
    String single() {
        return bindings.size() == 1 ? bindings.get(0).shape.displayName : null;
    }

    String names() {
        List<String> n = new ArrayList<>();
        for (Binding b : bindings) {
            n.add(b.label());
        }
        return String.join(", ", n);
    }
}
