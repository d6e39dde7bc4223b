package io.packops.compat.sql.resolve;

/** Where an expression is resolved: its scope, the CTEs it sees, and the clause it sits in. */
record Ctx(Scope scope, CteEnv env, Clause clause) {

    /**
     * Where an expression sits. GROUP_BY / ORDER_BY are bare names there; inside a larger expression
     * (order by a + 1) they are the _EXPR variants, where PostgreSQL no longer sees select-list aliases.
     */
    enum Clause { SELECT, WHERE, JOIN, GROUP_BY, GROUP_BY_EXPR, HAVING, QUALIFY, ORDER_BY, ORDER_BY_EXPR, OTHER }

    Ctx in(Clause c) {
        return new Ctx(scope, env, c);
    }
}
