package io.packops.compat.sql.dialect;

import io.packops.compat.dialect.Catalogue;
import io.packops.compat.dialect.Catalogue.Availability;
import io.packops.compat.dialect.Catalogue.PartOrder;
import io.packops.compat.dialect.Dialect;
import io.packops.compat.problem.ProblemCode;
import io.packops.compat.sql.Finding;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Judges a query's {@link SqlUsage} on one warehouse with the {@link Catalogue}: a function, cast type or
 * syntax feature the warehouse lacks is an error naming it, the warehouse, the line and the portable spelling;
 * one the catalogue does not know (or has not verified there) is a warning. One hash lookup per call.
 */
public final class DialectRules {

    private DialectRules() {
    }

    public static List<Finding> check(SqlUsage usage, Dialect dialect) {
        Catalogue catalogue = Catalogue.get();
        List<Finding> findings = new ArrayList<>();
        Set<String> warned = new HashSet<>();
        for (SqlUsage.Call call : usage.calls()) {
            Catalogue.Function fn = catalogue.function(call.name());
            if (fn == null) {
                if (warned.add("fn:" + call.name())) {
                    findings.add(Finding.warning(ProblemCode.UNKNOWN_FUNCTION, null, null, call.line(),
                            "function " + call.name() + "() is not in pack-compat's function catalogue, so whether "
                                    + dialect.title() + " has it was not checked; prefer a function the catalogue"
                                    + " lists, or check it on " + dialect.title()));
                }
                continue;
            }
            call(fn, call, dialect, findings, warned);
        }
        for (SqlUsage.TypeUse type : usage.types()) {
            Catalogue.Entry entry = catalogue.type(type.name());
            if (entry == null) {
                if (warned.add("type:" + type.name())) {
                    findings.add(Finding.warning(ProblemCode.UNVERIFIED_DIALECT, null, null, type.line(),
                            "cast type " + type.name() + " is not in pack-compat's catalogue, so whether "
                                    + dialect.title() + " has it was not checked; dbt's {{ dbt.type_string() }},"
                                    + " {{ dbt.type_int() }}… are portable"));
                }
                continue;
            }
            entry(entry, "cast type " + type.name(), type.line(), dialect, ProblemCode.UNSUPPORTED_TYPE, findings, warned);
        }
        for (SqlUsage.FeatureUse use : usage.features()) {
            entry(catalogue.syntax(use.feature()), use.feature().text(), use.line(), dialect,
                    ProblemCode.UNSUPPORTED_SYNTAX, findings, warned);
        }
        return findings;
    }

    private static void call(Catalogue.Function fn, SqlUsage.Call call, Dialect dialect, List<Finding> findings,
                             Set<String> warned) {
        String what = "function " + call.name() + "()";
        if (!entry(fn.entry(), what, call.line(), dialect, ProblemCode.UNSUPPORTED_FUNCTION, findings, warned)) {
            return;
        }
        if (!fn.arityFits(call.args())) {
            findings.add(Finding.error(ProblemCode.FUNCTION_SIGNATURE, null, null, call.line(),
                    what + " takes " + fn.arity() + " argument" + (fn.maxArgs() == 1 ? "" : "s") + ", found "
                            + call.args() + fix(fn.entry(), dialect)));
            return;
        }
        PartOrder order = fn.order(dialect);
        if (order == PartOrder.VALUE_PART && call.partFirst() && !call.partLast()) {
            findings.add(Finding.error(ProblemCode.FUNCTION_SIGNATURE, null, null, call.line(),
                    dialect.title() + " writes " + call.name() + "(<value>, <part>) with the date part last and unquoted"
                            + " (" + call.name() + "(created_at, month)), not first" + fix(fn.entry(), dialect)));
        } else if (order == PartOrder.PART_VALUE && call.partLast() && !call.partFirst()) {
            findings.add(Finding.error(ProblemCode.FUNCTION_SIGNATURE, null, null, call.line(),
                    dialect.title() + " writes " + call.name() + "('<part>', <value>) with the date part first"
                            + " (" + call.name() + "('month', created_at)), not last" + fix(fn.entry(), dialect)));
        } else if (order == PartOrder.VALUE_PART && call.partLast() && call.quotedPart()) {
            findings.add(Finding.error(ProblemCode.FUNCTION_SIGNATURE, null, null, call.line(),
                    dialect.title() + " takes " + call.name() + "'s date part as a bare word (month), not a string"
                            + " ('month')" + fix(fn.entry(), dialect)));
        }
    }

    /** Reports {@code what} when the warehouse lacks it (error) or it is unverified there (warning); true when it exists. */
    private static boolean entry(Catalogue.Entry entry, String what, int line, Dialect dialect, String code,
                                 List<Finding> findings, Set<String> warned) {
        Availability a = entry.on(dialect);
        if (a == Availability.NO) {
            findings.add(Finding.error(code, null, null, line, what + " does not exist on " + dialect.title()
                    + (entry.in().isEmpty() ? "" : " (it does on " + entry.where() + ")") + fix(entry, dialect)));
            return false;
        }
        if (a == Availability.UNVERIFIED && warned.add(code + ":" + entry.name())) {
            findings.add(Finding.warning(ProblemCode.UNVERIFIED_DIALECT, null, null, line, what
                    + " is not verified on " + dialect.title() + " by pack-compat's catalogue (it exists on "
                    + entry.where() + "); check it there" + fix(entry, dialect)));
        }
        return a != Availability.NO;
    }

    /** The fix sentence: the catalogue's portable spelling, else the warehouse's own equivalent or a dbt macro. */
    private static String fix(Catalogue.Entry entry, Dialect dialect) {
        return "; use " + (entry.fix() != null ? entry.fix()
                : dialect.title() + "'s own equivalent, or one of dbt's cross-database macros ({{ dbt.* }})");
    }
}
