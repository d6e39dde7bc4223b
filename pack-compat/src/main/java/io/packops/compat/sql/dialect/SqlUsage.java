package io.packops.compat.sql.dialect;

import io.packops.compat.dialect.SyntaxFeature;

import java.util.List;

/**
 * What one parsed query uses that warehouses disagree on: function calls (with their arity and where a
 * date-part argument sits), cast types and syntax features, each with its line in the author's SQL. Found
 * once per parsed query ({@link UsageScanner}), judged per warehouse ({@link DialectRules}).
 */
public record SqlUsage(List<Call> calls, List<TypeUse> types, List<FeatureUse> features) {

    public static final SqlUsage NONE = new SqlUsage(List.of(), List.of(), List.of());

    public SqlUsage {
        calls = List.copyOf(calls);
        types = List.copyOf(types);
        features = List.copyOf(features);
    }

    /**
     * A function call. {@code partFirst}/{@code partLast}: the first/last argument is a date-part word or string
     * ({@code 'month'}, {@code month}); {@code quotedPart}: that part is a string literal.
     */
    public record Call(String name, int line, int args, boolean partFirst, boolean partLast, boolean quotedPart) {
    }

    /** A cast target type, by its base name in lower case ({@code varchar}, {@code double precision}). */
    public record TypeUse(String name, int line) {
    }

    public record FeatureUse(SyntaxFeature feature, int line) {
    }
}
